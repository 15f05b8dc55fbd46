// Quick switch of the linodeImages.groupBy setting from the view's title bar.
import { l10n } from '../../core/l10n';
import type { GroupBy } from '../../core/model/grouping';
import { readSettings, updateSetting } from '../settings';
import type { CommandDefinition } from './command';

/** In the user's language, so made when asked for (the translator is installed at activation, after imports). */
function choices(): { value: GroupBy; label: string; detail: string }[] {
  return [
    { value: 'region', label: l10n.t('Region'), detail: l10n.t('Private images under each region that holds a copy; public images by vendor') },
    { value: 'type', label: l10n.t('Type'), detail: l10n.t('Private and public images apart') },
    { value: 'none', label: l10n.t('None'), detail: l10n.t('One flat list') },
  ];
}

export const changeGroupingCommand: CommandDefinition = {
  id: 'changeGrouping',
  get title() {
    return l10n.t('Group Images By…');
  },
  async run({ prompts }) {
    const current = readSettings().groupBy;
    const items = choices().map((c) => ({ ...c, description: c.value === current ? l10n.t('(current)') : undefined }));
    const choice = await prompts.current.quickPick(items, { title: l10n.t('Group Linode images by'), placeHolder: l10n.t('Grouping') });
    if (!choice) return;
    await updateSetting('groupBy', choice.value);
  },
};
