// What can be done to an image, as Cloud Manager allows it: edits and replication need an available private
// image; a private image can always be deleted (while it is still being made that cancels it); public images
// and images shared with you (by another account's share group) are read-only; sharing (a v4beta feature) needs an
// available private image, and stopping it one in a share group; deploying (a new Linode, a rebuild, a trial) needs
// an available image of your own, one shared with you (Cloud Manager offers Deploy to New Linode and Rebuild on its
// "Shared with me" rows, disabled until the image is available), or a public one. Menus (package.json `when` clauses on the tree's
// contextValue), keybindings and the palette's image pickers all follow this one table; a test checks that the menus agree with it. A keybinding can reach an
// image the action does not apply to, so `whyNot` says why in words.
import type { Image } from '../api/types';
import { l10n } from '../l10n';
import { imageKind, shareGroupCount, sharedByLabel } from './imageKind';
import { statusLabel } from './imageStatus';

export type ImageAction = 'edit' | 'replicate' | 'delete' | 'details' | 'copyId' | 'openInCloudManager' | 'share' | 'stopSharing' | 'deploy';

export const IMAGE_ACTIONS: readonly ImageAction[] = ['edit', 'replicate', 'delete', 'details', 'copyId', 'openInCloudManager', 'share', 'stopSharing', 'deploy'];

/** `busy`: a command of this extension is already working on the image (e.g. deleting it). */
export function canDo(action: ImageAction, image: Image, busy = false): boolean {
  switch (action) {
    case 'details':
    case 'copyId':
      return true;
    case 'openInCloudManager':
      // Cloud Manager's image pages are for your own images.
      return imageKind(image) === 'private';
    case 'edit':
    case 'replicate':
    case 'share':
      return imageKind(image) === 'private' && !busy && image.status === 'available';
    case 'delete':
      return imageKind(image) === 'private' && !busy;
    case 'stopSharing':
      return imageKind(image) === 'private' && !busy && shareGroupCount(image) > 0;
    case 'deploy':
      // Public images are always offered (their rows do not say their status); Linode refuses one that is not available.
      return imageKind(image) === 'public' || (!busy && image.status === 'available');
  }
}

export function allowedActions(image: Image, busy = false): ImageAction[] {
  return IMAGE_ACTIONS.filter((action) => canDo(action, image, busy));
}

/**
 * "deleted", "edited"…: for "cannot be …" messages. Each is translated when read (getters), so the translator the
 * host installs at activation is the one used.
 */
export const ACTION_PAST: Readonly<Record<ImageAction, string>> = {
  get edit() {
    return l10n.t('edited');
  },
  get replicate() {
    return l10n.t('replicated');
  },
  get delete() {
    return l10n.t('deleted');
  },
  get details() {
    return l10n.t('shown');
  },
  get copyId() {
    return l10n.t('copied');
  },
  get openInCloudManager() {
    return l10n.t('opened in Cloud Manager');
  },
  get share() {
    return l10n.t('shared');
  },
  get stopSharing() {
    return l10n.t('unshared');
  },
  get deploy() {
    return l10n.t('deployed');
  },
};

/** Why `action` does not apply to the image ("it is a public image"), or undefined when it does. */
export function whyNot(action: ImageAction, image: Image, busy = false): string | undefined {
  if (canDo(action, image, busy)) return undefined;
  const kind = imageKind(image);
  if (kind === 'public') return l10n.t('it is a public image');
  if (kind === 'shared' && action !== 'deploy') {
    const group = sharedByLabel(image);
    return group
      ? l10n.t('it is shared with you by the share group "{0}", and only its owner can change it', group)
      : l10n.t('it is shared with you, and only its owner can change it');
  }
  if (busy) return l10n.t('the extension is already working on it');
  if (action === 'stopSharing') return l10n.t('it is not in any of your share groups');
  const status = statusLabel(image.status);
  // Only the actions that need an available image get here.
  switch (action) {
    case 'edit':
      return l10n.t('its status is "{0}" and only available images can be edited', status);
    case 'replicate':
      return l10n.t('its status is "{0}" and only available images can be replicated', status);
    case 'share':
      return l10n.t('its status is "{0}" and only available images can be shared', status);
    case 'deploy':
      return l10n.t('its status is "{0}" and only available images can be deployed', status);
    default:
      return l10n.t('its status is "{0}" and only available images can be {1}', status, ACTION_PAST[action]);
  }
}
