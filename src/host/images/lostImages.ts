// What the user hears when an image leaves the store because Linode no longer has it. An upload or capture that
// Linode refused is a warning with Linode's own reason (without it the image would just vanish from the tree);
// an image deleted elsewhere is a line in the log.
import type { LostImage } from '../../core/store/imageSync';
import type { ExtensionServices } from '../commands/command';

export function reportLostImage({ image, refusal, deletion }: LostImage, services: Pick<ExtensionServices, 'logger' | 'prompts'>): void {
  const { logger, prompts } = services;
  const name = `"${image.label}" (${image.id})`;
  if (refusal) {
    const reason = refusal.message?.trim() || `the ${refusal.action} event failed without a message`;
    const what = refusal.action === 'disk_imagize' ? 'capture' : 'upload';
    logger.warn(`Linode refused the ${what} of image ${name}: ${reason}`);
    void prompts.current.warning(`Linode could not make the image ${name} from the ${what}: ${reason}`);
    return;
  }
  if (deletion) {
    logger.info(`Image ${name} was deleted at Linode${deletion.username ? ` by ${deletion.username}` : ''}; it has left the view.`);
    return;
  }
  if (image.status !== 'available') {
    logger.warn(`Image ${name} disappeared while Linode was making it (${image.status}); Linode's events give no reason.`);
    void prompts.current.warning(`The image ${name} disappeared while Linode was making it; Linode gave no reason. See its events in Cloud Manager.`);
    return;
  }
  logger.info(`Image ${name} is no longer at Linode; it has left the view.`);
}
