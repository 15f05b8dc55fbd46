// Shapes of the Linode API v4 objects this extension reads and writes (spec 4.189.0).
// Timestamps are UTC without an offset, e.g. "2021-08-14T22:44:02".

export type ApiVersion = 'v4' | 'v4beta';

export type ImageStatus = 'creating' | 'pending_upload' | 'available';

/** Status of one region's copy of an image. `timedout` is sent by the API but missing from the spec. */
export type ReplicaStatus =
  | 'available'
  | 'creating'
  | 'pending'
  | 'pending deletion'
  | 'pending replication'
  | 'replicating'
  | 'timedout';

export interface ImageRegion {
  region: string;
  status: ReplicaStatus;
}

export interface Image {
  id: string;
  label: string;
  description: string | null;
  created: string;
  updated: string;
  created_by: string | null;
  type: 'manual' | 'automatic';
  is_public: boolean;
  /** Minimum disk size in MB needed to deploy the image. */
  size: number;
  /** Bytes stored across all regions. */
  total_size: number;
  vendor: string | null;
  deprecated: boolean;
  expiry: string | null;
  eol: string | null;
  status: ImageStatus;
  capabilities: string[];
  tags: string[];
  regions: ImageRegion[];
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
  status: 'ok' | 'outage';
  /** The live API sends `site_type`; the 4.189 spec names it `site-type` (a known spec bug). */
  site_type?: 'core' | 'distributed';
  resolvers?: { ipv4: string; ipv6: string };
}

export type LinodeStatus =
  | 'running' | 'offline' | 'booting' | 'busy' | 'rebooting' | 'shutting_down' | 'provisioning'
  | 'deleting' | 'migrating' | 'rebuilding' | 'cloning' | 'restoring' | 'stopped' | 'billing_suspension';

export interface Linode {
  id: number;
  label: string;
  region: string;
  type: string;
  image: string | null;
  status: LinodeStatus;
  tags: string[];
}

export type DiskFilesystem = 'raw' | 'swap' | 'ext3' | 'ext4' | 'initrd';

export interface Disk {
  id: number;
  label: string;
  /** MB */
  size: number;
  filesystem: DiskFilesystem;
  status: 'ready' | 'not ready' | 'deleting';
  created: string;
  updated: string;
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
