// The Share Groups view's commands: make, edit and delete a share group, refresh the view, and switch to the
// v4beta API that serves share groups.
import * as vscode from 'vscode';
import { isNotFound } from '../../core/api/errors';
import type { ShareGroup } from '../../core/api/types';
import { deleteGroupQuestion, sourceImageId, validateShareDescription, validateShareLabel } from '../../core/model/sharing';
import { rereadImage, showDone } from '../images/imageUpdates';
import { isShareGroupNode, SHARE_GROUPS_VIEW_ID } from '../sharing/shareGroupsTreeProvider';
import { createGroup, currentGroup, ensureV4beta, groupPickItem, listGroups, promptNewGroup, useV4beta } from '../sharing/sharingPrompts';
import type { CommandDefinition, ExtensionServices } from './command';

const DELETE_BUTTON = 'Delete Share Group';

export const createShareGroupCommand: CommandDefinition = {
  id: 'createShareGroup',
  title: 'New Share Group',
  async run(services) {
    if (!(await ensureV4beta(services))) return;
    const known = await listGroups(services);
    const request = await promptNewGroup(services, 'New Share Group');
    if (!request) return;
    const group = await createGroup(services, request, new Set(known.map((g) => g.id)));
    services.shareGroups.refresh();
    showDone(`Made the share group "${group.label}".`);
  },
};

export const editShareGroupCommand: CommandDefinition = {
  id: 'editShareGroup',
  title: 'Edit Share Group',
  async run(services, ...args) {
    const shown = await targetGroup(services, args, 'Edit Share Group');
    if (!shown) return;
    const group = await currentGroup(services, shown);
    if (!group) return;
    const prompts = services.prompts.current;
    const title = `Edit Share Group "${group.label}"`;
    const label = await prompts.inputBox({
      title,
      prompt: 'Label of the share group: 1–100 characters',
      value: group.label,
      valueSelection: [0, group.label.length],
      validateInput: validateShareLabel,
    });
    if (label === undefined) return;
    const description = await prompts.inputBox({ title, prompt: 'Description of the share group (its members see it)', value: group.description, validateInput: validateShareDescription });
    if (description === undefined) return;
    const update: { label?: string; description?: string } = {};
    if (label.trim() !== group.label) update.label = label.trim();
    if (description !== group.description) update.description = description;
    if (Object.keys(update).length === 0) return;
    const updated = await services.session.client().updateShareGroup(group.id, update);
    services.logger.info(`Updated ${Object.keys(update).join(', ')} of share group ${group.id}.`);
    services.shareGroups.refresh();
    showDone(`Saved the share group "${updated.label}".`);
  },
};

export const deleteShareGroupCommand: CommandDefinition = {
  id: 'deleteShareGroup',
  title: 'Delete Share Group',
  async run(services, ...args) {
    const shown = await targetGroup(services, args, 'Delete Share Group');
    if (!shown) return;
    const group = await currentGroup(services, shown);
    if (!group) return;
    const client = services.session.client();
    // Your images in the group: their rows stop saying they are shared once it is gone.
    const copies = await client.listShareGroupImages(group.id);
    const detail = copies.length === 0 ? 'The group shares no images.' : `It shares: ${copies.map((copy) => `"${copy.label}"`).join(', ')}.`;
    const choice = await services.prompts.current.confirm(deleteGroupQuestion(group), detail, DELETE_BUTTON);
    if (choice !== DELETE_BUTTON) return;
    try {
      await client.deleteShareGroup(group.id);
    } catch (error) {
      if (!isNotFound(error)) throw error; // already gone: that is the aim
    }
    services.logger.info(`Deleted share group ${group.id} ("${group.label}").`);
    services.shareGroups.refresh();
    const sources = new Set(copies.map(sourceImageId).filter((id): id is string => id !== undefined));
    for (const id of sources) {
      const own = services.store.image(id);
      if (own) await rereadImage(services, own).catch((error: unknown) => services.logger.warn(`Could not read ${id} again: ${String(error)}`));
    }
    showDone(`Deleted the share group "${group.label}".`);
  },
};

export const refreshShareGroupsCommand: CommandDefinition = {
  id: 'refreshShareGroups',
  title: 'Refresh Share Groups',
  async run({ shareGroups }) {
    shareGroups.refresh();
    await vscode.window.withProgress({ location: { viewId: SHARE_GROUPS_VIEW_ID } }, () => shareGroups.getChildren());
  },
};

export const useApiV4betaCommand: CommandDefinition = {
  id: 'useApiV4beta',
  title: 'Use Linode API v4beta',
  async run(services) {
    await useV4beta(services);
    services.shareGroups.refresh();
  },
};

/** The group of the clicked row, or (from the palette) one the user picks. */
async function targetGroup(services: ExtensionServices, args: readonly unknown[], title: string): Promise<ShareGroup | undefined> {
  const [first] = args;
  if (isShareGroupNode(first) && first.type !== 'message') return first.group;
  if (!(await ensureV4beta(services))) return undefined;
  const groups = await listGroups(services);
  if (groups.length === 0) {
    void services.prompts.current.info('You have no share groups.');
    return undefined;
  }
  const items = [...groups].sort((a, b) => a.label.localeCompare(b.label)).map((group) => groupPickItem(group));
  return (await services.prompts.current.quickPick(items, { title, placeHolder: 'Choose a share group' }))?.group;
}
