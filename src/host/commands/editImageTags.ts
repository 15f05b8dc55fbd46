// Edits a private image's tags as one comma-separated line. Only `tags` is sent; an empty answer removes all.
import { formatTags, IMAGE_LIMITS, parseTags } from '../../core/model/validation';
import { targetImages } from '../images/imageTargets';
import { saveImageUpdate, showDone } from '../images/imageUpdates';
import type { CommandDefinition } from './command';

export const REMOVE_TAGS_ACTION = 'Remove Tags';

export const editImageTagsCommand: CommandDefinition = {
  id: 'editImageTags',
  title: 'Edit Image Tags',
  async run(services, ...args) {
    const [image] = (await targetImages(services, args, { action: 'edit', many: false, title: 'Edit Image Tags' })).images;
    if (!image) return;
    const { tagMin, tagMax, tagsMax } = IMAGE_LIMITS;
    const line = await services.prompts.current.inputBox({
      title: `Tags of "${image.label}"`,
      prompt: `Comma-separated; each tag ${tagMin}–${tagMax} characters, at most ${tagsMax} tags. Leave empty to remove all tags.`,
      value: formatTags(image.tags),
      placeHolder: 'e.g. web, production',
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
      const count = image.tags.length === 1 ? 'its tag' : `all ${image.tags.length} tags`;
      const answer = await services.prompts.current.confirm(
        `Remove ${count} from "${image.label}"?`,
        `${formatTags(image.tags)} will be removed from ${image.id}.`,
        REMOVE_TAGS_ACTION,
      );
      if (answer !== REMOVE_TAGS_ACTION) return;
    }
    const updated = await saveImageUpdate(services, image, { tags: parsed.tags }, 'Saving tags…');
    showDone(updated.tags.length > 0 ? `Tags of "${image.label}": ${formatTags(updated.tags)}.` : `Removed every tag of "${image.label}".`);
  },
};
