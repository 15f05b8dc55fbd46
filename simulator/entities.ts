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

/** A Linode with the 4.189 spec's fields (the extension only reads the ones in `Linode`). */
export interface SimLinode extends Linode {
  created: string;
  updated: string;
  group: string;
  hypervisor: 'kvm';
  ipv4: string[];
  ipv6: string | null;
  specs: { disk: number; memory: number; vcpus: number; gpus: number; transfer: number };
  alerts: { cpu: number; io: number; network_in: number; network_out: number; transfer_quota: number };
  backups: {
    enabled: boolean;
    available: boolean;
    schedule: { day: string | null; window: string | null };
    last_successful?: string;
  };
  watchdog_enabled: boolean;
  has_user_data: boolean;
  host_uuid: string;
  lke_cluster_id: number | null;
  placement_group: null;
  capabilities: string[];
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
