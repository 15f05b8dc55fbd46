// "Copy as…": what the user is looking at, as a linode-cli command, a Terraform block or a curl request, put on the
// clipboard with a notification that says what was copied. The text is made by the core (copyAs.ts), which never
// writes the token; a text that would hold it anyway (a label that is the token, say) is not copied.
import * as vscode from 'vscode';
import { copyAs, type CopyFormat, type CopySubject } from '../../core/model/copyAs';
import { l10n } from '../../core/l10n';
import type { ExtensionServices } from '../services';
import { readSettings } from '../settings';

export const COPY_FORMATS: readonly CopyFormat[] = ['linode-cli', 'terraform', 'curl'];

/** "linode-cli", "Terraform", "curl": the tools by their own names. */
function formatName(format: CopyFormat): string {
  switch (format) {
    case 'linode-cli':
      return 'linode-cli';
    case 'terraform':
      return 'Terraform';
    case 'curl':
      return 'curl';
  }
}

/** The button or menu item that copies in `format`: "Copy as linode-cli". */
export function copyButton(format: CopyFormat): string {
  return l10n.t('Copy as {0}', formatName(format));
}

/** A title-bar button's product icon for copying in `format`: a shell command, a code file, a web request. */
export function copyIcon(format: CopyFormat): string {
  switch (format) {
    case 'linode-cli':
      return 'terminal';
    case 'terraform':
      return 'file-code';
    case 'curl':
      return 'globe';
  }
}

/** The format whose copy button is `answer`, if it is one. */
export function copyFormatOf(answer: string | undefined): CopyFormat | undefined {
  return COPY_FORMATS.find((format) => copyButton(format) === answer);
}

/** Copies `subject` in `format`; `what` names it in the notification ("the new regions of \"db-golden\""). */
export async function copySubject(
  services: Pick<ExtensionServices, 'session' | 'tokens' | 'prompts' | 'logger'>,
  format: CopyFormat,
  subject: CopySubject,
  what: string,
): Promise<string | undefined> {
  const client = services.session.client();
  const text = copyAs(format, subject, { apiUrl: client.apiUrl, apiVersion: readSettings().apiVersion });
  const token = services.tokens.current?.value;
  if (token && text.includes(token)) {
    void services.prompts.current.warning(l10n.t('Not copied: the text would contain your API token.'));
    return undefined;
  }
  await vscode.env.clipboard.writeText(text);
  services.logger.info(`Copied ${what} as ${format}.`);
  void services.prompts.current.info(l10n.t('Copied {0} as {1} to the clipboard.', what, formatName(format)));
  return text;
}
