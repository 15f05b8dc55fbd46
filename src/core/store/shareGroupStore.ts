// The share groups of the account shown (a v4beta feature), with the shared images and members of each group as far
// as they were read: what the Share Groups view shows and what the sharing commands read and change. Every change
// names the groups and the lists it touched, so the view redraws only their rows; a reload keeps everything shown
// until Linode's answer replaces it, and only what differs counts as changed. No `vscode` import.
//
// Answers can arrive out of order (a command's answer while the view's reload is under way). Each read remembers
// when it began; an answer that began before a later change to the same group or list does not undo that change.
import type { LinodeClient } from '../api/client';
import { isNotFound, messageOf } from '../api/errors';
import type { Image, ShareGroup, ShareGroupMember, ShareGroupToken } from '../api/types';
import { sharingUnavailable } from '../model/sharing';
import { Emitter } from './emitter';
import { sameJson } from './imageStore';

export type ShareGroupsClient = Pick<
  LinodeClient,
  'listShareGroups' | 'getShareGroup' | 'listShareGroupImages' | 'listShareGroupMembers' | 'listShareGroupTokens' | 'listShareGroupImagesByToken'
>;

export type ShareGroupsState =
  | { kind: 'notLoaded' }
  /** In step with Linode as of `syncedAt` (ms). */
  | { kind: 'loaded'; syncedAt: number }
  /** The last load failed; `asOf` is set when the groups of an earlier load are still shown. */
  | { kind: 'failed'; error: unknown; asOf?: number };

/** What a group holds besides itself: read when its folder is first opened. */
export type GroupList = 'images' | 'members';

/** One group's change: `before` undefined when it is new, `after` undefined when it left. */
export interface GroupChange {
  id: number;
  before?: ShareGroup;
  after?: ShareGroup;
}

/** A group's shared images or members changed (read again, or changed by a command). */
export interface ListChange {
  groupId: number;
  list: GroupList;
}

export type ShareGroupsChange =
  /** Everything may have changed (another account or API): redraw all. */
  | { kind: 'reset' }
  /** Groups or lists changed; a listing's new load state comes with its changes, in this one event. */
  | { kind: 'changed'; groups: readonly GroupChange[]; lists: readonly ListChange[] }
  /** Only the load state changed. */
  | { kind: 'state' }
  /** The groups this account joined (its membership tokens) or the images of one of them changed. */
  | { kind: 'joined' };

export interface ShareGroupStoreOptions {
  /** A client for the current token and API; throws when there is none. */
  client: () => ShareGroupsClient;
  log: { warn(line: string): void; error(line: string): void };
  now?: () => number;
}

/** Reading a list whose answer lost to later changes is tried again this often before giving up. */
const LIST_ATTEMPTS = 3;

export class ShareGroupStore {
  private readonly groups = new Map<number, ShareGroup>();
  private readonly images = new Map<number, Image[]>();
  private readonly members = new Map<number, ShareGroupMember[]>();
  /** This account's membership tokens (the groups it joined or asked to); undefined until listed. */
  private tokens: Map<string, ShareGroupToken> | undefined;
  /** When the tokens in place were listed (the listing began) or changed. */
  private tokensAsOf = 0;
  /** The images of a joined group, by token uuid, as far as they were read. */
  private readonly joinedImageLists = new Map<string, Image[]>();
  private loadState: ShareGroupsState = { kind: 'notLoaded' };
  /** Whose groups, from which API: what `use` compares. */
  private key: string | undefined;
  /** Bumped by `clear`: answers to reads begun for another account or API are dropped. */
  private generation = 0;
  /** Orders reads and changes: each read takes a tick when it begins, each change one when it is made. */
  private clock = 0;
  /** When the groups listing in place began. */
  private groupsAsOf = 0;
  /** When each group was last set on its own (an answer about that group alone, or a command's change). */
  private readonly groupSetAt = new Map<number, number>();
  /** When each list in place was read (when its read began) or changed. */
  private readonly listSetAt = new Map<string, number>();
  private readonly listReads = new Map<string, Promise<void>>();
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly changed = new Emitter<ShareGroupsChange>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: ShareGroupStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): ShareGroupsState {
    return this.loadState;
  }

  /** True when there are groups to show: loaded, or kept from an earlier load while the last one failed. */
  get showable(): boolean {
    return this.loadState.kind === 'loaded' || (this.loadState.kind === 'failed' && this.loadState.asOf !== undefined);
  }

  /** True while a load or reload is under way (what is shown stays meanwhile). */
  get loading(): boolean {
    return this.running !== undefined;
  }

  allGroups(): ShareGroup[] {
    return [...this.groups.values()];
  }

  group(id: number): ShareGroup | undefined {
    return this.groups.get(id);
  }

  /** The group's shared copies (`shared/NNNN`); undefined until they are read. */
  sharedImages(groupId: number): readonly Image[] | undefined {
    return this.images.get(groupId);
  }

  /** The group's members; undefined until they are read. */
  groupMembers(groupId: number): readonly ShareGroupMember[] | undefined {
    return this.members.get(groupId);
  }

  /** This account's membership tokens; undefined until they were listed. */
  joinedTokens(): readonly ShareGroupToken[] | undefined {
    return this.tokens && [...this.tokens.values()];
  }

  token(tokenUuid: string): ShareGroupToken | undefined {
    return this.tokens?.get(tokenUuid);
  }

  /** The images of the group a token let this account into; undefined until read. */
  joinedImages(tokenUuid: string): readonly Image[] | undefined {
    return this.joinedImageLists.get(tokenUuid);
  }

  /** Lists this account's membership tokens and puts them in place. Rejects as the request does. */
  async readTokens(): Promise<ShareGroupToken[]> {
    const generation = this.generation;
    const begun = this.tick();
    const tokens = await this.options.client().listShareGroupTokens();
    if (generation === this.generation && begun >= this.tokensAsOf) {
      this.tokensAsOf = begun;
      const before = this.tokens;
      this.tokens = new Map(tokens.map((token) => [token.token_uuid, token]));
      for (const uuid of [...this.joinedImageLists.keys()]) if (this.tokens.get(uuid)?.status !== 'active') this.joinedImageLists.delete(uuid);
      if (!before || !sameJson([...before.values()], tokens)) this.changed.fire({ kind: 'joined' });
    }
    return tokens;
  }

  /** Lists the tokens unless they were listed. */
  async ensureTokens(): Promise<void> {
    if (!this.tokens) await this.readTokens();
  }

  /** Reads the images of the group an active token let this account into, and puts them in place. */
  async readJoinedImages(tokenUuid: string): Promise<Image[]> {
    const generation = this.generation;
    const images = await this.options.client().listShareGroupImagesByToken(tokenUuid);
    if (generation === this.generation && this.tokens?.has(tokenUuid)) {
      const before = this.joinedImageLists.get(tokenUuid);
      this.joinedImageLists.set(tokenUuid, images);
      if (!before || !sameJson(before, images)) this.changed.fire({ kind: 'joined' });
    }
    return images;
  }

  /** A token made, or read again: Linode's answer. */
  putToken(token: ShareGroupToken): void {
    this.tokensAsOf = this.tick();
    this.tokens ??= new Map();
    this.tokens.set(token.token_uuid, token);
    this.changed.fire({ kind: 'joined' });
  }

  /** A token deleted (the group left) or found gone. */
  removeToken(tokenUuid: string): void {
    this.tokensAsOf = this.tick();
    this.tokens?.delete(tokenUuid);
    this.joinedImageLists.delete(tokenUuid);
    this.changed.fire({ kind: 'joined' });
  }

  /**
   * A member added, renamed or revoked: Linode's answer (a revoked member stays listed). `countChange` is what it does
   * to the group's active members (+1 added, -1 revoked, 0 renamed).
   */
  putMember(groupId: number, member: ShareGroupMember, countChange: number): void {
    const now = this.tick();
    this.listSetAt.set(listKey(groupId, 'members'), now);
    const lists: ListChange[] = [];
    const listed = this.members.get(groupId);
    if (listed) {
      const index = listed.findIndex((known) => known.token_uuid === member.token_uuid);
      this.members.set(groupId, index < 0 ? [...listed, member] : listed.map((known, i) => (i === index ? member : known)));
      lists.push({ groupId, list: 'members' });
    }
    const groups: GroupChange[] = [];
    const group = this.groups.get(groupId);
    if (group && countChange !== 0) {
      this.groupSetAt.set(groupId, now);
      groups.push(...this.setGroup(groupId, { ...group, members_count: Math.max(0, group.members_count + countChange) }));
    }
    this.fire(groups, lists);
  }

  /** Resolves once there is something to show or the first load failed; a reload under way is not waited for. */
  ensureLoaded(): Promise<void> {
    if (this.loadState.kind !== 'notLoaded') return Promise.resolve();
    return this.running ?? this.reload();
  }

  /**
   * Lists the groups again, then the images and members of every group whose lists were read (the folders the view
   * opened, the lists commands read), one list at a time, then the tokens and joined groups' images read before. Everything stays shown meanwhile. A reload asked for while one runs follows it.
   * Never rejects: a failure is the store's state.
   */
  reload(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.startLoad();
    const generation = this.generation;
    const queued = this.running.then(() => {
      if (this.queued === queued) this.queued = undefined;
      return generation === this.generation ? this.startLoad() : undefined;
    });
    this.queued = queued;
    return queued;
  }

  private startLoad(): Promise<void> {
    const generation = this.generation;
    const running = this.load(generation).finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  private async load(generation: number): Promise<void> {
    try {
      await this.readGroups();
    } catch (error) {
      if (generation !== this.generation) return;
      const asOf = this.loadState.kind === 'loaded' ? this.loadState.syncedAt : this.loadState.kind === 'failed' ? this.loadState.asOf : undefined;
      if (!sharingUnavailable(error)) this.options.log.error(`Could not load the share groups: ${messageOf(error)}`);
      this.setState({ kind: 'failed', error, asOf });
      return;
    }
    const opened = [
      ...[...this.images.keys()].map((groupId) => ({ groupId, list: 'images' as const })),
      ...[...this.members.keys()].map((groupId) => ({ groupId, list: 'members' as const })),
    ];
    for (const { groupId, list } of opened) {
      if (generation !== this.generation) return;
      if (!this.groups.has(groupId)) continue;
      // A list that cannot be read now stays as it was read before.
      await this.readList(groupId, list).catch((error: unknown) =>
        this.options.log.warn(`Could not read the ${list} of share group ${groupId} again: ${messageOf(error)}`),
      );
    }
    // The groups this account joined, when they were listed before: what was shown stays when they cannot be read now.
    if (generation !== this.generation || this.tokens === undefined) return;
    const openedJoined = [...this.joinedImageLists.keys()];
    try {
      await this.readTokens();
    } catch (error) {
      this.options.log.warn(`Could not list the membership tokens: ${messageOf(error)}`);
      return;
    }
    for (const tokenUuid of openedJoined) {
      if (generation !== this.generation) return;
      if (this.tokens?.get(tokenUuid)?.status !== 'active') continue;
      await this.readJoinedImages(tokenUuid).catch((error: unknown) =>
        this.options.log.warn(`Could not read the images of the share group joined with token ${tokenUuid} again: ${messageOf(error)}`),
      );
    }
  }

  /**
   * Lists the groups at Linode and puts the answer in place (a command's listing serves the view too). Rejects as
   * the request does, leaving the state as it was.
   */
  async readGroups(): Promise<ShareGroup[]> {
    const generation = this.generation;
    const begun = this.tick();
    const groups = await this.options.client().listShareGroups();
    if (generation === this.generation) this.applyListing(groups, begun);
    return groups;
  }

  /** The group as Linode has it now, put in place; undefined (and taken out) when Linode no longer has it. */
  async readGroup(groupId: number): Promise<ShareGroup | undefined> {
    const generation = this.generation;
    const begun = this.tick();
    let group: ShareGroup | undefined;
    try {
      group = await this.options.client().getShareGroup(groupId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (generation === this.generation && begun >= this.groupsAsOf && (this.groupSetAt.get(groupId) ?? 0) < begun) {
      this.groupSetAt.set(groupId, begun);
      this.fire(this.setGroup(groupId, group), group ? [] : this.dropLists(groupId));
    }
    return group;
  }

  /** The group's shared copies as Linode lists them now, put in place. */
  async readSharedImages(groupId: number): Promise<Image[]> {
    const generation = this.generation;
    const begun = this.tick();
    const images = await this.options.client().listShareGroupImages(groupId);
    if (generation === this.generation) this.applyList(groupId, 'images', images, begun);
    return images;
  }

  /**
   * Reads the group's list unless it was read already (one read at a time per list). Rejects when it cannot be
   * read; a list read before stays in place then.
   */
  async ensureList(groupId: number, list: GroupList): Promise<void> {
    // A read whose answer lost to a command's change leaves nothing in place the first time: read again.
    for (let attempt = 0; attempt < LIST_ATTEMPTS && this.listOf(groupId, list) === undefined && this.groups.has(groupId); attempt++) {
      await this.readList(groupId, list);
    }
  }

  private readList(groupId: number, list: GroupList): Promise<void> {
    const key = listKey(groupId, list);
    const known = this.listReads.get(key);
    if (known) return known;
    const generation = this.generation;
    const begun = this.tick();
    const read = (async () => {
      const client = this.options.client();
      if (list === 'images') {
        const images = await client.listShareGroupImages(groupId);
        if (generation === this.generation) this.applyList(groupId, list, images, begun);
      } else {
        const members = await client.listShareGroupMembers(groupId);
        if (generation === this.generation) this.applyList(groupId, list, members, begun);
      }
    })().finally(() => {
      if (this.listReads.get(key) === read) this.listReads.delete(key);
    });
    this.listReads.set(key, read);
    return read;
  }

  /** A group made or edited: Linode's answer. */
  putGroup(group: ShareGroup): void {
    this.groupSetAt.set(group.id, this.tick());
    this.fire(this.setGroup(group.id, group), []);
  }

  /** A group deleted (or found gone): it leaves with its lists. */
  removeGroup(groupId: number): void {
    this.groupSetAt.set(groupId, this.tick());
    this.fire(this.setGroup(groupId, undefined), this.dropLists(groupId));
  }

  /** An image shared in the group: Linode's answer is the shared copy. The group then counts one image more. */
  addSharedImage(groupId: number, copy: Image): void {
    const listed = this.images.get(groupId);
    const images = listed ? [...listed.filter((image) => image.id !== copy.id), copy] : undefined;
    this.changeImages(groupId, images, (count) => count + 1);
  }

  /** A shared copy taken out of the group (or found gone from it). */
  removeSharedImage(groupId: number, sharedImageId: string): void {
    const listed = this.images.get(groupId);
    const images = listed?.filter((image) => image.id !== sharedImageId);
    this.changeImages(groupId, images, (count) => Math.max(0, count - 1));
  }

  /**
   * Puts the group's new image list in place (when it was read) and its count: the list's length when the list is
   * known, else `otherwise` of the count shown (the answer to the change says one more, or one fewer).
   */
  private changeImages(groupId: number, images: Image[] | undefined, otherwise: (count: number) => number): void {
    const now = this.tick();
    // Marked even when the list was never read: a read under way began before this change and would undo it.
    this.listSetAt.set(listKey(groupId, 'images'), now);
    const lists: ListChange[] = [];
    if (images) {
      this.images.set(groupId, images);
      lists.push({ groupId, list: 'images' });
    }
    const group = this.groups.get(groupId);
    const groups: GroupChange[] = [];
    if (group) {
      const count = images ? images.length : otherwise(group.images_count);
      this.groupSetAt.set(groupId, now);
      groups.push(...this.setGroup(groupId, { ...group, images_count: count }));
    }
    this.fire(groups, lists);
  }

  /** Another account or API (or none), named by `key`: what was read is forgotten. The same key keeps it. */
  use(key: string | undefined): void {
    if (key === this.key) return;
    this.key = key;
    this.clear();
  }

  /** Forgets everything; answers to reads under way are dropped. */
  clear(): void {
    this.generation++;
    this.groups.clear();
    this.images.clear();
    this.members.clear();
    this.groupSetAt.clear();
    this.listSetAt.clear();
    this.listReads.clear();
    this.groupsAsOf = 0;
    this.tokens = undefined;
    this.tokensAsOf = 0;
    this.joinedImageLists.clear();
    this.running = undefined;
    this.queued = undefined;
    this.loadState = { kind: 'notLoaded' };
    this.changed.fire({ kind: 'reset' });
  }

  dispose(): void {
    this.generation++;
    this.changed.dispose();
  }

  /** A whole listing of the groups, begun at `begun`: groups changed on their own since keep their newer state. */
  private applyListing(listing: readonly ShareGroup[], begun: number): void {
    if (begun < this.groupsAsOf) return; // a listing begun later is in place already
    this.groupsAsOf = begun;
    const fresh = new Map(listing.map((group) => [group.id, group]));
    const groups: GroupChange[] = [];
    const lists: ListChange[] = [];
    for (const id of new Set([...this.groups.keys(), ...fresh.keys()])) {
      if ((this.groupSetAt.get(id) ?? 0) > begun) continue;
      const after = fresh.get(id);
      groups.push(...this.setGroup(id, after));
      if (!after) lists.push(...this.dropLists(id));
    }
    this.loadState = { kind: 'loaded', syncedAt: this.now() };
    // One event: a listing that changed groups carries the new state with it.
    if (groups.length > 0 || lists.length > 0) this.fire(groups, lists);
    else this.changed.fire({ kind: 'state' });
  }

  private applyList(groupId: number, list: 'images', items: Image[], begun: number): void;
  private applyList(groupId: number, list: 'members', items: ShareGroupMember[], begun: number): void;
  private applyList(groupId: number, list: GroupList, items: Image[] | ShareGroupMember[], begun: number): void {
    const key = listKey(groupId, list);
    if ((this.listSetAt.get(key) ?? 0) > begun || !this.groups.has(groupId)) return;
    this.listSetAt.set(key, begun);
    const lists: ListChange[] = [];
    const before = this.listOf(groupId, list);
    if (!before || !sameJson(before, items)) {
      if (list === 'images') this.images.set(groupId, items as Image[]);
      else this.members.set(groupId, items as ShareGroupMember[]);
      lists.push({ groupId, list });
    }
    // A whole listing of the group's images is its count too (members are not: revoked ones are listed, not counted).
    const groups: GroupChange[] = [];
    const group = this.groups.get(groupId);
    if (list === 'images' && group && group.images_count !== items.length && (this.groupSetAt.get(groupId) ?? 0) <= begun) {
      this.groupSetAt.set(groupId, begun);
      groups.push(...this.setGroup(groupId, { ...group, images_count: items.length }));
    }
    this.fire(groups, lists);
  }

  private listOf(groupId: number, list: GroupList): readonly unknown[] | undefined {
    return list === 'images' ? this.images.get(groupId) : this.members.get(groupId);
  }

  /** Sets (or with undefined removes) one group; the change, or none when nothing differs. */
  private setGroup(id: number, after: ShareGroup | undefined): GroupChange[] {
    const before = this.groups.get(id);
    if (before === undefined && after === undefined) return [];
    if (before && after && sameJson(before, after)) return [];
    if (after) this.groups.set(id, after);
    else this.groups.delete(id);
    return [{ id, before, after }];
  }

  /** Forgets a group's lists (the group left); the lists that were held are the changes. */
  private dropLists(groupId: number): ListChange[] {
    const dropped: ListChange[] = [];
    if (this.images.delete(groupId)) dropped.push({ groupId, list: 'images' });
    if (this.members.delete(groupId)) dropped.push({ groupId, list: 'members' });
    return dropped;
  }

  private fire(groups: readonly GroupChange[], lists: readonly ListChange[]): void {
    if (groups.length > 0 || lists.length > 0) this.changed.fire({ kind: 'changed', groups, lists });
  }

  private setState(state: ShareGroupsState): void {
    this.loadState = state;
    this.changed.fire({ kind: 'state' });
  }

  private tick(): number {
    return ++this.clock;
  }
}

function listKey(groupId: number, list: GroupList): string {
  return `${groupId}:${list}`;
}
