// A strict stand-in for the user: it answers only the prompts a test scripted, in order, and fails fast on
// any other question. Notifications without a scripted answer are recorded and dismissed. A step of a multi-step
// input is answered by a list of actions (type and Enter, pick, tick and untick, press a button, Back, Escape), and
// shows the test what it shows the user (its place in the flow, its filled-in value or preselected item, and a
// multi-select step's title and placeholder after each tick).
import * as vscode from 'vscode';
import { BACK, type Back, type InputStep, type PickManyStep, type PickStep } from '../../src/host/multiStepInput';
import type { UserPrompts } from '../../src/host/prompts';

type NotificationKind = 'info' | 'warning' | 'error';

/** What the user does on a step, in order; the step is over at the first action that leaves it. */
export type StepAction =
  /** Types this (replacing what is filled in) and presses Enter; `refusedWith`: the step must refuse it and stays. */
  | { enter: string; refusedWith?: RegExp }
  /** Presses Enter on what the step shows: its filled-in value, its preselected (else first) item, or its checked items. */
  | 'accept'
  /** Accepts the item this returns; undefined: Escape. */
  | { pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined }
  /** On a multi-select step: checks exactly these items (none is an answer) and presses Enter; undefined: Escape. */
  | { pickMany: (items: readonly vscode.QuickPickItem[]) => readonly vscode.QuickPickItem[] | undefined }
  /**
   * On a multi-select step: ticks the unticked ones of these items and unticks the ticked ones; the step stays.
   * `inspect` sees the step as it shows then (its title and placeholder follow the checked items).
   */
  | { toggle: (items: readonly vscode.QuickPickItem[]) => readonly vscode.QuickPickItem[]; inspect?: (shown: ShownStep) => void }
  /** Presses a title-bar button other than Back, by its tooltip: an input step stays; a multi-select step ends. */
  | { press: string }
  | 'back'
  | 'escape';

/** A step of a multi-step input as the user sees it. */
export interface ShownStep {
  kind: 'input' | 'pick' | 'pickMany';
  title: string;
  step: number;
  totalSteps: number;
  /** Back is offered. */
  back: boolean;
  /** An input step's prompt, a pick step's placeholder. */
  prompt: string;
  /** What an input step's box is filled in with. */
  value: string;
  password: boolean;
  /** A pick step's items (once loaded) and the one it starts on. */
  items: readonly vscode.QuickPickItem[];
  active: vscode.QuickPickItem | undefined;
  /** A multi-select step's items checked when it shows (after a toggle: checked then). */
  picked: readonly vscode.QuickPickItem[];
  /** The tooltips of the other title-bar buttons. */
  buttons: string[];
}

export type Expectation =
  | {
      kind: 'inputBox';
      /** Matched against title + prompt. */
      match?: RegExp;
      answer: string | undefined;
      /** The answer must be refused by validateInput with a message matching this; the user then gives up. */
      refusedWith?: RegExp;
      /** Receives the box's options (prefilled value, etc.). */
      inspect?: (options: vscode.InputBoxOptions) => void;
    }
  | { kind: 'quickPick'; match?: RegExp; pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined }
  | { kind: 'quickPickMany'; match?: RegExp; pick: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem[] | undefined }
  | { kind: 'confirm'; match?: RegExp; answer: string | undefined; inspect?: (message: string, detail: string, buttons: string[]) => void }
  /** The one-time modal (a membership token): matched against message + detail. */
  | { kind: 'showOnce'; match?: RegExp; answer: string | undefined; inspect?: (message: string, detail: string, buttons: string[]) => void }
  | { kind: NotificationKind; match?: RegExp; answer?: string }
  | { kind: 'openDialog'; match?: RegExp; answer: vscode.Uri[] | undefined; inspect?: (options: vscode.OpenDialogOptions) => void }
  | {
      kind: 'step';
      /** Matched against title + prompt (an input step's) or placeholder (a pick step's). */
      match?: RegExp;
      /** The step's place in its flow, [step, totalSteps]: checked. */
      at?: readonly [number, number];
      inspect?: (shown: ShownStep) => void;
      /** One action or several; when they run out with the step still open, the user presses Escape. */
      answer: StepAction | readonly StepAction[];
    };

export interface RecordedPrompt {
  kind: Expectation['kind'];
  text: string;
  /** A notification's action buttons. */
  actions?: string[];
}

class UnexpectedPromptError extends Error {
  override readonly name = 'UnexpectedPromptError';
}

export class PromptDouble implements UserPrompts {
  private readonly queue: Expectation[] = [];
  readonly shown: RecordedPrompt[] = [];
  readonly failures: Error[] = [];
  /** Links the extension asked to open in a browser; recorded, never opened. */
  readonly opened: string[] = [];

  expect(...expectations: Expectation[]): this {
    this.queue.push(...expectations);
    return this;
  }

  /** Throws if a scripted prompt never came or an unscripted one did. */
  assertDone(): void {
    if (this.failures.length > 0) throw this.failures[0];
    if (this.queue.length > 0) {
      throw new Error(`Expected prompts that never came: ${this.queue.map((e) => `${e.kind}${e.match ? ` ${e.match}` : ''}`).join(', ')}`);
    }
  }

  messages(kind?: NotificationKind): string[] {
    return this.shown.filter((p) => (kind ? p.kind === kind : ['info', 'warning', 'error'].includes(p.kind))).map((p) => p.text);
  }

  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const text = `${options.title ?? ''} | ${options.prompt ?? ''}`;
    const expectation = this.take('inputBox', text);
    this.checked(() => expectation.inspect?.(options));
    const answer = expectation.answer;
    if (answer === undefined) return undefined;
    const validation = await options.validateInput?.(answer);
    const refusal = typeof validation === 'string' ? validation : validation?.message;
    if (expectation.refusedWith) {
      if (!refusal || !expectation.refusedWith.test(refusal)) {
        throw this.fail(`Input "${answer}" for "${text}" should be refused with ${expectation.refusedWith}, got: ${refusal ?? 'accepted'}`);
      }
      this.shown.push({ kind: 'inputBox', text: `refused: ${refusal}` });
      return undefined; // the box cannot be accepted; the user presses Escape
    }
    if (refusal) throw this.fail(`Input "${answer}" for "${text}" was refused: ${refusal}`);
    return answer;
  }

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const expectation = this.take('quickPick', `${options.title ?? ''} | ${options.placeHolder ?? ''}`);
    return this.checked(() => expectation.pick(items)) as T | undefined;
  }

  async quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    const expectation = this.take('quickPickMany', `${options.title ?? ''} | ${options.placeHolder ?? ''}`);
    return this.checked(() => expectation.pick(items)) as T[] | undefined;
  }

  async confirm(message: string, detail: string, ...buttons: string[]): Promise<string | undefined> {
    const expectation = this.take('confirm', `${message}\n${detail}`);
    this.checked(() => expectation.inspect?.(message, detail, buttons));
    if (expectation.answer !== undefined && !buttons.includes(expectation.answer)) {
      throw this.fail(`Modal "${message}" has no button "${expectation.answer}" (has ${buttons.join(', ')})`);
    }
    return expectation.answer;
  }

  async showOnce(message: string, detail: string, ...buttons: string[]): Promise<string | undefined> {
    const expectation = this.take('showOnce', `${message}\n${detail}`);
    this.checked(() => expectation.inspect?.(message, detail, buttons));
    if (expectation.answer !== undefined && !buttons.includes(expectation.answer)) {
      throw this.fail(`Modal "${message}" has no button "${expectation.answer}" (has ${buttons.join(', ')})`);
    }
    return expectation.answer;
  }

  info(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('info', message, actions);
  }

  warning(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('warning', message, actions);
  }

  error(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('error', message, actions);
  }

  async openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined> {
    const expectation = this.take('openDialog', `${options.title ?? ''} | ${options.openLabel ?? ''}`);
    this.checked(() => expectation.inspect?.(options));
    return expectation.answer;
  }

  async openExternal(uri: vscode.Uri): Promise<boolean> {
    this.opened.push(uri.toString(true));
    return true;
  }

  /** What plays the browser for sign-in URLs (a test sets it); without one, the URL is only recorded. */
  browser: ((url: string) => Promise<void>) | undefined;

  async openExternalUrl(url: string): Promise<boolean> {
    this.opened.push(url);
    // Not awaited, as a real browser is not: the extension waits for the redirect, not for the page.
    if (this.browser) void this.browser(url).catch((error: unknown) => this.failures.push(error instanceof Error ? error : new Error(String(error))));
    return true;
  }

  async inputStep(spec: InputStep): Promise<string | Back | undefined> {
    const shown = this.showStep(spec, 'input', spec.prompt, { value: spec.value ?? '', password: spec.password ?? false, buttons: (spec.buttons ?? []).map((b) => b.tooltip) });
    for (const action of this.takeStep(shown)) {
      if (action === 'back' || action === 'escape') return this.leave(shown, action);
      if (typeof action === 'object' && 'press' in action) {
        const button = spec.buttons?.find((b) => b.tooltip === action.press);
        if (!button) throw this.fail(`Step "${shown.title}" has no button "${action.press}" (has ${shown.buttons.join(', ') || 'none'})`);
        const said = await button.run();
        this.shown.push({ kind: 'step', text: `pressed ${action.press}${said ? `: ${said}` : ''}` });
        continue;
      }
      if (typeof action === 'object' && ('pick' in action || 'pickMany' in action || 'toggle' in action)) throw this.fail(`Step "${shown.title}" is an input box: nothing to pick`);
      const typed = action === 'accept' ? shown.value : action.enter;
      const refusal = spec.validate?.(typed);
      if (typeof action === 'object' && action.refusedWith) {
        if (!refusal || !action.refusedWith.test(refusal)) {
          throw this.fail(`Input "${typed}" for "${shown.title}" should be refused with ${action.refusedWith}, got: ${refusal ?? 'accepted'}`);
        }
        this.shown.push({ kind: 'step', text: `refused: ${refusal}` });
        continue; // the step stays, showing why
      }
      if (refusal) throw this.fail(`Input "${typed}" for "${shown.title}" was refused: ${refusal}`);
      return typed;
    }
    return undefined; // left open: the user presses Escape
  }

  async pickStep<T extends vscode.QuickPickItem>(spec: PickStep<T>): Promise<T | Back | undefined> {
    // Loaded as the window would while the step shows busy; a loader that ends the flow shows no step to answer.
    const items = typeof spec.items === 'function' ? await spec.items() : spec.items;
    if (items === undefined) return undefined;
    const choosable = items.filter((item) => item.kind !== vscode.QuickPickItemKind.Separator);
    const active = (spec.preselect ? choosable.find(spec.preselect) : undefined) ?? choosable[0];
    const shown = this.showStep(spec, 'pick', spec.placeholder, { items, active });
    for (const action of this.takeStep(shown)) {
      if (action === 'back' || action === 'escape') return this.leave(shown, action);
      if (action === 'accept') return active as T;
      if ('pick' in action) {
        const chosen = this.checked(() => action.pick(items));
        if (chosen !== undefined && !choosable.includes(chosen as T)) throw this.fail(`Step "${shown.title}": the pick is not one of its items`);
        return chosen as T | undefined;
      }
      throw this.fail(`Step "${shown.title}" is a quick pick: ${'press' in action ? `no button "${action.press}"` : 'pickMany' in action || 'toggle' in action ? 'one item, not many' : 'nothing to type'}`);
    }
    return undefined;
  }

  async pickManyStep<T extends vscode.QuickPickItem>(spec: PickManyStep<T>): Promise<readonly T[] | Back | undefined> {
    const choosable = spec.items.filter((item) => item.kind !== vscode.QuickPickItemKind.Separator);
    let checked = choosable.filter(spec.picked);
    // What the window shows for the items checked: the step's own title and placeholder, or what it describes.
    const view = (items: readonly T[]): { title: string; placeholder: string } => spec.describeChecked?.(items) ?? { title: spec.title, placeholder: spec.placeholder };
    const first = view(checked);
    const buttons = (spec.buttons ?? []).map((b) => b.tooltip);
    let shown = this.showStep({ ...spec, title: first.title }, 'pickMany', first.placeholder, { items: spec.items, picked: checked, buttons });
    for (const action of this.takeStep(shown)) {
      if (action === 'back' || action === 'escape') return this.leave(shown, action);
      if (action === 'accept') return checked;
      if ('pickMany' in action) {
        const chosen = this.checked(() => action.pickMany(spec.items));
        if (chosen !== undefined && chosen.some((item) => !choosable.includes(item as T))) throw this.fail(`Step "${shown.title}": a pick is not one of its items`);
        return chosen as readonly T[] | undefined;
      }
      if ('toggle' in action) {
        const toggled = this.checked(() => action.toggle(spec.items));
        if (toggled.length === 0 || toggled.some((item) => !choosable.includes(item as T))) throw this.fail(`Step "${shown.title}": toggle one or more of its items`);
        // In the items' order, as the window keeps its selection.
        checked = choosable.filter((item) => checked.includes(item) !== toggled.includes(item));
        const now = view(checked);
        shown = { ...shown, title: now.title, prompt: now.placeholder, picked: checked };
        this.shown.push({ kind: 'step', text: `${shown.title} | ${shown.prompt}` });
        this.checked(() => action.inspect?.(shown));
        continue;
      }
      if ('press' in action) {
        const button = spec.buttons?.find((b) => b.tooltip === action.press);
        if (!button) throw this.fail(`Step "${shown.title}" has no button "${action.press}" (has ${buttons.join(', ') || 'none'})`);
        await button.run(checked);
        this.shown.push({ kind: 'step', text: `pressed ${action.press}` });
        return undefined; // the button ends the step
      }
      throw this.fail(`Step "${shown.title}" is a multi-select quick pick: ${'pick' in action ? 'use pickMany' : 'nothing to type'}`);
    }
    return undefined;
  }

  private showStep(spec: { title: string; step: number; totalSteps: number }, kind: ShownStep['kind'], prompt: string, rest: Partial<ShownStep>): ShownStep {
    return { kind, title: spec.title, step: spec.step, totalSteps: spec.totalSteps, back: spec.step > 1, prompt, value: '', password: false, items: [], active: undefined, picked: [], buttons: [], ...rest };
  }

  /** The scripted actions for a step that has just been shown. */
  private takeStep(shown: ShownStep): StepAction[] {
    const expectation = this.take('step', `${shown.title} | ${shown.prompt}`);
    if (expectation.at && (expectation.at[0] !== shown.step || expectation.at[1] !== shown.totalSteps)) {
      throw this.fail(`Step "${shown.title}" is ${shown.step}/${shown.totalSteps}, expected ${expectation.at.join('/')}`);
    }
    this.checked(() => expectation.inspect?.(shown));
    return Array.isArray(expectation.answer) ? [...(expectation.answer as readonly StepAction[])] : [expectation.answer as StepAction];
  }

  private leave(shown: ShownStep, action: 'back' | 'escape'): Back | undefined {
    if (action === 'escape') return undefined;
    if (!shown.back) throw this.fail(`Step "${shown.title}" is the first: it offers no Back`);
    return BACK;
  }

  private async notify(kind: NotificationKind, message: string, actions: string[]): Promise<string | undefined> {
    this.shown.push({ kind, text: message, actions });
    const next = this.queue[0];
    if (next?.kind === kind && (!next.match || next.match.test(message))) {
      this.queue.shift();
      const answer = (next as { answer?: string }).answer;
      if (answer !== undefined && !actions.includes(answer)) throw this.fail(`Notification "${message}" has no action "${answer}"`);
      return answer;
    }
    return undefined;
  }

  private take<K extends Expectation['kind']>(kind: K, text: string): Extract<Expectation, { kind: K }> {
    this.shown.push({ kind, text });
    const next = this.queue[0];
    if (!next || next.kind !== kind || (next.match && !next.match.test(text))) {
      const wanted = next ? `${next.kind}${next.match ? ` matching ${next.match}` : ''}` : 'nothing';
      throw this.fail(`Unexpected ${kind}: "${text}" (expected ${wanted})`);
    }
    this.queue.shift();
    return next as Extract<Expectation, { kind: K }>;
  }

  /**
   * Runs a test's own check or choice: a failed assertion is kept for assertDone too, since the extension may catch
   * it on its error path (and show it as a message) instead of letting the test fail.
   */
  private checked<R>(run: () => R): R {
    try {
      return run();
    } catch (error) {
      this.failures.push(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  private fail(message: string): Error {
    const error = new UnexpectedPromptError(message);
    this.failures.push(error);
    return error;
  }
}
