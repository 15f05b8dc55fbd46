// Takes one of your images out of a share group: from its row in the Images view (the group picked when it is in
// several), or from its shared copy's row in the Share Groups view. The members lose access; your image stays.
import { isNotFound } from '../../core/api/errors';
import type { Image, ShareGroup } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { sourceImageId, stopSharingQuestion } from '../../core/model/sharing';
import { onExistingImage, rereadImage, showDone } from '../images/imageUpdates';
import { isShareGroupNode } from '../sharing/shareGroupsTreeProvider';
import { currentGroup, groupPickItem } from '../sharing/sharingPrompts';
import type { ExtensionServices } from '../services';
import type { OneImageCommand } from './command';

const title = (): string => l10n.t('Stop Sharing');

export const stopSharingImageCommand: OneImageCommand = {
  id: 'stopSharingImage',
  get title() {
    return title();
  },
  targets: { action: 'stopSharing', many: false },
  // A shared copy's row in the Share Groups view: that copy is taken out of its group.
  otherArguments: {
    accepts: isShareGroupNode,
    async run(services, first) {
      if (!isShareGroupNode(first) || first.type !== 'sharedImage') return;
      const sourceId = sourceImageId(first.image);
      const own = sourceId === undefined ? undefined : services.store.image(sourceId);
      await stopSharing(services, first.group, [first.image], own?.label ?? first.image.label, own);
    },
  },
  async run(services, image) {
    const { session, prompts } = services;
    const client = session.client();
    const groups = await onExistingImage(services, image, () => client.listImageShareGroups(image.id));
    let group: ShareGroup | undefined = groups[0];
    if (groups.length === 0) {
      void prompts.current.info(l10n.t('"{0}" is not in any of your share groups now.', image.label));
      await rereadImage(services, image);
      return;
    }
    if (groups.length > 1) {
      const items = [...groups].sort((a, b) => a.label.localeCompare(b.label)).map((g) => groupPickItem(g));
      const picked = await prompts.current.quickPick(items, {
        title: l10n.t('Stop Sharing "{0}"', image.label),
        placeHolder: l10n.t('Choose the share group to take the image out of'),
      });
      group = picked?.group;
      if (!group) return;
    }
    const chosen = group as ShareGroup;
    const copies = (await services.shareGroupStore.readSharedImages(chosen.id)).filter((copy) => sourceImageId(copy) === image.id);
    if (copies.length === 0) {
      void prompts.current.info(l10n.t('"{0}" is no longer shared in "{1}".', image.label, chosen.label));
      await rereadImage(services, image);
      return;
    }
    await stopSharing(services, chosen, copies, image.label, image);
  },
};

/** Asks, then takes the shared copies out of the group; `own` (your image, when known) is read again for its row. */
async function stopSharing(services: ExtensionServices, shown: ShareGroup, copies: readonly Image[], label: string, own: Image | undefined): Promise<void> {
  const { session, prompts, logger, store, shareGroupStore } = services;
  // The question names how many members lose access: as Linode counts them now.
  const group = await currentGroup(services, shown);
  if (!group) return;
  const detail = own ? l10n.t('Your image "{0}" ({1}) stays in your account.', own.label, own.id) : l10n.t('Your own image stays in your account.');
  const button = l10n.t('Stop Sharing');
  const choice = await prompts.current.confirm(stopSharingQuestion(label, group), detail, button);
  if (choice !== button) return;
  const client = session.client();
  const remove = async (): Promise<void> => {
    for (const copy of copies) {
      try {
        await client.removeShareGroupImage(group.id, copy.id);
      } catch (error) {
        // Already out of the group (elsewhere, or a lost answer to an earlier attempt): that is the aim.
        if (!isNotFound(error)) throw error;
      }
      logger.info(`Stopped sharing ${copy.id} in share group ${group.id} ("${group.label}").`);
      shareGroupStore.removeSharedImage(group.id, copy.id);
    }
  };
  if (own) await store.withBusyDescription(own.id, l10n.t('Stopping sharing…'), remove);
  else await remove();
  if (own) await rereadImage(services, own);
  showDone(l10n.t('Stopped sharing "{0}" in "{1}".', label, group.label));
}
