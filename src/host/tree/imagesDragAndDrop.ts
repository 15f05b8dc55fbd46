// Drag and drop in the Images view (grouped by region): an image dropped on a region's row is replicated there
// after one confirmation that names the image, the region and the storage it adds; dragged from another region's
// row it can be moved instead (the new copy first, the old one deleted once the new one is available). A disk
// image file dropped from the Explorer on a region's row starts Upload Image with that region preselected.
// Nothing is sent for a drop that would change nothing, or on a region that cannot hold images.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isNotFound } from '../../core/api/errors';
import type { Image } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { canDo, whyNot } from '../../core/model/imageActions';
import { planRegionChange, whyRegionCannotHoldImages } from '../../core/model/replication';
import { formatGigabytes, formatPrice } from '../../core/model/storageCost';
import { reportError } from '../commands/runCommand';
import { uploadFromUri } from '../commands/uploadImage';
import { errorMessage } from '../errors';
import { VIEW_IDS } from '../ids';
import { rereadImage, showDone } from '../images/imageUpdates';
import { heldRegions, knownRegions, monthlyChangeLine, regionNamer, sendRegionSet, storageChangeOf } from '../images/regionChange';
import type { ExtensionServices } from '../services';
import { IMAGE_FILE_NAME } from '../upload/pickImageFile';
import type { TreeNode } from './imagesTreeProvider';

/** The view's own drag type, as VS Code names a tree's: `application/vnd.code.tree.<view id lowercased>`. */
const IMAGES_MIME = `application/vnd.code.tree.${VIEW_IDS.images.toLowerCase()}`;
const URI_LIST = 'text/uri-list';

/** What a drag from the view carries: each dragged row's image and the region row it was under. */
interface DraggedRow {
  imageId: string;
  regionId?: string;
}

/** While a moved copy is being made: asked this often (one image, far inside Linode's rate limits). */
const MOVE_POLL_MS = 2_000;
/** A copy takes far less than this to be made; past it, the old copy is kept and the user told. */
const MOVE_GIVE_UP_MS = 12 * 60 * 60 * 1000;

export class ImagesDragAndDrop implements vscode.TreeDragAndDropController<TreeNode>, vscode.Disposable {
  readonly dragMimeTypes = [IMAGES_MIME];
  readonly dropMimeTypes = [IMAGES_MIME, URI_LIST];
  /** Moves waiting for their new copy before deleting the old one. */
  private readonly moves = new Set<Promise<void>>();
  private disposed = false;
  private attached: ExtensionServices | undefined;

  /** The extension's services, once activation has made them (the view, made first, is one of them). */
  attach(services: ExtensionServices): void {
    this.attached = services;
  }

  handleDrag(source: readonly TreeNode[], data: vscode.DataTransfer): void {
    const rows: DraggedRow[] = source.flatMap((node) => (node.type === 'image' ? [{ imageId: node.entry.image.id, regionId: node.entry.regionId }] : []));
    if (rows.length > 0) data.set(IMAGES_MIME, new vscode.DataTransferItem(rows));
  }

  async handleDrop(target: TreeNode | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const services = this.attached;
    if (!services) return; // activation has not finished: nothing can act on the drop yet
    const regionId = targetRegion(target);
    const rows = await draggedRows(data.get(IMAGES_MIME));
    const files = rows ? undefined : await droppedFiles(data.get(URI_LIST));
    if (!rows && !files) return;
    if (regionId === undefined) {
      void services.prompts.current.info(l10n.t('Drop on a region to replicate an image there or upload a file to it (the view must group images by region).'));
      return;
    }
    const title = rows ? l10n.t('Replicate Image') : l10n.t('Upload Image');
    try {
      if (token.isCancellationRequested) return;
      if (rows) await this.dropImages(services, regionId, rows);
      else if (files) await this.dropFiles(services, regionId, files);
    } catch (error) {
      reportError(title, error, services);
    }
  }

  /** Resolves once every move started so far has deleted its old copy, or given up (tests wait on it). */
  async movesDone(): Promise<void> {
    while (this.moves.size > 0) await Promise.all([...this.moves]);
  }

  dispose(): void {
    this.disposed = true;
  }

  /** The reason a region cannot take the drop (told to the user), or undefined when it can. */
  private async refusal(services: ExtensionServices, regionId: string): Promise<{ name: string; reason?: string }> {
    const regions = await knownRegions(services);
    const name = regionNamer(regions)(regionId);
    const region = regions.get(regionId);
    if (!region) return { name, reason: l10n.t('Linode does not list the region {0}.', regionId) };
    return { name, reason: whyRegionCannotHoldImages(region, name) };
  }

  private async dropImages(services: ExtensionServices, regionId: string, rows: readonly DraggedRow[]): Promise<void> {
    const { prompts, store } = services;
    const { name, reason } = await this.refusal(services, regionId);
    if (reason) {
      void prompts.current.warning(l10n.t('Nothing was replicated to {0}: {1}', name, reason));
      return;
    }
    const describe = regionNamer(await knownRegions(services));
    // One entry per image; an image dragged from two of its rows is not moved (from which?).
    const sources = new Map<string, Set<string | undefined>>();
    for (const row of rows) sources.set(row.imageId, (sources.get(row.imageId) ?? new Set()).add(row.regionId));
    const eligible: Image[] = [];
    const already: Image[] = [];
    const refused: string[] = [];
    for (const imageId of sources.keys()) {
      const image = store.image(imageId);
      if (!image) continue;
      const busy = store.isBusy(image.id);
      if (!canDo('replicate', image, busy)) refused.push(l10n.t('"{0}": {1}', image.label, whyNot('replicate', image, busy) ?? ''));
      else if (heldRegions(image).includes(regionId)) already.push(image);
      else eligible.push(image);
    }
    const notes = [
      ...already.map((image) => l10n.t('"{0}" is already in {1}.', image.label, name)),
      ...refused.map((line) => l10n.t('Not replicated: {0}.', line)),
    ];
    if (eligible.length === 0) {
      if (already.length > 0 && refused.length === 0) {
        void prompts.current.info(
          already.length === 1
            ? l10n.t('"{0}" is already in {1}; nothing to do.', already[0].label, name)
            : l10n.t('The {0} images are already in {1}; nothing to do.', already.length, name),
        );
      } else if (notes.length > 0) void prompts.current.warning(notes.join(' '));
      return;
    }

    // Moved: from the one region row each image was dragged from, when that copy is there to delete.
    const moveFrom = new Map<string, string>();
    for (const image of eligible) {
      const from = [...(sources.get(image.id) ?? [])];
      if (from.length === 1 && from[0] !== undefined && heldRegions(image).includes(from[0])) moveFrom.set(image.id, from[0]);
    }
    const canMove = moveFrom.size === eligible.length;

    const lines: string[] = [];
    const changes = eligible.map((image) => storageChangeOf(image, [...heldRegions(image), regionId]));
    eligible.forEach((image, index) => {
      const change = changes[index];
      const added = change?.added[0];
      lines.push(
        added
          ? l10n.t('• "{0}": a copy of {1} in {2}, +{3} a month.', image.label, formatGigabytes(added.gigabytes), name, formatPrice(added.monthlyPrice))
          : l10n.t('• "{0}": a copy in {1} (its size is not known yet).', image.label, name),
      );
      if (change && eligible.length === 1) lines.push(monthlyChangeLine(change));
    });
    // Several images: what the drop adds in all, when every size is known.
    const known = changes.filter((change) => change !== undefined);
    if (eligible.length > 1 && known.length === eligible.length) {
      const gigabytes = known.reduce((sum, change) => sum + change.addedGigabytes, 0);
      const monthly = known.reduce((sum, change) => sum + change.addedMonthly, 0);
      lines.push(l10n.t('In all: +{0}, +{1} a month, at {2} per GB a month.', formatGigabytes(gigabytes), formatPrice(monthly), formatPrice(known[0].ratePerGbMonth)));
    }
    if (canMove) {
      const from = [...new Set(moveFrom.values())].map(describe).join(', ');
      lines.push(
        '',
        l10n.t('Move: once the new copy is available, the copy in {0} is deleted (until then both are billed). A deleted copy cannot be restored; replicating to that region again makes a new one.', from),
        l10n.t('Copy: the image stays where it is and is also kept in {0}.', name),
      );
    }
    if (notes.length > 0) lines.push('', ...notes);
    const copy = l10n.t('Copy');
    const move = l10n.t('Move');
    const replicate = l10n.t('Replicate');
    const message =
      eligible.length === 1
        ? canMove
          ? l10n.t('Copy or move "{0}" to {1}?', eligible[0].label, name)
          : l10n.t('Replicate "{0}" to {1}?', eligible[0].label, name)
        : canMove
          ? l10n.t('Copy or move {0} images to {1}?', eligible.length, name)
          : l10n.t('Replicate {0} images to {1}?', eligible.length, name);
    const answer = await prompts.current.confirm(message, lines.join('\n'), ...(canMove ? [copy, move] : [replicate]));
    if (answer === undefined || ![copy, move, replicate].includes(answer)) return;
    const moving = answer === move;

    for (const dragged of eligible) {
      // The request replaces the whole set: worked out from Linode's current one.
      const image = await rereadImage(services, dragged);
      const plan = planRegionChange(image, [...heldRegions(image), regionId], describe);
      if (plan.kind === 'refused') {
        void prompts.current.warning(l10n.t('"{0}" was not replicated to {1}: {2}', image.label, name, plan.message));
        continue;
      }
      if (plan.kind === 'unchanged') continue;
      await sendRegionSet(services, image, plan.regions);
      services.logger.info(`Replicating ${image.id} to ${regionId} (dropped on its row).`);
      const from = moveFrom.get(image.id);
      if (moving && from !== undefined) this.follow(this.moveWhenAvailable(services, image, from, regionId, describe));
      else showDone(l10n.t('"{0}": replicating to {1}.', image.label, regionId));
    }
  }

  private follow(move: Promise<void>): void {
    const tracked = move.finally(() => this.moves.delete(tracked));
    this.moves.add(tracked);
  }

  /** Deletes the copy in `from` once the one in `to` is available; keeps it (and says why) if that never happens. */
  private async moveWhenAvailable(services: ExtensionServices, image: Image, from: string, to: string, describe: (id: string) => string): Promise<void> {
    const { prompts, session, store, logger } = services;
    const startedAt = Date.now();
    const kept = (why: string): void =>
      void prompts.current.warning(l10n.t('"{0}" was not moved: {1} Its copy in {2} is kept.', image.label, why, describe(from)));
    try {
      for (;;) {
        if (this.disposed) return; // the window closes: the old copy stays, which loses nothing
        let fresh: Image;
        try {
          fresh = await session.client().getImage(image.id);
        } catch (error) {
          if (isNotFound(error)) {
            store.removeImage(image.id);
            return kept(l10n.t('it no longer exists at Linode.'));
          }
          logger.warn(`Move of ${image.id}: could not read it (${errorMessage(error)}); asking again.`);
          fresh = store.image(image.id) ?? image;
        }
        store.upsertImage(fresh);
        const copy = fresh.regions.find((r) => r.region === to);
        if (!copy || copy.status === 'pending deletion') return kept(l10n.t('its copy in {0} is no longer being made.', describe(to)));
        if (copy.status === 'available') {
          const plan = planRegionChange(fresh, heldRegions(fresh).filter((id) => id !== from), describe);
          if (plan.kind === 'refused') return kept(plan.message);
          if (plan.kind === 'change') await sendRegionSet(services, fresh, plan.regions);
          logger.info(`Moved ${image.id} from ${from} to ${to}.`);
          void prompts.current.info(l10n.t('Moved "{0}" from {1} to {2}.', fresh.label, describe(from), describe(to)));
          return;
        }
        if (Date.now() - startedAt > MOVE_GIVE_UP_MS) return kept(l10n.t('its copy in {0} took too long to become available.', describe(to)));
        await new Promise((resolve) => setTimeout(resolve, MOVE_POLL_MS));
      }
    } catch (error) {
      reportError(l10n.t('Move Image'), error, services);
    }
  }

  private async dropFiles(services: ExtensionServices, regionId: string, files: readonly vscode.Uri[]): Promise<void> {
    const { prompts } = services;
    const images = files.filter((uri) => IMAGE_FILE_NAME.test(uri.path));
    if (images.length === 0) {
      void prompts.current.warning(l10n.t('Only disk images can be uploaded: .img.gz files, or raw .img and .raw files (compressed on the way).'));
      return;
    }
    const { name, reason } = await this.refusal(services, regionId);
    if (reason) {
      void prompts.current.warning(l10n.t('Nothing was uploaded to {0}: {1}', name, reason));
      return;
    }
    if (images.length > 1) {
      void prompts.current.info(l10n.t('One file is uploaded at a time: {0} now; drop the others after it.', path.posix.basename(images[0].path)));
    }
    await uploadFromUri(services, images[0], { region: regionId });
  }
}

/** The region of the row dropped on: a region's row, or an image row under one. */
function targetRegion(target: TreeNode | undefined): string | undefined {
  if (target?.type === 'group' && target.group.kind === 'region') {
    const id = target.group.id.slice('region:'.length);
    return id === 'none' ? undefined : id;
  }
  if (target?.type === 'image') return target.entry.regionId;
  return undefined;
}

/** The rows dragged from this view: the item's value as set by handleDrag, or its JSON when it crossed as text. */
async function draggedRows(item: vscode.DataTransferItem | undefined): Promise<DraggedRow[] | undefined> {
  if (!item) return undefined;
  let value: unknown = item.value;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value)) return undefined;
  const rows = value.filter((row): row is DraggedRow => typeof row === 'object' && row !== null && typeof (row as DraggedRow).imageId === 'string');
  return rows.length > 0 ? rows : undefined;
}

/** The files of a `text/uri-list` (one URI a line; `#` lines are comments). */
async function droppedFiles(item: vscode.DataTransferItem | undefined): Promise<vscode.Uri[] | undefined> {
  if (!item) return undefined;
  const text = await item.asString();
  const uris = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .flatMap((line) => {
      try {
        return [vscode.Uri.parse(line, true)];
      } catch {
        return [];
      }
    });
  return uris.length > 0 ? uris : undefined;
}
