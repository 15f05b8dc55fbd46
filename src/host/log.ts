// The extension's LogOutputChannel. Every line passes through `redact` so a token can never reach it.
import * as vscode from 'vscode';

export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
  /** The text with every known token (and anything shaped like a bearer credential) replaced. */
  redact(text: string): string;
}

export function createLogger(channel: vscode.LogOutputChannel, secrets: () => Array<string | undefined>): Logger {
  const clean = (message: string): string => redact(message, secrets());
  return {
    info: (m) => channel.info(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
    show: () => channel.show(true),
    redact: clean,
  };
}

/** Replaces each secret, and anything shaped like a bearer credential, with a placeholder. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('<token>');
  }
  return result.replace(/(Bearer\s+)[^\s"']+/gi, '$1<token>');
}
