// What the user hears when an image leaves the store because Linode no longer has it. An upload or capture that
// Linode refused is a warning with Linode's own reason (without it the image would just vanish from the tree);
// an image deleted elsewhere is a line in the log.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import type { LostImage } from '../../core/store/imageSync';
import { notify, showLogAction } from '../notify';
import type { ExtensionServices } from '../services';

/** Cloud Manager's list of the account's events (it has no page per image). */
const CLOUD_MANAGER_EVENTS_URL = 'https://cloud.linode.com/events';

export function reportLostImage({ image, refusal, deletion }: LostImage, services: Pick<ExtensionServices, 'logger' | 'prompts'>): void {
  const { logger, prompts } = services;
  const name = `"${image.label}" (${image.id})`;
  if (refusal) {
    const given = refusal.message?.trim();
    const capture = refusal.action === 'disk_imagize';
    logger.warn(`Linode refused the ${capture ? 'capture' : 'upload'} of image ${name}: ${given || `the ${refusal.action} event failed without a message`}`);
    const reason = given || l10n.t('the {0} event failed without a message', refusal.action);
    void prompts.current.warning(
      capture
        ? l10n.t('Linode could not make the image {0} from the capture: {1}', name, reason)
        : l10n.t('Linode could not make the image {0} from the upload: {1}', name, reason),
    );
    return;
  }
  if (deletion) {
    logger.info(`Image ${name} was deleted at Linode${deletion.username ? ` by ${deletion.username}` : ''}; it has left the view.`);
    return;
  }
  if (image.status !== 'available') {
    logger.warn(`Image ${name} disappeared while Linode was making it (${image.status}); Linode's events give no reason.`);
    const openEvents = { label: l10n.t('Open Cloud Manager'), run: () => prompts.current.openExternal(vscode.Uri.parse(CLOUD_MANAGER_EVENTS_URL)) };
    notify(
      prompts.current,
      'warning',
      l10n.t('The image {0} disappeared while Linode was making it; Linode gave no reason. See its events in Cloud Manager.', name),
      [openEvents, showLogAction(logger)],
      logger,
    );
    return;
  }
  logger.info(`Image ${name} is no longer at Linode; it has left the view.`);
}
