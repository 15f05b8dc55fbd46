// The simulator's records of images, regions, Linodes, disks and the profile, in the shapes the spec documents. A
// leaf: the state, the event log, the seeds and the routes all speak of these, and this module speaks of none of them.
import type { Disk, Image, Linode, Profile, Region } from '../src/core/api/types';

/**
 * An image as the spec documents it, which is what the simulator sends (the client's `Image` allows the nulls the
 * real API sends; see realWorld.ts for those).
 */
export interface SimImage extends Omit<Image, 'size' | 'total_size' | 'created' | 'updated' | 'type'> {
  size: number;
  total_size: number;
  created: string;
  updated: string;
  type: 'manual' | 'automatic';
}

export interface SimRegion extends Region {
  site_type: 'core' | 'distributed';
  resolvers: { ipv4: string; ipv6: string };
  placement_group_limits: { maximum_linodes_per_pg: number; maximum_pgs_per_customer: number | null };
  /** Sent by the live API, absent from the 4.189 spec. */
  monitors?: { alerts: string[]; metrics: string[] };
}

/**
 * A Linode as the real API sends it (recorded/TestImage_CloudInit.yaml, TestAccountEvents_List.yaml: POST
 * /linode/instances), which has more than the 4.189 spec: `site_type`, `disk_encryption`, `interface_generation`,
 * `maintenance_policy`, `locks`, `specs.accelerated_devices`, `alerts.system_alerts` / `user_alerts`, and a
 * `backups.last_successful` of null. Where the two disagree the recorded answer wins (the contract test excuses
 * exactly these; see test/contract/openapiValidator.ts). The extension only reads the fields in `Linode`.
 */
export interface SimLinode extends Linode {
  group: string;
  created: string;
  updated: string;
  ipv4: string[];
  ipv6: string | null;
  site_type: 'core' | 'distributed';
  specs: { disk: number; memory: number; vcpus: number; gpus: number; transfer: number; accelerated_devices: number };
  alerts: {
    cpu: number;
    network_in: number;
    network_out: number;
    transfer_quota: number;
    io: number;
    system_alerts: string[];
    user_alerts: string[];
  };
  backups: {
    enabled: boolean;
    available: boolean;
    schedule: { day: string | null; window: string | null };
    last_successful: string | null;
  };
  hypervisor: 'kvm';
  watchdog_enabled: boolean;
  /** 40 hex digits in the recorded answers (the spec says `format: uuid`). */
  host_uuid: string;
  has_user_data: boolean;
  placement_group: null;
  disk_encryption: 'enabled' | 'disabled';
  lke_cluster_id: number | null;
  capabilities: string[];
  interface_generation: 'legacy_config' | 'linode';
  maintenance_policy: string;
  locks: string[];
}

/** A plan (GET /linode/types), with every property the 4.189 spec declares. */
export interface SimLinodeType {
  id: string;
  label: string;
  class: 'nanode' | 'standard' | 'dedicated' | 'premium' | 'gpu' | 'highmem';
  disk: number;
  memory: number;
  vcpus: number;
  gpus: number;
  network_out: number;
  transfer: number;
  price: SimPrice;
  region_prices: SimRegionPrice[];
  addons: { backups: { price: SimPrice; region_prices: SimRegionPrice[] } };
  successor: string | null;
}

export interface SimPrice {
  hourly: number;
  monthly: number;
}

export interface SimRegionPrice extends SimPrice {
  id: string;
}

/** A public key in a user's profile (GET /profile/sshkeys); `username` says whose (not sent over the wire). */
export interface SimSshKey {
  id: number;
  label: string;
  ssh_key: string;
  created: string;
  username: string;
}

/** A disk as the spec documents it, plus the Linode it belongs to (not sent over the wire). */
export interface SimDisk extends Omit<Disk, 'size' | 'created' | 'updated'> {
  size: number;
  created: string;
  updated: string;
  linode_id: number;
}

export interface SimProfile extends Profile {
  timezone: string;
  two_factor_auth: boolean;
  authentication_type: 'password' | 'github';
  lish_auth_method: 'password_keys' | 'keys_only' | 'disabled';
  authorized_keys: string[] | null;
  email_notifications: boolean;
  ip_whitelist_enabled: boolean;
  referrals: { code: string; url: string; total: number; completed: number; pending: number; credit: number };
  verified_phone_number: string | null;
}
