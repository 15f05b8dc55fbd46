// A strict stand-in for the user: it answers only the prompts a test scripted, in order, and fails fast on
// any other question. Notifications without a scripted answer are recorded and dismissed.
import type * as vscode from 'vscode';
import type { UserPrompts } from '../../src/host/prompts';

type NotificationKind = 'info' | 'warning' | 'error';

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
  | { kind: NotificationKind; match?: RegExp; answer?: string }
  | { kind: 'openDialog'; match?: RegExp; answer: vscode.Uri[] | undefined; inspect?: (options: vscode.OpenDialogOptions) => void };

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
    expectation.inspect?.(options);
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
    return expectation.pick(items) as T | undefined;
  }

  async quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    const expectation = this.take('quickPickMany', `${options.title ?? ''} | ${options.placeHolder ?? ''}`);
    return expectation.pick(items) as T[] | undefined;
  }

  async confirm(message: string, detail: string, ...buttons: string[]): Promise<string | undefined> {
    const expectation = this.take('confirm', `${message}\n${detail}`);
    expectation.inspect?.(message, detail, buttons);
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
    expectation.inspect?.(options);
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

  private fail(message: string): Error {
    const error = new UnexpectedPromptError(message);
    this.failures.push(error);
    return error;
  }
}
