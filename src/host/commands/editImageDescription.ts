// Edits a private image's description. Only `description` is sent; an empty answer removes it (null).
import { descriptionFromLine, descriptionToLine, IMAGE_LIMITS, validateDescription } from '../../core/model/validation';
import { targetImages } from '../images/imageTargets';
import { saveImageUpdate, showDone } from '../images/imageUpdates';
import type { CommandDefinition } from './command';

export const editImageDescriptionCommand: CommandDefinition = {
  id: 'editImageDescription',
  title: 'Edit Image Description',
  async run(services, ...args) {
    const [image] = (await targetImages(services, args, { action: 'edit', many: false, title: 'Edit Image Description' })).images;
    if (!image) return;
    const line = await services.prompts.current.inputBox({
      title: `Description of "${image.label}"`,
      prompt: `Up to ${IMAGE_LIMITS.descriptionMax.toLocaleString('en-US')} characters; write \\n for a line break. Leave empty to remove the description.`,
      value: descriptionToLine(image.description),
      validateInput: (value) => validateDescription(descriptionFromLine(value)),
    });
    if (line === undefined) return;
    const text = descriptionFromLine(line);
    const description = text.length > 0 ? text : null;
    if (description === image.description) return;
    await saveImageUpdate(services, image, { description }, 'Saving description…');
    showDone(description === null ? `Removed the description of "${image.label}".` : `Saved the description of "${image.label}".`);
  },
};
