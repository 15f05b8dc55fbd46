// Keeps the image store in step with Linode for one account and API at a time:
// - start: the listing kept on disk is shown at once (marked as cached), then brought up to date;
// - refresh: reads the account events since the last one seen and re-reads only the images they name;
// - refresh also lists the images shared with the account when it may receive some (see `receivesShares`);
// - reload all: lists every image again. It also happens when events cannot be read (no `events` scope), after a
//   long gap, and whenever the event feed cannot prove nothing was missed (too many events for one page).
// The event cursor is read *before* a full listing starts, so an event that happens while pages are read is
// applied again afterwards rather than lost.
import type { LinodeClient } from '../api/client';
import { isCancellation, isNotFound, LinodeApiError, LinodeAuthError, messageOf } from '../api/errors';
import { InvalidTokenError } from '../api/token';
import type { AccountEvent, Image } from '../api/types';
import { Emitter } from './emitter';
import { eventsAboutImage, imageEventsSince, imageIdOfEvent, NEWEST_EVENTS, refusalOf } from './imageEvents';
import type { ImageStore } from './imageStore';
import type { ListingCache, ListingKey } from './listingCache';

/** Past this since the last sync, a refresh lists everything (Linode keeps events 90 days; public images have none). */
export const MAX_EVENT_GAP_MS = 24 * 60 * 60 * 1000;
/** More images named by events than this are cheaper to list than to read one by one. */
const MAX_REREADS = 50;
/** Images a periodic sync re-reads per turn, to stay within the poller's pace; the rest wait for the next turn. */
export const BACKGROUND_REREADS = 3;
/** A listing saved to disk is written again after this long even when nothing changed (for its "as of" time). */
const RESAVE_AFTER_MS = 10 * 60 * 1000;
/** The smallest page Linode serves (the newest event is all a full listing needs). */
const SMALLEST_PAGE = 25;

export interface SyncLog {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** An image that left the store because Linode no longer has it (not because this window deleted it). */
export interface LostImage {
  image: Image;
  /** The failed upload or capture event when Linode refused to make the image: `message` says why. */
  refusal?: AccountEvent;
  /** The `image_delete` event when the image was deleted elsewhere. */
  deletion?: AccountEvent;
}

export interface ImageSyncOptions {
  store: ImageStore;
  /** A client for the current token and API; throws when there is none. */
  client: () => LinodeClient;
  cache?: ListingCache;
  /** The account and API to show now; checked before each sync, so a token or setting changed without an event is seen. */
  key?: () => ListingKey | undefined;
  log: SyncLog;
  now?: () => number;
  /**
   * Whether the account may receive images through share groups. Being let into a group (or out of it) makes no
   * event in the receiving account, so when this says yes a refresh also lists the shared images.
   */
  receivesShares?: () => Promise<boolean>;
}

type SyncKind = 'events' | 'full' | 'background';

export class ImageSync {
  private readonly store: ImageStore;
  private readonly now: () => number;
  private key: ListingKey | undefined;
  /** Bumped whenever the account or API changes: work begun for an older one drops its results. */
  private generation = 0;
  private started: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private pending: { kind: SyncKind; promise: Promise<void> } | undefined;
  private cursor: number | undefined;
  private syncedAt: number | undefined;
  private eventsReadable = true;
  private changedSinceSave = false;
  private savedAt = 0;
  private readonly lost = new Emitter<LostImage>();
  /** Images Linode no longer has, with the event that says why when there is one. */
  readonly onDidLoseImage = this.lost.event;
  private readonly failed = new Emitter<unknown>();
  /** A sync failed (the store's state says so too). */
  readonly onDidFail = this.failed.event;
  private readonly storeSubscription;
  /** Requests made by syncs, by kind: what benchmarks and tests count. */
  readonly stats = { eventReads: 0, imageReads: 0, fullListings: 0, sharedListings: 0 };

  constructor(private readonly options: ImageSyncOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.storeSubscription = this.store.onDidChange((change) => {
      if (change.kind === 'images' || change.kind === 'reset') this.changedSinceSave = true;
    });
  }

  /** True when a refresh can be answered from the event feed (else it lists everything). */
  get usesEvents(): boolean {
    return this.eventsReadable && this.cursor !== undefined && this.syncedAt !== undefined && this.now() - this.syncedAt < MAX_EVENT_GAP_MS;
  }

  /** Another account or API (or none): the list shown is forgotten and the next start reads that one's. */
  use(key: ListingKey | undefined): void {
    this.generation++;
    this.key = key;
    this.started = undefined;
    this.pending = undefined;
    this.cursor = undefined;
    this.syncedAt = undefined;
    this.eventsReadable = true;
    this.store.clear();
    this.changedSinceSave = false;
    this.savedAt = 0;
  }

  /**
   * Follows the account and API of `options.key` when they changed since the last look (a settings event may come
   * after a sync already followed the change: then nothing is forgotten).
   */
  currentKey(): ListingKey | undefined {
    if (this.options.key) {
      const key = this.options.key();
      if (!sameKey(key, this.key)) this.use(key);
    }
    return this.key;
  }

  /** Resolves once there is something to show: the kept listing at once (synced behind it), else the first load. */
  ensureStarted(): Promise<void> {
    const key = this.currentKey();
    if (!key) return Promise.resolve();
    this.started ??= this.begin(this.generation, key);
    return this.started;
  }

  /** Brings the list up to date the cheapest way that is sure: events when it can, else a full listing. */
  refresh(): Promise<void> {
    if (!this.currentKey()) return Promise.resolve();
    if (!this.started) return this.ensureStarted();
    return this.schedule('events');
  }

  /** Lists every image and region again. */
  reloadAll(): Promise<void> {
    if (!this.currentKey()) return Promise.resolve();
    this.started ??= Promise.resolve();
    return this.schedule('full');
  }

  /** For periodic syncs: reads events when it can, and does nothing when only a full listing would do. */
  syncInBackground(): Promise<void> {
    if (!this.currentKey() || !this.usesEvents || !this.store.showable) return Promise.resolve();
    return this.schedule('background');
  }

  /** The image is gone at Linode (a read answered 404): takes it out and says why, when events can tell. */
  async imageGone(imageId: string): Promise<void> {
    await this.lose(imageId, [], this.generation);
  }

  private async begin(generation: number, key: ListingKey): Promise<void> {
    const kept = await this.options.cache?.read(key).catch(() => undefined);
    if (generation !== this.generation) return;
    if (kept && !this.store.showable) {
      this.cursor = kept.cursor;
      this.syncedAt = kept.savedAt;
      this.store.replaceAll(kept.images, kept.regions, { kind: 'cached', asOf: kept.savedAt });
      this.changedSinceSave = false;
      this.savedAt = kept.savedAt;
      this.options.log.info(`Showing ${kept.images.length} images kept from ${new Date(kept.savedAt).toISOString()} while they are synced.`);
      void this.schedule('events');
      return;
    }
    await this.schedule('full');
  }

  /** One sync at a time; a request made while one waits joins it (a full listing covers a refresh). */
  private schedule(kind: SyncKind): Promise<void> {
    if (this.pending) {
      if (kind === 'full' || (kind === 'events' && this.pending.kind === 'background')) this.pending.kind = kind;
      return this.pending.promise;
    }
    const generation = this.generation;
    const entry: { kind: SyncKind; promise: Promise<void> } = { kind, promise: Promise.resolve() };
    entry.promise = this.chain.then(async () => {
      if (this.pending === entry) this.pending = undefined;
      if (generation === this.generation) await this.run(entry.kind, generation);
    });
    this.pending = entry;
    this.chain = entry.promise.catch(() => undefined);
    return entry.promise;
  }

  private async run(kind: SyncKind, generation: number): Promise<void> {
    try {
      const client = this.options.client();
      if (kind !== 'full' && this.usesEvents) {
        if (await this.syncFromEvents(client, generation, kind === 'background')) return;
        if (kind === 'background') return; // a periodic sync never lists everything by itself
      }
      if (kind === 'background') return;
      await this.listEverything(client, generation);
    } catch (error) {
      if (generation !== this.generation) return;
      if (isCancellation(error) && kind === 'background') return;
      const state = this.store.state;
      const asOf = state.kind === 'cached' ? state.asOf : state.kind === 'loaded' ? state.syncedAt : state.kind === 'failed' ? state.asOf : undefined;
      this.store.setState({ kind: 'failed', error, asOf });
      this.failed.fire(error);
    }
  }

  /** False when the feed cannot be used or cannot prove it holds every change: the caller lists everything. */
  private async syncFromEvents(client: LinodeClient, generation: number, background: boolean): Promise<boolean> {
    const since = this.cursor ?? 0;
    let page;
    try {
      this.stats.eventReads++;
      page = await client.listEvents(imageEventsSince(since));
    } catch (error) {
      if (!isScopeRefusal(error) && !isNotFound(error)) throw error;
      this.eventsCannotBeRead();
      return false;
    }
    if (generation !== this.generation) return true;
    if (page.pages > 1 || page.results > page.data.length) {
      this.options.log.info(`More than ${page.data.length} image events since the last sync: listing every image instead.`);
      return false;
    }
    // The cursor's own event comes back too: without it, nothing proves no event was missed (purged, another feed).
    if (since > 0 && !page.data.some((event) => event.id === since)) {
      this.options.log.info('The account events no longer reach back to the last sync: listing every image instead.');
      return false;
    }
    const events = page.data.filter((event) => event.id > since).sort((a, b) => a.id - b.id);
    const named = new Set(events.map(imageIdOfEvent).filter((id): id is string => id !== undefined));
    if (named.size > MAX_REREADS && !background) {
      this.options.log.info(`${named.size} images changed since the last sync: listing every image instead of reading each.`);
      return false;
    }
    // Events in order; the cursor moves past an event only once its image is read. A periodic sync reads a few
    // images per turn (the poller's budget) and carries on from there next turn.
    const budget = background ? BACKGROUND_REREADS : MAX_REREADS;
    const read = new Set<string>();
    let cursor = since;
    for (const event of events) {
      const imageId = imageIdOfEvent(event);
      if (imageId !== undefined && !read.has(imageId)) {
        if (read.size >= budget) break;
        read.add(imageId);
        await this.reread(client, imageId, events, generation);
        if (generation !== this.generation) return true;
      }
      cursor = event.id;
    }
    if (!background && !(await this.syncSharedImages(client, generation))) return true;
    this.cursor = cursor;
    this.syncedAt = this.now();
    if (read.size > 0) this.options.log.info(`Synced ${read.size} changed image${read.size === 1 ? '' : 's'} from the account events.`);
    this.store.setState({ kind: 'loaded', syncedAt: this.syncedAt });
    await this.save();
    return true;
  }

  private async reread(client: LinodeClient, imageId: string, events: readonly AccountEvent[], generation: number): Promise<void> {
    try {
      this.stats.imageReads++;
      const image = await client.getImage(imageId);
      if (generation === this.generation) this.store.upsertImage(image);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.lose(imageId, events, generation);
    }
  }

  /**
   * Lists the images shared with the account when it may receive some, and puts them in place. False when the
   * account or API changed meanwhile. A listing that fails keeps the shared images shown and is only logged: the
   * rest of the refresh stands.
   */
  private async syncSharedImages(client: LinodeClient, generation: number): Promise<boolean> {
    if (!(await this.options.receivesShares?.())) return generation === this.generation;
    if (generation !== this.generation) return false;
    let shared: Image[];
    try {
      this.stats.sharedListings++;
      shared = await client.listSharedImages();
    } catch (error) {
      if (generation !== this.generation) return false;
      if (isCancellation(error)) throw error;
      this.options.log.warn(`Could not list the images shared with this account: ${messageOf(error)}`);
      return true;
    }
    if (generation !== this.generation) return false;
    if (this.store.replaceShared(shared)) this.options.log.info(`Synced the ${shared.length} image${shared.length === 1 ? '' : 's'} shared with this account.`);
    return true;
  }

  private async listEverything(client: LinodeClient, generation: number): Promise<void> {
    // The cursor first: whatever happens from here on is in events after it, and is applied again next time.
    let cursor: number | undefined;
    if (this.eventsReadable) {
      try {
        this.stats.eventReads++;
        const newest = await client.listEvents(NEWEST_EVENTS, { pageSize: SMALLEST_PAGE });
        cursor = newest.data.reduce((max, event) => Math.max(max, event.id), 0);
      } catch (error) {
        // Cancelled, or a token that cannot even be sent: the listing would fail the same way; say it once.
        if (isCancellation(error) || error instanceof InvalidTokenError) throw error;
        // A token Linode rejects altogether fails the listing below too, and that is what the user is shown.
        if (isScopeRefusal(error)) this.eventsCannotBeRead();
        else this.options.log.warn(`Could not read account events (${messageOf(error)}); the next refresh lists every image again.`);
      }
    }
    this.stats.fullListings++;
    const [images, regions] = await Promise.all([client.listImages(), client.listRegions()]);
    if (generation !== this.generation) return;
    const fresh = new Set(images.map((image) => image.id));
    const vanishedWhileMade = this.store.allImages().filter((image) => !fresh.has(image.id) && !image.is_public && image.status !== 'available');
    this.cursor = cursor;
    this.syncedAt = this.now();
    this.store.replaceAll(images, regions, { kind: 'loaded', syncedAt: this.syncedAt });
    this.options.log.info(`Loaded ${images.length} images and ${regions.length} regions.`);
    // Uploads and captures that disappeared: say why when Linode's events can tell (a few at most in practice).
    for (const image of vanishedWhileMade.slice(0, 5)) await this.explain(image, [], client, generation);
    await this.save();
  }

  private async lose(imageId: string, events: readonly AccountEvent[], generation: number): Promise<void> {
    const image = this.store.removeImage(imageId);
    if (!image || generation !== this.generation) return; // this window deleted it, or never showed it
    let client: LinodeClient | undefined;
    try {
      client = this.options.client();
    } catch {
      client = undefined;
    }
    await this.explain(image, events, client, generation);
  }

  /** Fires onDidLoseImage for an image that left, with Linode's reason from the events when there is one. */
  private async explain(image: Image, events: readonly AccountEvent[], client: LinodeClient | undefined, generation: number): Promise<void> {
    let refusal = refusalOf(events, image.id);
    const deletion = events.find((event) => event.action === 'image_delete' && imageIdOfEvent(event) === image.id);
    const filter = eventsAboutImage(image.id);
    if (!refusal && !deletion && image.status !== 'available' && this.eventsReadable && client && filter) {
      try {
        this.stats.eventReads++;
        const page = await client.listEvents(filter, { pageSize: SMALLEST_PAGE });
        refusal = refusalOf(page.data, image.id);
      } catch (error) {
        this.options.log.warn(`Could not read the events about ${image.id}: ${messageOf(error)}`);
      }
    }
    if (generation === this.generation) this.lost.fire({ image, refusal, deletion });
  }

  private eventsCannotBeRead(): void {
    if (!this.eventsReadable) return;
    this.eventsReadable = false;
    this.cursor = undefined;
    this.options.log.info(
      'This token cannot read account events (it lacks the events:read_only scope), so Refresh lists every image again. ' +
        'A token with that scope makes refreshes read only what changed.',
    );
  }

  /** Keeps the listing for the next start; a failure to write costs only that. */
  private async save(): Promise<void> {
    const { cache } = this.options;
    const key = this.key;
    if (!cache || !key || this.syncedAt === undefined) return;
    if (!this.changedSinceSave && this.now() - this.savedAt < RESAVE_AFTER_MS) return;
    const generation = this.generation;
    this.changedSinceSave = false;
    this.savedAt = this.syncedAt;
    try {
      await cache.write(key, { images: this.store.allImages(), regions: [...this.store.regionMap().values()], savedAt: this.syncedAt, cursor: this.cursor });
    } catch (error) {
      if (generation === this.generation) this.changedSinceSave = true;
      this.options.log.warn(`Could not keep the image listing for the next start: ${messageOf(error)}`);
    }
  }

  dispose(): void {
    this.generation++;
    this.storeSubscription.dispose();
    this.lost.dispose();
    this.failed.dispose();
  }
}

function sameKey(a: ListingKey | undefined, b: ListingKey | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.account === b.account && a.apiUrl === b.apiUrl && a.apiVersion === b.apiVersion);
}

/** 401 or 403 on the events endpoint with a token that lists images: the token lacks the events scope. */
function isScopeRefusal(error: unknown): boolean {
  return error instanceof LinodeAuthError || (error instanceof LinodeApiError && error.status === 403);
}

