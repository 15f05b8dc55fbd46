// Quick switch of the linodeImages.groupBy setting from the view's title bar.
import * as vscode from 'vscode';
import type { GroupBy } from '../../core/model/grouping';
import { readSettings, SETTINGS_SECTION } from '../settings';
import type { CommandDefinition } from './command';

const CHOICES: { value: GroupBy; label: string; detail: string }[] = [
  { value: 'region', label: 'Region', detail: 'Private images under each region that holds a copy; public images by vendor' },
  { value: 'type', label: 'Type', detail: 'Private and public images apart' },
  { value: 'none', label: 'None', detail: 'One flat list' },
];

export const changeGroupingCommand: CommandDefinition = {
  id: 'changeGrouping',
  title: 'Group Images By…',
  async run({ prompts }) {
    const current = readSettings().groupBy;
    const items = CHOICES.map((c) => ({ ...c, description: c.value === current ? '(current)' : undefined }));
    const choice = await prompts.current.quickPick(items, { title: 'Group Linode images by', placeHolder: 'Grouping' });
    if (!choice) return;
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('groupBy', choice.value, vscode.ConfigurationTarget.Global);
  },
};
