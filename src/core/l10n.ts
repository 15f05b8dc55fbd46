// Every user-facing string goes through `l10n.t`, in the core and in the VS Code layer alike. The core runs
// without VS Code (tests, benchmarks, the simulator's checks), so the translator is installed by the host at
// activation: VS Code's own `vscode.l10n.t`, which reads the extension's bundle (`l10n/bundle.l10n.<locale>.json`)
// for the display language. Until one is installed, messages are English with their `{0}` placeholders filled.
//
// `l10n.t` takes the English message as written (it is also the bundle's key) and positional arguments, as
// `vscode.l10n.t` does, so VS Code's extractor (@vscode/l10n-dev) finds every message: `npm run l10n:export`.

export type L10nArg = string | number | boolean;
export type Translator = (message: string, args: readonly L10nArg[]) => string;

/** Fills `{0}`, `{1}`… as VS Code does (an index with no argument stays as written). */
export function fillPlaceholders(message: string, args: readonly L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const arg = args[Number(index)];
    return arg === undefined ? whole : String(arg);
  });
}

let translator: Translator = fillPlaceholders;

export const l10n = {
  /** The message in the user's language, its `{0}`… placeholders filled with `args`. */
  t(message: string, ...args: L10nArg[]): string {
    return translator(message, args);
  },
};

/** Installs the translator (the host's, or a test's pseudo-locale); the returned function puts back the previous one. */
export function useTranslator(next: Translator): () => void {
  const previous = translator;
  translator = next;
  return () => {
    translator = previous;
  };
}
