// The Share Groups view's commands: make, edit and delete a share group, refresh the view, and switch to the
// v4beta API that serves share groups.
import * as vscode from 'vscode';
import { isNotFound } from '../../core/api/errors';
import type { ShareGroup } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { deleteGroupQuestion, sourceImageId } from '../../core/model/sharing';
import { errorMessage } from '../errors';
import { rereadImage, showDone } from '../images/imageUpdates';
import { VIEW_IDS } from '../ids';
import type { ExtensionServices } from '../services';
import { isShareGroupNode } from '../sharing/shareGroupsTreeProvider';
import { createGroup, currentGroup, ensureV4beta, groupPickItem, listGroups, promptGroupDetails, useV4beta } from '../sharing/sharingPrompts';
import type { CommandDefinition } from './command';

export const createShareGroupCommand: CommandDefinition = {
  id: 'createShareGroup',
  get title() {
    return l10n.t('New Share Group');
  },
  async run(services) {
    if (!(await ensureV4beta(services))) return;
    const known = await listGroups(services);
    const request = await promptGroupDetails(services, l10n.t('New Share Group'));
    if (!request) return;
    const group = await createGroup(services, request, new Set(known.map((g) => g.id)));
    showDone(l10n.t('Made the share group "{0}".', group.label));
  },
};

export const editShareGroupCommand: CommandDefinition = {
  id: 'editShareGroup',
  get title() {
    return l10n.t('Edit Share Group');
  },
  async run(services, ...args) {
    const shown = await targetGroup(services, args, l10n.t('Edit Share Group'));
    if (!shown) return;
    const group = await currentGroup(services, shown);
    if (!group) return;
    const details = await promptGroupDetails(services, l10n.t('Edit Share Group "{0}"', group.label), group);
    if (!details) return;
    const update: { label?: string; description?: string } = {};
    if (details.label !== group.label) update.label = details.label;
    if (details.description !== group.description) update.description = details.description;
    if (Object.keys(update).length === 0) return;
    const updated = await services.session.client().updateShareGroup(group.id, update);
    services.logger.info(`Updated ${Object.keys(update).join(', ')} of share group ${group.id}.`);
    services.shareGroupStore.putGroup(updated);
    showDone(l10n.t('Saved the share group "{0}".', updated.label));
  },
};

export const deleteShareGroupCommand: CommandDefinition = {
  id: 'deleteShareGroup',
  get title() {
    return l10n.t('Delete Share Group');
  },
  async run(services, ...args) {
    const shown = await targetGroup(services, args, l10n.t('Delete Share Group'));
    if (!shown) return;
    const group = await currentGroup(services, shown);
    if (!group) return;
    // Your images in the group: their rows stop saying they are shared once it is gone.
    const copies = await services.shareGroupStore.readSharedImages(group.id);
    const detail =
      copies.length === 0 ? l10n.t('The group shares no images.') : l10n.t('It shares: {0}.', copies.map((copy) => `"${copy.label}"`).join(', '));
    const button = l10n.t('Delete Share Group');
    const choice = await services.prompts.current.confirm(deleteGroupQuestion(group), detail, button);
    if (choice !== button) return;
    try {
      await services.session.client().deleteShareGroup(group.id);
    } catch (error) {
      if (!isNotFound(error)) throw error; // already gone: that is the aim
    }
    services.logger.info(`Deleted share group ${group.id} ("${group.label}").`);
    services.shareGroupStore.removeGroup(group.id);
    const sources = new Set(copies.map(sourceImageId).filter((id): id is string => id !== undefined));
    for (const id of sources) {
      const own = services.store.image(id);
      if (own) await rereadImage(services, own).catch((error: unknown) => services.logger.warn(`Could not read ${id} again: ${errorMessage(error)}`));
    }
    showDone(l10n.t('Deleted the share group "{0}".', group.label));
  },
};

export const refreshShareGroupsCommand: CommandDefinition = {
  id: 'refreshShareGroups',
  get title() {
    return l10n.t('Refresh Share Groups');
  },
  async run({ shareGroups }) {
    // The groups shown stay until Linode's answer replaces them; a failure is shown in the view.
    await vscode.window.withProgress({ location: { viewId: VIEW_IDS.shareGroups } }, () => shareGroups.refresh());
  },
};

export const useApiV4betaCommand: CommandDefinition = {
  id: 'useApiV4beta',
  get title() {
    return l10n.t('Use Linode API v4beta');
  },
  async run(services) {
    await useV4beta(services);
  },
};

/** The group of the clicked row, or (from the palette) one the user picks. */
export async function targetGroup(services: ExtensionServices, args: readonly unknown[], title: string): Promise<ShareGroup | undefined> {
  const [first] = args;
  if (isShareGroupNode(first) && 'group' in first) return first.group;
  if (!(await ensureV4beta(services))) return undefined;
  const groups = await listGroups(services);
  if (groups.length === 0) {
    void services.prompts.current.info(l10n.t('You have no share groups.'));
    return undefined;
  }
  const items = [...groups].sort((a, b) => a.label.localeCompare(b.label)).map((group) => groupPickItem(group));
  return (await services.prompts.current.quickPick(items, { title, placeHolder: l10n.t('Choose a share group') }))?.group;
}
