// Every question the extension asks the user goes through here, so tests can answer with a strict double.
import * as vscode from 'vscode';
import { showInputStep, showPickManyStep, showPickStep, type Back, type InputStep, type PickManyStep, type PickStep } from './multiStepInput';

export interface UserPrompts {
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions & { canPickMany?: false }): Thenable<T | undefined>;
  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
  /**
   * Modal confirmation, for destructive choices only (a non-destructive choice is a notification with buttons);
   * resolves to the chosen button or undefined (Cancel / Escape).
   */
  confirm(message: string, detail: string, ...buttons: string[]): Thenable<string | undefined>;
  /**
   * A modal that shows something once and keeps it nowhere (a membership token): the only prompt that may hold a
   * secret. Resolves to the chosen button or undefined (closed).
   */
  showOnce(message: string, detail: string, ...buttons: string[]): Thenable<string | undefined>;
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warning(message: string, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
  /** Opens a link in the user's browser (after VS Code's own trusted-domain check). */
  openExternal(uri: vscode.Uri): Thenable<boolean>;
  /**
   * Opens an already encoded URL exactly as it is (a sign-in URL whose `redirect_uri` is itself an encoded URL,
   * which a vscode.Uri would encode a second time).
   */
  openExternalUrl(url: string): Thenable<boolean>;
  /** The file picker; resolves to the chosen files or undefined (Cancel). */
  openDialog(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
  /** One text step of a multi-step flow (multiStepInput.ts): the accepted value, BACK, or undefined (Escape). */
  inputStep(step: InputStep): Thenable<string | Back | undefined>;
  /** One choice step of a multi-step flow: the accepted item, BACK, or undefined (Escape, or its loader ended the flow). */
  pickStep<T extends vscode.QuickPickItem>(step: PickStep<T>): Thenable<T | Back | undefined>;
  /** A multi-select step of a multi-step flow: the checked items (maybe none), BACK, or undefined (Escape). */
  pickManyStep<T extends vscode.QuickPickItem>(step: PickManyStep<T>): Thenable<readonly T[] | Back | undefined>;
}

const windowPrompts: UserPrompts = {
  inputBox: (options) => vscode.window.showInputBox(options),
  quickPick: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: false }),
  quickPickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
  confirm: (message, detail, ...buttons) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons),
  showOnce: (message, detail, ...buttons) => vscode.window.showInformationMessage(message, { modal: true, detail }, ...buttons),
  info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  warning: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
  openExternal: (uri) => vscode.env.openExternal(uri),
  // VS Code takes a string here as it is; the declared type is only Uri.
  openExternalUrl: (url) => vscode.env.openExternal(url as unknown as vscode.Uri),
  openDialog: (options) => vscode.window.showOpenDialog(options),
  inputStep: (step) => showInputStep(step),
  pickStep: (step) => showPickStep(step),
  pickManyStep: (step) => showPickManyStep(step),
};

/** Lets tests swap the prompts for a double; production code always reads `prompts.current`. */
export class PromptsHolder {
  current: UserPrompts = windowPrompts;
}
