// The one store of images for the signed-in account: what the tree shows and what commands, the poller, the
// details document and uploads read and change. Every change says which images it touched, so the tree redraws
// only their rows. No `vscode` import.
import type { Image, Region } from '../api/types';
import { imageKind } from '../model/imageKind';
import { isInProgress } from '../model/imageStatus';
import { Emitter } from './emitter';

export type LoadState =
  | { kind: 'notLoaded' }
  /** Showing the listing kept from an earlier session, made at `asOf` (ms); a sync is under way or failed. */
  | { kind: 'cached'; asOf: number }
  /** In step with Linode as of `syncedAt` (ms). */
  | { kind: 'loaded'; syncedAt: number }
  /** The last load failed; `asOf` is set when images from the cache are still shown. */
  | { kind: 'failed'; error: unknown; asOf?: number };

/** One image's change: `before` undefined when it is new, `after` undefined when it left. */
export interface ImageChange {
  id: string;
  before?: Image;
  after?: Image;
}

export type StoreChange =
  /** Everything may have changed (cleared, regions replaced): redraw all. */
  | { kind: 'reset' }
  | { kind: 'images'; changes: readonly ImageChange[] }
  /** A command started or stopped working on these images (their rows say "Deleting…"). */
  | { kind: 'busy'; imageIds: readonly string[] }
  /** Only the load state changed. */
  | { kind: 'state' };

export class ImageStore {
  private readonly images = new Map<string, Image>();
  private regions: ReadonlyMap<string, Region> = new Map();
  /** Ids deleted since the last full load, kept out of late answers to reads that were under way. */
  private readonly deleted = new Set<string>();
  private readonly busy = new Map<string, string>();
  private loadState: LoadState = { kind: 'notLoaded' };
  private readonly changed = new Emitter<StoreChange>();
  readonly onDidChange = this.changed.event;

  get state(): LoadState {
    return this.loadState;
  }

  /** True once the list is in step with Linode (not while it shows a cached listing only). */
  get loaded(): boolean {
    return this.loadState.kind === 'loaded';
  }

  /** True when there is a list to show: loaded, or from the cache. */
  get showable(): boolean {
    return this.loadState.kind === 'loaded' || this.loadState.kind === 'cached' || (this.loadState.kind === 'failed' && this.loadState.asOf !== undefined);
  }

  get loadError(): unknown {
    return this.loadState.kind === 'failed' ? this.loadState.error : undefined;
  }

  get size(): number {
    return this.images.size;
  }

  allImages(): Image[] {
    return [...this.images.values()];
  }

  image(id: string): Image | undefined {
    return this.images.get(id);
  }

  regionMap(): ReadonlyMap<string, Region> {
    return this.regions;
  }

  /** Images to follow until they settle; none while the list is not in step with Linode. */
  inProgressImages(): Image[] {
    return this.showable ? this.allImages().filter(isInProgress) : [];
  }

  wasDeleted(id: string): boolean {
    return this.deleted.has(id);
  }

  setState(state: LoadState): void {
    this.loadState = state;
    this.changed.fire({ kind: 'state' });
  }

  /**
   * Puts a whole listing in place of the current one. Only the images that differ count as changed, so a
   * re-list that finds nothing new redraws nothing; new regions (labels) redraw everything.
   */
  replaceAll(images: readonly Image[], regions: readonly Region[], state: LoadState): void {
    const regionsChanged = !sameRegions(this.regions, regions);
    const changes: ImageChange[] = [];
    const fresh = new Map<string, Image>();
    for (const image of images) fresh.set(image.id, image);
    for (const [id, before] of this.images) if (!fresh.has(id)) changes.push({ id, before });
    for (const [id, after] of fresh) {
      const before = this.images.get(id);
      if (!before || !sameImage(before, after)) changes.push({ id, before, after });
    }
    this.images.clear();
    for (const [id, image] of fresh) this.images.set(id, image);
    this.regions = new Map(regions.map((region) => [region.id, region]));
    this.deleted.clear();
    this.loadState = state;
    this.changed.fire(regionsChanged ? { kind: 'reset' } : changes.length > 0 ? { kind: 'images', changes } : { kind: 'state' });
  }

  /**
   * Puts a listing of the images shared with the account in place of the shared ones held: new and changed ones in,
   * those no longer listed out (the account was let out of their group). Returns whether anything changed.
   */
  replaceShared(shared: readonly Image[]): boolean {
    const fresh = new Map(shared.map((image) => [image.id, image]));
    const changes: ImageChange[] = [];
    for (const [id, before] of this.images) if (imageKind(before) === 'shared' && !fresh.has(id)) changes.push({ id, before });
    for (const [id, after] of fresh) {
      const before = this.images.get(id);
      if (!before || !sameImage(before, after)) changes.push({ id, before, after });
    }
    for (const change of changes) {
      if (change.after) this.images.set(change.id, change.after);
      else this.images.delete(change.id);
    }
    if (changes.length > 0) this.changed.fire({ kind: 'images', changes });
    return changes.length > 0;
  }

  /** Forgets everything (signed out, another account or API). */
  clear(): void {
    this.images.clear();
    this.regions = new Map();
    this.deleted.clear();
    this.busy.clear();
    this.loadState = { kind: 'notLoaded' };
    this.changed.fire({ kind: 'reset' });
  }

  /** Puts one image's fresh answer in place; returns false when nothing changed (nothing is redrawn then). */
  upsertImage(image: Image): boolean {
    // A re-read that was under way while the image was deleted must not bring it back.
    if (this.deleted.has(image.id)) return false;
    const before = this.images.get(image.id);
    if (before && sameImage(before, image)) return false;
    this.images.set(image.id, image);
    this.changed.fire({ kind: 'images', changes: [{ id: image.id, before, after: image }] });
    return true;
  }

  /** Takes the image out (deleted, or gone at Linode); returns what was held, undefined if nothing was. */
  removeImage(imageId: string): Image | undefined {
    this.deleted.add(imageId);
    const before = this.images.get(imageId);
    if (!before) return undefined;
    this.images.delete(imageId);
    this.changed.fire({ kind: 'images', changes: [{ id: imageId, before }] });
    return before;
  }

  /** True while a command works on the image (its rows say so and offer no other command). */
  isBusy(imageId: string): boolean {
    return this.busy.has(imageId);
  }

  busyDescription(imageId: string): string | undefined {
    return this.busy.get(imageId);
  }

  /** Shows `description` on every row of the image while `work` runs. */
  async withBusyDescription<T>(imageId: string, description: string, work: () => Promise<T>): Promise<T> {
    this.busy.set(imageId, description);
    this.changed.fire({ kind: 'busy', imageIds: [imageId] });
    try {
      return await work();
    } finally {
      this.busy.delete(imageId);
      this.changed.fire({ kind: 'busy', imageIds: [imageId] });
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Deep equality of two decoded answers (plain JSON values), key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, index) => sameJson(value, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && sameJson(left[key], right[key]));
}

function sameImage(a: Image, b: Image): boolean {
  return sameJson(a, b);
}

function sameRegions(current: ReadonlyMap<string, Region>, fresh: readonly Region[]): boolean {
  return current.size === fresh.length && fresh.every((region) => sameJson(current.get(region.id), region));
}
