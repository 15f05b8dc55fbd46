// The share groups of image sharing as the simulator stores them: groups, the images shared in them, members and the
// consumers' tokens. Part of SimulatorState (`state.sharing`); what the API answers about them, and its routes, are in
// sharing.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimImage } from './entities';

export interface ShareGroup {
  id: number;
  uuid: string;
  label: string;
  description: string;
  is_suspended: boolean;
  created: string;
  updated: string | null;
  expiry: string | null;
  /** The producer's account (not sent). */
  account: string;
}

/** An image in a group: its own label and description, the rest read live from the private image it shares. */
export interface SharedImageEntry {
  id: string;
  groupId: number;
  sourceId: string;
  label: string;
  description: string;
  created: string;
  updated: string | null;
}

export interface GroupMember {
  token_uuid: string;
  groupId: number;
  label: string;
  status: 'active' | 'revoked';
  created: string;
  updated: string | null;
  expiry: string | null;
  /** The consumer's account (not sent). */
  account: string;
}

export interface ShareToken {
  token: string;
  token_uuid: string;
  label: string;
  /** As stored; a pending token past its `expiry` is answered `expired` (see `tokenStatus`). */
  status: 'pending' | 'active' | 'revoked';
  valid_for_sharegroup_uuid: string;
  created: string;
  updated: string | null;
  expiry: string | null;
  /** The consumer's account (not sent). */
  account: string;
}

const FIRST_GROUP_ID = 8301;
/**
 * How long a membership token can be used (CHOICE: Linode's API reference says a token has an `expiry` and turns
 * `expired` "when it has passed its validity period", but not how long that is).
 */
const SHARE_TOKEN_VALID_MS = 7 * 24 * 3600 * 1000;

/**
 * The token as it travels: Linode's API reference calls it "the single-use JWT membership token encoded as a string.
 * It consists of three parts: header, payload, and signature" (post-sharegroup-tokens), so the simulator's are
 * shaped so (base64url parts; the signature is random, nothing checks it).
 */
export function membershipTokenText(tokenUuid: string, groupUuid: string, signature = randomBytes(32)): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ jti: tokenUuid, sharegroup_uuid: groupUuid })}.${signature.toString('base64url')}`;
}

/** The status Linode answers: a pending token whose `expiry` has passed is `expired` (never accepted, never usable). */
export function tokenStatus(token: ShareToken, now: string): ShareToken['status'] | 'expired' {
  return token.status === 'pending' && token.expiry !== null && token.expiry <= now ? 'expired' : token.status;
}
const FIRST_SHARED_NUMBER = 5801;

/** The share groups, their images and members, and the consumers' tokens. Part of SimulatorState (`state.sharing`). */
export class ShareGroups {
  readonly groups = new Map<number, ShareGroup>();
  /** By `shared/NNNN` id. */
  readonly images = new Map<string, SharedImageEntry>();
  /** By token uuid. */
  readonly members = new Map<string, GroupMember>();
  /** By token uuid. */
  readonly tokens = new Map<string, ShareToken>();
  /** Private images that have ever been in a group (`is_shared` stays true, as recorded). */
  readonly everShared = new Set<string>();
  private nextGroupId = FIRST_GROUP_ID;
  private nextSharedNumber = FIRST_SHARED_NUMBER;

  clear(): void {
    this.groups.clear();
    this.images.clear();
    this.members.clear();
    this.tokens.clear();
    this.everShared.clear();
    this.nextGroupId = FIRST_GROUP_ID;
    this.nextSharedNumber = FIRST_SHARED_NUMBER;
  }

  createGroup(fields: Omit<ShareGroup, 'id' | 'uuid' | 'is_suspended' | 'updated' | 'expiry'> & { id?: number; uuid?: string }): ShareGroup {
    const id = fields.id ?? this.nextGroupId;
    this.nextGroupId = Math.max(this.nextGroupId, id + 1);
    const group: ShareGroup = {
      id,
      uuid: fields.uuid ?? randomUUID(),
      label: fields.label,
      description: fields.description,
      is_suspended: false,
      created: fields.created,
      updated: null,
      expiry: null,
      account: fields.account,
    };
    this.groups.set(id, group);
    return group;
  }

  addImage(group: ShareGroup, source: SimImage, fields: { label?: string; description?: string; created: string; id?: string }): SharedImageEntry {
    let id = fields.id;
    if (id === undefined) {
      id = `shared/${this.nextSharedNumber++}`;
      while (this.images.has(id)) id = `shared/${this.nextSharedNumber++}`;
    }
    const entry: SharedImageEntry = {
      id,
      groupId: group.id,
      sourceId: source.id,
      // "If omitted, the shared image keeps the original label and description."
      label: fields.label ?? source.label,
      description: fields.description ?? source.description ?? '',
      created: fields.created,
      updated: null,
    };
    this.images.set(id, entry);
    this.everShared.add(source.id);
    return entry;
  }

  createToken(fields: Omit<ShareToken, 'token' | 'token_uuid' | 'status' | 'updated' | 'expiry'> & { token?: string; token_uuid?: string; expiry?: string | null }): ShareToken {
    const tokenUuid = fields.token_uuid ?? randomUUID();
    const token: ShareToken = {
      token: fields.token ?? membershipTokenText(tokenUuid, fields.valid_for_sharegroup_uuid),
      token_uuid: tokenUuid,
      label: fields.label,
      status: 'pending',
      valid_for_sharegroup_uuid: fields.valid_for_sharegroup_uuid,
      created: fields.created,
      updated: null,
      expiry: fields.expiry !== undefined ? fields.expiry : new Date(Date.parse(`${fields.created}Z`) + SHARE_TOKEN_VALID_MS).toISOString().slice(0, 19),
      account: fields.account,
    };
    this.tokens.set(token.token_uuid, token);
    return token;
  }

  /** The producer accepts a consumer's token: the consumer becomes an active member. */
  addMember(group: ShareGroup, token: ShareToken, label: string, created: string): GroupMember {
    const member: GroupMember = {
      token_uuid: token.token_uuid,
      groupId: group.id,
      label,
      status: 'active',
      created,
      updated: null,
      expiry: null,
      account: token.account,
    };
    this.members.set(member.token_uuid, member);
    token.status = 'active';
    return member;
  }

  groupImages(groupId: number): SharedImageEntry[] {
    return [...this.images.values()].filter((entry) => entry.groupId === groupId);
  }

  groupMembers(groupId: number): GroupMember[] {
    return [...this.members.values()].filter((member) => member.groupId === groupId);
  }

  /** Groups (of the image's account) that hold the private image. */
  groupsOfImage(imageId: string): ShareGroup[] {
    const ids = new Set([...this.images.values()].filter((entry) => entry.sourceId === imageId).map((entry) => entry.groupId));
    return [...this.groups.values()].filter((group) => ids.has(group.id));
  }

  /** The groups in which `account` is an active member. */
  groupsJoinedBy(account: string): ShareGroup[] {
    const ids = new Set([...this.members.values()].filter((member) => member.status === 'active' && member.account === account).map((member) => member.groupId));
    return [...this.groups.values()].filter((group) => ids.has(group.id));
  }

  /** The shared images `account` receives, in id order of their groups. */
  imagesFor(account: string): SharedImageEntry[] {
    return this.groupsJoinedBy(account).flatMap((group) => this.groupImages(group.id));
  }

  deleteGroup(groupId: number): void {
    for (const entry of this.groupImages(groupId)) this.images.delete(entry.id);
    for (const member of this.groupMembers(groupId)) {
      this.members.delete(member.token_uuid);
      const token = this.tokens.get(member.token_uuid);
      if (token) token.status = 'revoked';
    }
    this.groups.delete(groupId);
  }

  /** A private image was deleted: it leaves every group. */
  forgetSource(imageId: string): void {
    for (const entry of [...this.images.values()]) {
      if (entry.sourceId === imageId) this.images.delete(entry.id);
    }
    this.everShared.delete(imageId);
  }
}
