// Renames a private image (F2 in the Images view). Only `label` is sent.
import { l10n } from '../../core/l10n';
import { IMAGE_LIMITS, normalizeLabel, validateLabel } from '../../core/model/validation';
import { saveImageUpdate, showDone } from '../images/imageUpdates';
import type { OneImageCommand } from './command';

export const renameImageCommand: OneImageCommand = {
  id: 'renameImage',
  get title() {
    return l10n.t('Rename Image');
  },
  targets: { action: 'edit', many: false },
  async run(services, image) {
    const typed = await services.prompts.current.inputBox({
      title: l10n.t('Rename Image "{0}"', image.label),
      prompt: l10n.t('New label: {0}–{1} characters; letters, digits, spaces and {2}', IMAGE_LIMITS.labelMin, IMAGE_LIMITS.labelMax, ", . ? - _ '"),
      value: image.label,
      valueSelection: [0, image.label.length],
      validateInput: validateLabel,
    });
    if (typed === undefined) return;
    const label = normalizeLabel(typed);
    if (label === image.label) return;
    const updated = await saveImageUpdate(services, image, { label }, l10n.t('Renaming…'));
    showDone(l10n.t('Renamed "{0}" to "{1}".', image.label, updated.label));
  },
};
