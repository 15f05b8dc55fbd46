// Shapes of the Linode API v4 objects this extension reads and writes (spec 4.189.0), as the client hands them
// out after decoding (see decode.ts): what the real API leaves out or sends as null is normalised here, so an
// empty list is [] and a number nobody knows is null. Timestamps are UTC without an offset, e.g. "2021-08-14T22:44:02".

export type ApiVersion = 'v4' | 'v4beta';

/**
 * The documented values plus any other string: Linode adds values (an image `type` of `shared`, new statuses)
 * before the spec says so, and such an object is kept and shown as it is rather than dropped.
 */
export type OpenEnum<Known extends string> = Known | (string & Record<never, never>);

export type ImageStatus = OpenEnum<'creating' | 'pending_upload' | 'available'>;

/** Status of one region's copy of an image. `timedout` is sent by the API but missing from the spec. */
export type ReplicaStatus = OpenEnum<
  | 'available'
  | 'creating'
  | 'pending'
  | 'pending deletion'
  | 'pending replication'
  | 'replicating'
  | 'timedout'
>;

export interface ImageRegion {
  region: string;
  status: ReplicaStatus;
}

export interface Image {
  id: string;
  /** The id when the answer has no label. */
  label: string;
  description: string | null;
  /** Null when the answer does not say (undeclared nulls happen): sorted last, shown as unknown. */
  created: string | null;
  updated: string | null;
  created_by: string | null;
  /** `shared` (image sharing) is sent although the spec does not list it; null when missing. */
  type: OpenEnum<'manual' | 'automatic' | 'shared'> | null;
  is_public: boolean;
  /** Minimum disk size in MB needed to deploy the image; null when unknown. */
  size: number | null;
  /** Bytes stored across all regions; null when unknown (public images: the API sends null or nothing). */
  total_size: number | null;
  vendor: string | null;
  deprecated: boolean;
  expiry: string | null;
  eol: string | null;
  status: ImageStatus;
  /** [] when the answer has none (null or missing). */
  capabilities: string[];
  tags: string[];
  /** [] when the answer has none: public images come with `regions: null`. */
  regions: ImageRegion[];
  /** Image sharing (newer than the 4.189 spec): whether the image is in a share group. Absent from older answers. */
  is_shared?: boolean;
  /** Who it is shared with (your images) or by (images shared with you); null or absent when neither. */
  image_sharing?: ImageSharing | null;
}

export interface ImageSharing {
  /** Your image, shared through share groups. */
  shared_with: { sharegroup_count: number; sharegroup_list_url: string | null } | null;
  /** An image shared with you: the group it comes from and the image it is a copy of. */
  shared_by: { sharegroup_id: number; sharegroup_uuid: string | null; sharegroup_label: string; source_image_id: string | null } | null;
}

export interface Page<T> {
  data: T[];
  page: number;
  pages: number;
  results: number;
}

export interface Region {
  id: string;
  label: string;
  country: string;
  capabilities: string[];
  /** Null when the answer does not say. */
  status: OpenEnum<'ok' | 'outage'> | null;
  /** The live API sends `site_type`; the 4.189 spec names it `site-type` (a known spec bug). */
  site_type?: OpenEnum<'core' | 'distributed'>;
  resolvers?: { ipv4: string; ipv6: string };
}

export type LinodeStatus = OpenEnum<
  | 'running' | 'offline' | 'booting' | 'busy' | 'rebooting' | 'shutting_down' | 'provisioning'
  | 'deleting' | 'migrating' | 'rebuilding' | 'cloning' | 'restoring' | 'stopped' | 'billing_suspension'
>;

export interface Linode {
  id: number;
  label: string;
  region: string;
  type: string;
  image: string | null;
  status: LinodeStatus;
  tags: string[];
  /** Public IPv4 addresses; [] when the answer has none. */
  ipv4: string[];
  /** The SLAAC address with its prefix (`2001:db8::1/128`); null when it has none. */
  ipv6: string | null;
  /** When it was made (billing starts then); null when the answer does not say. */
  created: string | null;
}

/** A price in US dollars: per hour, and the monthly cap of the hourly charges. */
export interface Price {
  hourly: number;
  monthly: number;
}

/** What a plan costs in one region, where that differs from its default price. */
export interface RegionPrice extends Price {
  /** The region's id, e.g. `br-gru`. */
  id: string;
}

/** A plan Linodes are made of (GET /linode/types). */
export interface LinodeType {
  id: string;
  /** The id when the answer has no label. */
  label: string;
  class: OpenEnum<'nanode' | 'standard' | 'dedicated' | 'premium' | 'gpu' | 'highmem'> | null;
  /** MB. */
  memory: number;
  /** MB. */
  disk: number;
  vcpus: number;
  gpus: number;
  /** MB a month. */
  transfer: number | null;
  /** The default price; null when the answer has none. */
  price: Price | null;
  /** Regions priced otherwise; [] when the answer has none. */
  region_prices: RegionPrice[];
}

/**
 * A new Linode (POST /linode/instances). `label` is required here although the API would make one up: a create whose
 * answer is lost is found again by its label, which is unique in the account.
 */
export interface LinodeCreateRequest {
  region: string;
  type: string;
  label: string;
  image?: string;
  /** Required with `image`; see `generateRootPassword`. */
  root_pass?: string;
  authorized_keys?: string[];
  /** Users of the account whose profile SSH keys go into root's authorized_keys. */
  authorized_users?: string[];
  /** Default true with an image. */
  booted?: boolean;
  tags?: string[];
  /** cloud-init user data, base64 (only for images with the `cloud-init` capability). */
  metadata?: { user_data: string };
  swap_size?: number;
}

/** A rebuild (POST /linode/instances/{id}/rebuild): every disk is replaced by a fresh deployment of `image`. */
export interface LinodeRebuildRequest {
  image: string;
  root_pass: string;
  authorized_keys?: string[];
  authorized_users?: string[];
  booted?: boolean;
  metadata?: { user_data: string };
}

/** A public key in the user's profile (GET /profile/sshkeys). */
export interface SshKey {
  id: number;
  label: string;
  /** The OpenSSH line, `ssh-ed25519 AAAA… comment`. */
  ssh_key: string;
  created: string | null;
}

export type DiskFilesystem = OpenEnum<'raw' | 'swap' | 'ext3' | 'ext4' | 'initrd'>;

export interface Disk {
  id: number;
  label: string;
  /** MB; null when unknown. */
  size: number | null;
  filesystem: DiskFilesystem;
  status: OpenEnum<'ready' | 'not ready' | 'deleting'>;
  created: string | null;
  updated: string | null;
}

export interface Profile {
  username: string;
  email: string;
  uid: number;
  restricted: boolean;
}

/** Token check result: the profile plus the scopes the API reported for the token. */
export interface TokenInfo {
  profile: Profile;
  /** From `X-OAuth-Scopes`; `*` means full access; undefined when the header is absent. */
  scopes: string[] | undefined;
}

export interface ImageUpdate {
  label?: string;
  description?: string | null;
  tags?: string[];
}

export interface ImageCapture {
  disk_id: number;
  label?: string;
  description?: string;
  cloud_init?: boolean;
  tags?: string[];
}

export interface ImageUploadRequest {
  label: string;
  region: string;
  description?: string;
  cloud_init?: boolean;
  tags?: string[];
}

export interface ImageUploadContainer {
  image: Image;
  upload_to: string;
}

/** `status` of an account event (GET /account/events). */
export type EventStatus = OpenEnum<'failed' | 'finished' | 'notification' | 'scheduled' | 'started'>;

/** What an event is about: for image events an image (`id` is the number in `private/NNN`), for a capture the Linode. */
export interface EventEntity {
  id: number | null;
  type: string | null;
  label: string | null;
  /** e.g. `/v4/images/private/12345`; null when the answer has none. */
  url: string | null;
}

/** One account event, as GET /account/events lists them (see recorded/TestAccountEvents_List.yaml). */
export interface AccountEvent {
  id: number;
  /** `image_upload`, `image_update`, `image_delete`, `disk_imagize`, … (Linode adds actions without notice). */
  action: string;
  created: string | null;
  status: EventStatus;
  username: string | null;
  entity: EventEntity | null;
  /** For `disk_imagize`: the image being made. */
  secondary_entity: EventEntity | null;
  /** Linode's own words, e.g. why an upload failed; null or "" when it says nothing. */
  message: string | null;
}

/** A share group (v4beta): images one account shares with the accounts that joined it. */
export interface ShareGroup {
  id: number;
  uuid: string;
  label: string;
  description: string;
  is_suspended: boolean;
  created: string | null;
  updated: string | null;
  expiry: string | null;
  images_count: number;
  members_count: number;
}

/** An account that joined a share group with the membership token it gave the owner. */
export interface ShareGroupMember {
  /** The token's uuid: how the member is named in URLs. Also `id`, so members list like everything else. */
  token_uuid: string;
  id: string;
  label: string;
  status: string;
  created: string | null;
  updated: string | null;
  expiry: string | null;
}

/**
 * A membership token of this account (the consumer's side): made for one group's uuid, handed to the group's owner,
 * who adds it as a member. The token's text itself is in the create answer only (`CreatedShareGroupToken`).
 */
export interface ShareGroupToken {
  token_uuid: string;
  /** `token_uuid` again, so tokens list like everything else. */
  id: string;
  label: string;
  /** `pending`, `active`, `revoked` or `expired` (Linode's API reference). */
  status: string;
  valid_for_sharegroup_uuid: string;
  /** The group's uuid and label; null when Linode does not name it (a group deleted since). */
  sharegroup_uuid: string | null;
  sharegroup_label: string | null;
  created: string | null;
  updated: string | null;
  expiry: string | null;
}

/** The answer to making a token: the only time Linode shows the token itself. */
export interface CreatedShareGroupToken extends ShareGroupToken {
  token: string;
}

/** An image to share: the private image and what members see it as. */
export interface ShareImageRequest {
  id: string;
  label?: string;
  description?: string;
}
