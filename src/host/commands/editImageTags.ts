// Edits a private image's tags as one comma-separated line. Only `tags` is sent; an empty answer removes all.
import { l10n } from '../../core/l10n';
import { formatTags, IMAGE_LIMITS, parseTags } from '../../core/model/validation';
import { saveImageUpdate, showDone } from '../images/imageUpdates';
import type { OneImageCommand } from './command';

export const editImageTagsCommand: OneImageCommand = {
  id: 'editImageTags',
  get title() {
    return l10n.t('Edit Image Tags');
  },
  targets: { action: 'edit', many: false },
  async run(services, image) {
    const { tagMin, tagMax, tagsMax } = IMAGE_LIMITS;
    const line = await services.prompts.current.inputBox({
      title: l10n.t('Tags of "{0}"', image.label),
      prompt: l10n.t('Comma-separated; each tag {0}–{1} characters, at most {2} tags. Leave empty to remove all tags.', tagMin, tagMax, tagsMax),
      value: formatTags(image.tags),
      placeHolder: l10n.t('e.g. web, production'),
      validateInput: (value) => {
        const parsed = parseTags(value);
        return parsed.ok ? undefined : parsed.message;
      },
    });
    if (line === undefined) return;
    const parsed = parseTags(line);
    if (!parsed.ok) return; // the box does not accept it; kept for the type checker
    if (parsed.tags.join('\u0000') === image.tags.join('\u0000')) return;
    if (parsed.tags.length === 0) {
      // Nothing typed (or only spaces and commas) removes every tag: say which before they go.
      const button = l10n.t('Remove Tags');
      const answer = await services.prompts.current.confirm(
        image.tags.length === 1
          ? l10n.t('Remove its tag from "{0}"?', image.label)
          : l10n.t('Remove all {0} tags from "{1}"?', image.tags.length, image.label),
        l10n.t('{0} will be removed from {1}.', formatTags(image.tags), image.id),
        button,
      );
      if (answer !== button) return;
    }
    const updated = await saveImageUpdate(services, image, { tags: parsed.tags }, l10n.t('Saving tags…'));
    showDone(
      updated.tags.length > 0
        ? l10n.t('Tags of "{0}": {1}.', image.label, formatTags(updated.tags))
        : l10n.t('Removed every tag of "{0}".', image.label),
    );
  },
};
