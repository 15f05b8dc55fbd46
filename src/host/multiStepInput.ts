// Multi-step input: one question after another in VS Code's quick input, with the step counter in the title, a Back
// button that returns to the step before with its answer kept, and Escape that ends the whole flow. A flow is a list
// of steps over one object of answers; each step shows one QuickPick or InputBox through UserPrompts (so tests answer
// it with their double) and keeps its answer in that object, from which it is shown again after Back.
//
// Not an npm package: the one kept up that does this, @microsoft/vscode-azext-utils (AzureWizard), is the Azure
// extensions' toolkit: its wizard runs in their command context (telemetry, @vscode/extension-telemetry) and asks
// through its own user-input interface, which the tests' prompt double could not stand in for. What is needed here
// is small: the window implementation of two prompts and a loop over steps.
import * as vscode from 'vscode';

/**
 * What a step resolves to when the user pressed Back. From the global symbol registry: the tests' prompt double loads
 * this module apart from the extension's bundle, and must answer with the same symbol.
 */
export const BACK: unique symbol = Symbol.for('linodeImages.multiStepInput.back');
export type Back = typeof BACK;

/**
 * Where a step is in its flow, shown as "step/totalSteps" by the title (not for a flow of one step). Back is offered
 * from the second step on.
 */
export interface StepPlace {
  step: number;
  totalSteps: number;
}

/** A title-bar button of an input step besides Back: it does something and the step stays (Copy, say). */
export interface StepButton {
  /** A product icon (codicon) id, e.g. `copy`. */
  icon: string;
  tooltip: string;
  /** Resolves to what the step then says under its box (e.g. "Copied."), if anything. */
  run: () => Thenable<string | undefined>;
}

export interface InputStep extends StepPlace {
  title: string;
  prompt: string;
  /** Filled in: the answer given before Back, or a suggestion. */
  value?: string;
  valueSelection?: [number, number];
  placeholder?: string;
  password?: boolean;
  /** A message refuses the value as typed: it is shown, and Enter does not go on. */
  validate?: (value: string) => string | undefined;
  buttons?: readonly StepButton[];
}

export interface PickStep<T extends vscode.QuickPickItem> extends StepPlace {
  title: string;
  placeholder: string;
  /**
   * The items, or how to load them: the step is shown busy (and takes no input) until they are in. A loader that
   * resolves to undefined ends the flow (it has told the user why, e.g. there is nothing to choose).
   */
  items: readonly T[] | (() => Promise<readonly T[] | undefined>);
  /** The item to start on: the one chosen before Back. */
  preselect?: (item: T) => boolean;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

/**
 * A title-bar button of a multi-select step besides Back: it acts on the items checked when it is pressed, and ends
 * the flow (Copy as…, say: the choice as a script, with nothing sent).
 */
export interface PickManyButton<T extends vscode.QuickPickItem> {
  /** A product icon (codicon) id, e.g. `terminal`. */
  icon: string;
  tooltip: string;
  /** The step then resolves to undefined, as after Escape; a failure rejects it. */
  run: (checked: readonly T[]) => Thenable<void>;
}

/** A step that takes any number of its items (none too); they start picked as `picked` says. */
export interface PickManyStep<T extends vscode.QuickPickItem> extends StepPlace {
  title: string;
  placeholder: string;
  items: readonly T[];
  /** The items picked when the step shows: those picked before Back, or a suggestion. */
  picked: (item: T) => boolean;
  /**
   * The title and placeholder for the items checked, in place of `title` and `placeholder`: shown when the step
   * shows and again after every tick and untick (what the choice would do, say).
   */
  describeChecked?: (checked: readonly T[]) => { title: string; placeholder: string };
  buttons?: readonly PickManyButton<T>[];
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

/** What a step's `ask` tells the flow: go on, show the step again (after a message), go back, or stop (Escape). */
export type StepOutcome = 'next' | 'again' | Back | undefined;

export interface FlowStep<A> {
  /** Whether the step is asked, given the answers so far; always if left out. */
  when?: (answers: A) => boolean;
  /** Shows the step and keeps its answer in `answers`. */
  ask: (answers: A, place: StepPlace) => Promise<StepOutcome>;
}

/**
 * Runs the steps in order until the last one is answered; resolves to the answers, or undefined when the user pressed
 * Escape (or a step ended the flow). Back goes to the step asked before; the step counter counts only the steps
 * asked given the answers so far, so it changes when an answer adds or removes one.
 */
export async function runSteps<A>(steps: readonly FlowStep<A>[], answers: A): Promise<A | undefined> {
  const asked = (index: number): boolean => steps[index].when?.(answers) ?? true;
  const nextAsked = (from: number): number => {
    let index = from;
    while (index < steps.length && !asked(index)) index++;
    return index;
  };
  let index = nextAsked(0);
  while (index < steps.length) {
    const shown = steps.map((_step, i) => i).filter(asked);
    const place: StepPlace = { step: shown.indexOf(index) + 1, totalSteps: shown.length };
    const outcome = await steps[index].ask(answers, place);
    if (outcome === undefined) return undefined;
    if (outcome === 'again') continue;
    if (outcome === BACK) {
      index = shown.filter((i) => i < index).at(-1) ?? index;
      continue;
    }
    index = nextAsked(index + 1);
  }
  return answers;
}

/** For a step's `ask`: keeps an answer and goes on; Back and Escape are passed on as they are. */
export function keep<T>(answer: T | Back | undefined, store: (value: T) => void): StepOutcome {
  if (answer === undefined) return undefined;
  if (answer === BACK) return BACK;
  store(answer as T);
  return 'next';
}

/** The step counter in the title, left out for a flow of one step ("1/1" says nothing). */
function showPlace(input: vscode.QuickInput, place: StepPlace): void {
  if (place.totalSteps <= 1) return;
  input.step = place.step;
  input.totalSteps = place.totalSteps;
}

/** The InputBox of one step, in the window. */
export function showInputStep(spec: InputStep): Promise<string | Back | undefined> {
  const box = vscode.window.createInputBox();
  box.title = spec.title;
  showPlace(box, spec);
  box.prompt = spec.prompt;
  box.value = spec.value ?? '';
  if (spec.valueSelection) box.valueSelection = spec.valueSelection;
  box.placeholder = spec.placeholder;
  box.password = spec.password ?? false;
  box.ignoreFocusOut = true; // the user may look something up elsewhere (Cloud Manager, a file) and come back
  const own = new Map((spec.buttons ?? []).map((button): [vscode.QuickInputButton, StepButton] => [{ iconPath: new vscode.ThemeIcon(button.icon), tooltip: button.tooltip }, button]));
  box.buttons = [...(spec.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...own.keys()];
  const refusal = (value: string): string | undefined => spec.validate?.(value);
  box.validationMessage = box.value === '' ? undefined : refusal(box.value);

  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: string | Back | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(answer);
      box.hide();
      for (const listener of listeners) listener.dispose();
      box.dispose();
    };
    const listeners = [
      box.onDidChangeValue((value) => (box.validationMessage = refusal(value))),
      box.onDidAccept(() => {
        const message = refusal(box.value);
        box.validationMessage = message;
        if (message === undefined) finish(box.value);
      }),
      box.onDidTriggerButton((pressed) => {
        if (pressed === vscode.QuickInputButtons.Back) return finish(BACK);
        const button = own.get(pressed);
        if (!button) return;
        void Promise.resolve(button.run()).then(
          (said) => {
            if (said !== undefined && !settled) box.validationMessage = { message: said, severity: vscode.InputBoxValidationSeverity.Info };
          },
          (error: unknown) => {
            if (!settled) box.validationMessage = error instanceof Error ? error.message : String(error);
          },
        );
      }),
      box.onDidHide(() => finish(undefined)),
    ];
    box.show();
  });
}

/** The QuickPick of one step, in the window: busy, taking no input, while its items load. */
export function showPickStep<T extends vscode.QuickPickItem>(spec: PickStep<T>): Promise<T | Back | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = spec.title;
  showPlace(pick, spec);
  pick.placeholder = spec.placeholder;
  pick.matchOnDescription = spec.matchOnDescription ?? false;
  pick.matchOnDetail = spec.matchOnDetail ?? false;
  pick.ignoreFocusOut = true;
  pick.buttons = spec.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  const fill = (items: readonly T[]): void => {
    pick.items = items;
    const first = spec.preselect ? items.find(spec.preselect) : undefined;
    if (first) pick.activeItems = [first];
    pick.busy = false;
    pick.enabled = true;
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (end: () => void): void => {
      if (settled) return;
      settled = true;
      end();
      pick.hide();
      for (const listener of listeners) listener.dispose();
      pick.dispose();
    };
    const listeners = [
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems;
        if (chosen && chosen.kind !== vscode.QuickPickItemKind.Separator) finish(() => resolve(chosen));
      }),
      pick.onDidTriggerButton((pressed) => {
        if (pressed === vscode.QuickInputButtons.Back) finish(() => resolve(BACK));
      }),
      pick.onDidHide(() => finish(() => resolve(undefined))),
    ];
    if (typeof spec.items === 'function') {
      pick.busy = true;
      pick.enabled = false;
      pick.show();
      spec.items().then(
        (items) => {
          if (items === undefined) finish(() => resolve(undefined));
          else if (!settled) fill(items);
        },
        (error: unknown) => finish(() => reject(error)),
      );
    } else {
      fill(spec.items);
      pick.show();
    }
  });
}

/**
 * The multi-select QuickPick of one step, in the window: Enter takes the checked items (none is an answer too). Its
 * title and placeholder follow the checked items when the step describes them; its own buttons end it.
 */
export function showPickManyStep<T extends vscode.QuickPickItem>(spec: PickManyStep<T>): Promise<readonly T[] | Back | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = spec.title;
  showPlace(pick, spec);
  pick.placeholder = spec.placeholder;
  pick.canSelectMany = true;
  pick.matchOnDescription = spec.matchOnDescription ?? false;
  pick.matchOnDetail = spec.matchOnDetail ?? false;
  pick.ignoreFocusOut = true;
  const own = new Map((spec.buttons ?? []).map((button): [vscode.QuickInputButton, PickManyButton<T>] => [{ iconPath: new vscode.ThemeIcon(button.icon), tooltip: button.tooltip }, button]));
  pick.buttons = [...(spec.step > 1 ? [vscode.QuickInputButtons.Back] : []), ...own.keys()];
  pick.items = spec.items;
  pick.selectedItems = spec.items.filter(spec.picked);
  const checked = (items: readonly T[]): T[] => items.filter((item) => item.kind !== vscode.QuickPickItemKind.Separator);
  const describe = (items: readonly T[]): void => {
    if (!spec.describeChecked) return;
    const { title, placeholder } = spec.describeChecked(checked(items));
    pick.title = title;
    pick.placeholder = placeholder;
  };
  describe(pick.selectedItems);

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (end: () => void): void => {
      if (settled) return;
      settled = true;
      end();
      pick.hide();
      for (const listener of listeners) listener.dispose();
      pick.dispose();
    };
    const listeners = [
      pick.onDidChangeSelection((items) => {
        if (!settled) describe(items);
      }),
      pick.onDidAccept(() => {
        if (pick.busy) return;
        const answer = checked(pick.selectedItems);
        finish(() => resolve(answer));
      }),
      pick.onDidTriggerButton((pressed) => {
        if (pressed === vscode.QuickInputButtons.Back) return finish(() => resolve(BACK));
        const button = own.get(pressed);
        if (!button || pick.busy) return;
        // Busy while it runs (a copy is quick), then the step ends as Escape would.
        pick.busy = true;
        pick.enabled = false;
        Promise.resolve(button.run(checked(pick.selectedItems))).then(
          () => finish(() => resolve(undefined)),
          (error: unknown) => finish(() => reject(error)),
        );
      }),
      pick.onDidHide(() => finish(() => resolve(undefined))),
    ];
    pick.show();
  });
}
