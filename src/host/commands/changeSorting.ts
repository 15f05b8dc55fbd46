// Quick switch of the linodeImages.sortBy setting from the view's Group & Sort menu.
import { l10n } from '../../core/l10n';
import type { SortBy } from '../../core/model/grouping';
import { readSettings, updateSetting } from '../settings';
import type { CommandDefinition } from './command';

/** In the user's language, so made when asked for (the translator is installed at activation, after imports). */
function choices(): { value: SortBy; label: string; detail: string }[] {
  return [
    { value: 'label', label: l10n.t('Label'), detail: l10n.t('Alphabetically by label') },
    { value: 'created', label: l10n.t('Created'), detail: l10n.t('Newest first') },
    { value: 'size', label: l10n.t('Size'), detail: l10n.t('Largest first') },
  ];
}

export const changeSortingCommand: CommandDefinition = {
  id: 'changeSorting',
  get title() {
    return l10n.t('Sort Images By…');
  },
  async run({ prompts }) {
    const current = readSettings().sortBy;
    const items = choices().map((c) => ({ ...c, description: c.value === current ? l10n.t('(current)') : undefined }));
    const choice = await prompts.current.quickPick(items, { title: l10n.t('Sort Linode images by'), placeHolder: l10n.t('Order within each group') });
    if (!choice) return;
    await updateSetting('sortBy', choice.value);
  },
};
