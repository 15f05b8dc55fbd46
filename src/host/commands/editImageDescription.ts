// Edits a private image's description. Only `description` is sent; an empty answer removes it (null).
import { l10n } from '../../core/l10n';
import { descriptionFromLine, descriptionToLine, IMAGE_LIMITS, validateDescription } from '../../core/model/validation';
import { saveImageUpdate, showDone } from '../images/imageUpdates';
import type { OneImageCommand } from './command';

export const editImageDescriptionCommand: OneImageCommand = {
  id: 'editImageDescription',
  get title() {
    return l10n.t('Edit Image Description');
  },
  targets: { action: 'edit', many: false },
  async run(services, image) {
    const line = await services.prompts.current.inputBox({
      title: l10n.t('Description of "{0}"', image.label),
      prompt: l10n.t(
        'Up to {0} characters; write \\n for a line break. Leave empty to remove the description.',
        IMAGE_LIMITS.descriptionMax.toLocaleString('en-US'),
      ),
      value: descriptionToLine(image.description),
      validateInput: (value) => validateDescription(descriptionFromLine(value)),
    });
    if (line === undefined) return;
    const text = descriptionFromLine(line);
    const description = text.length > 0 ? text : null;
    if (description === image.description) return;
    await saveImageUpdate(services, image, { description }, l10n.t('Saving description…'));
    showDone(description === null ? l10n.t('Removed the description of "{0}".', image.label) : l10n.t('Saved the description of "{0}".', image.label));
  },
};
