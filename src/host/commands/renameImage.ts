// Renames a private image (F2 in the Images view). Only `label` is sent.
import { IMAGE_LIMITS, normalizeLabel, validateLabel } from '../../core/model/validation';
import { targetImages } from '../images/imageTargets';
import { saveImageUpdate, showDone } from '../images/imageUpdates';
import type { CommandDefinition } from './command';

export const renameImageCommand: CommandDefinition = {
  id: 'renameImage',
  title: 'Rename Image',
  async run(services, ...args) {
    const [image] = (await targetImages(services, args, { action: 'edit', many: false, title: 'Rename Image' })).images;
    if (!image) return;
    const typed = await services.prompts.current.inputBox({
      title: `Rename Image "${image.label}"`,
      prompt: `New label: ${IMAGE_LIMITS.labelMin}–${IMAGE_LIMITS.labelMax} characters; letters, digits, spaces and , . ? - _ '`,
      value: image.label,
      valueSelection: [0, image.label.length],
      validateInput: validateLabel,
    });
    if (typed === undefined) return;
    const label = normalizeLabel(typed);
    if (label === image.label) return;
    const updated = await saveImageUpdate(services, image, { label }, 'Renaming…');
    showDone(`Renamed "${image.label}" to "${updated.label}".`);
  },
};
