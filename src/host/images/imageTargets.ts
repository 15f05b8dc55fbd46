// Which images an image command acts on. From a menu VS Code passes (clicked node, selected nodes); from a
// keybinding the extension passes SELECTION_ARGUMENT (VS Code gives keybindings no tree item), so the view's
// selection is used; from the command palette the user picks the image(s).
import type * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { imageKind, type ImageKind } from '../../core/model/imageKind';
import { formatMegabytes, regionTitle } from '../../core/model/format';
import { ACTION_PAST, canDo, whyNot, type ImageAction } from '../../core/model/imageActions';
import { statusLabel } from '../../core/model/imageStatus';
import type { ImageStore } from '../../core/store/imageStore';
import { commandAction, notify } from '../notify';
import type { ExtensionServices } from '../services';
import { imagesOfNodes, isTreeNode } from '../views/imagesSelection';

/** The argument package.json's keybindings pass: "act on what is selected in the Images view". */
export const SELECTION_ARGUMENT = 'selection';

export interface TargetRequest {
  action: ImageAction;
  /** Several images (delete, copy id), or only the clicked / picked one. */
  many: boolean;
  /** Title of the palette's picker. */
  title: string;
}

export interface Targets {
  images: Image[];
  /** Selected images the action does not apply to (public, still being made, busy), left out. */
  skipped: Image[];
}

export async function targetImages(services: Pick<ExtensionServices, 'store' | 'sync' | 'selection' | 'prompts' | 'tokens' | 'logger'>, args: readonly unknown[], request: TargetRequest): Promise<Targets> {
  const { store, selection, prompts } = services;
  const [first, second] = args;
  const applies = (image: Image): boolean => canDo(request.action, image, store.isBusy(image.id));
  let candidates: Image[];
  if (isTreeNode(first)) {
    const nodes = request.many && Array.isArray(second) && second.length > 0 ? (second as unknown[]) : [first];
    candidates = imagesOfNodes(store, nodes);
  } else if (first === SELECTION_ARGUMENT) {
    candidates = await selection.images();
    // F2 on several rows renames the first one it can.
    if (!request.many) {
      const chosen = candidates.find(applies) ?? candidates[0];
      candidates = chosen ? [chosen] : [];
    }
  } else {
    return { images: await pickImages(services, request), skipped: [] };
  }
  const targets = { images: candidates.filter(applies), skipped: candidates.filter((image) => !applies(image)) };
  // Menus offer a command only where it applies, but a keybinding fires on any selection, and a row can change
  // (become busy, change status) between a right-click and the click on the menu item: say why nothing happens.
  if (targets.images.length === 0) void prompts.current.info(nothingApplies(request.action, targets.skipped, store));
  return targets;
}

function nothingApplies(action: ImageAction, skipped: readonly Image[], store: ImageStore): string {
  const reason = (image: Image): string => whyNot(action, image, store.isBusy(image.id)) ?? '';
  if (skipped.length === 0) return l10n.t('No image is selected in the Images view.');
  if (skipped.length === 1) return l10n.t('"{0}" cannot be {1}: {2}.', skipped[0].label, ACTION_PAST[action], reason(skipped[0]));
  const each = skipped.map((image) => `"${image.label}" (${reason(image)})`).join('; ');
  return l10n.t('None of the {0} selected images can be {1}: {2}.', skipped.length, ACTION_PAST[action], each);
}

/** Your own images first, then those shared with you, then public ones. */
const KIND_ORDER: Readonly<Record<ImageKind, number>> = { private: 0, shared: 1, public: 2 };

interface ImagePickItem extends vscode.QuickPickItem {
  image: Image;
}

/** The palette's way in: every image the action applies to, private ones first. */
async function pickImages(services: Pick<ExtensionServices, 'store' | 'sync' | 'prompts' | 'tokens' | 'logger'>, request: TargetRequest): Promise<Image[]> {
  const { store, sync, prompts, tokens, logger } = services;
  await sync.ensureStarted();
  const candidates = store
    .allImages()
    .filter((image) => canDo(request.action, image, store.isBusy(image.id)))
    .sort((a, b) => KIND_ORDER[imageKind(a)] - KIND_ORDER[imageKind(b)] || a.label.localeCompare(b.label));
  if (candidates.length === 0) {
    if (store.showable) {
      void prompts.current.info(noImageTo(request.action));
    } else {
      // Without an account, a token is the way in; with one, the list failed to load and Refresh tries again.
      const action = tokens.current ? commandAction(l10n.t('Refresh'), 'refresh') : commandAction(l10n.t('Set API Token'), 'setApiToken');
      notify(prompts.current, 'info', l10n.t('The images are not loaded; set an API token or refresh the view.'), [action], logger);
    }
    return [];
  }
  const regions = store.regionMap();
  const items = candidates.map((image): ImagePickItem => ({
    image,
    label: image.label,
    description: image.id,
    detail: [
      imageKind(image) === 'public' ? l10n.t('public') : imageKind(image) === 'shared' ? l10n.t('shared with you · {0}', statusLabel(image.status)) : statusLabel(image.status),
      image.size !== null && image.size > 0 ? formatMegabytes(image.size) : undefined,
      image.regions.map((r) => regionTitle(r.region, regions.get(r.region))).join(', ') || undefined,
    ].filter(Boolean).join(' · '),
  }));
  const options = { title: request.title, placeHolder: l10n.t('Choose an image (type to search by label or id)'), matchOnDescription: true };
  if (request.many) {
    const picked = await prompts.current.quickPickMany(items, { ...options, placeHolder: l10n.t('Choose images (type to search by label or id)') });
    return picked?.map((item) => item.image) ?? [];
  }
  const picked = await prompts.current.quickPick(items, options);
  return picked ? [picked.image] : [];
}

/** Said when the palette has no image the action applies to. */
function noImageTo(action: ImageAction): string {
  switch (action) {
    case 'edit':
      return l10n.t('No image to edit (only available private images can be edited).');
    case 'replicate':
      return l10n.t('No image to replicate (only available private images can be replicated).');
    case 'delete':
      return l10n.t('No image to delete (public images cannot be deleted).');
    case 'details':
      return l10n.t('No image to show.');
    case 'copyId':
      return l10n.t('No image to copy.');
    case 'openInCloudManager':
      return l10n.t('No image to open in Cloud Manager (it lists private images only).');
    case 'share':
      return l10n.t('No image to share (only available private images can be shared).');
    case 'stopSharing':
      return l10n.t('No image to stop sharing (none of your images is in a share group).');
    case 'deploy':
      return l10n.t('No image to deploy (available images of your own, images shared with you, and public images can be deployed).');
  }
}

/** The note in a delete's confirmation on the selected images that cannot be deleted, or undefined. */
export function skippedNote(skipped: readonly Image[]): string | undefined {
  if (skipped.length === 0) return undefined;
  const names = skipped.map((image) => `"${image.label}"`).join(', ');
  return skipped.length === 1
    ? l10n.t('This selected image cannot be deleted and is left out: {0}.', names)
    : l10n.t('These {0} selected images cannot be deleted and are left out: {1}.', skipped.length, names);
}
