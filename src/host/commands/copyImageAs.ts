// "Copy As…": one of your images as a linode-cli command, a Terraform block or a curl request, for scripts and
// infrastructure code. Picked from a quick pick; never with the token (curl reads $LINODE_TOKEN).
import type * as vscode from 'vscode';
import type { CopyFormat } from '../../core/model/copyAs';
import { l10n } from '../../core/l10n';
import { COPY_FORMATS, copyButton, copySubject } from '../images/copyText';
import type { OneImageCommand } from './command';

interface FormatItem extends vscode.QuickPickItem {
  format: CopyFormat;
}

export const copyImageAsCommand: OneImageCommand = {
  id: 'copyImageAs',
  get title() {
    return l10n.t('Copy As…');
  },
  // Your own images, whatever their state (like Open in Cloud Manager): what the other tools can manage.
  targets: { action: 'openInCloudManager', many: false },
  async run(services, image) {
    const details: Record<CopyFormat, string> = {
      'linode-cli': l10n.t('The linode-cli command that sets its label, description and tags'),
      terraform: l10n.t('A linode_image resource with its import block'),
      curl: l10n.t('The API request that sets its label, description and tags (the token from $LINODE_TOKEN)'),
    };
    const items = COPY_FORMATS.map((format): FormatItem => ({ label: copyButton(format), detail: details[format], format }));
    const picked = await services.prompts.current.quickPick(items, { title: l10n.t('Copy "{0}" as…', image.label), placeHolder: l10n.t('Which tool to copy it for') });
    if (!picked) return undefined;
    return copySubject(services, picked.format, { kind: 'image', image }, l10n.t('"{0}"', image.label));
  },
};
