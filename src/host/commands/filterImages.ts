// Shows only the images whose label, id or a tag contains the text, and of the kinds `type:` terms name
// (no API call).
import { l10n } from '../../core/l10n';
import { applyFilter } from '../views/imageFilter';
import type { CommandDefinition } from './command';

export const filterImagesCommand: CommandDefinition = {
  id: 'filterImages',
  get title() {
    return l10n.t('Filter Images');
  },
  async run(services) {
    const query = await services.prompts.current.inputBox({
      title: l10n.t('Filter Images'),
      prompt: l10n.t(
        'Show images whose label, ID or a tag contains this text (any case). Add type:manual, type:automatic, type:private, type:shared (shared with you) or type:public to show only those kinds. Leave empty to show all.',
      ),
      placeHolder: l10n.t('e.g. web, private/15, production, type:automatic, golden type:manual'),
      value: services.tree.filter ?? '',
    });
    if (query === undefined) return;
    await applyFilter(services, query);
  },
};
