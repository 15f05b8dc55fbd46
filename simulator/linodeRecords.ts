// The shapes the Linode-instance part of the simulator hands out: the plans (GET /linode/types) and a Linode record in
// the key order and with the fields the real API sends (recorded/TestImage_CloudInit.yaml, POST /linode/instances).
// A leaf: the seeds and the instance routes both build from here.

import type { SimLinode, SimLinodeType, SimPrice, SimRegionPrice } from './entities';

/**
 * The regions Linode prices differently from its default (Jakarta and São Paulo, about 20% and 40% dearer); every
 * other region bills the default `price`.
 */
const PRICIER_REGIONS: ReadonlyArray<readonly [string, number]> = [
  ['id-cgk', 1.2],
  ['br-gru', 1.4],
];

function regionPrices(price: SimPrice): SimRegionPrice[] {
  return PRICIER_REGIONS.map(([id, factor]) => ({
    id,
    hourly: Math.round(price.hourly * factor * 10_000) / 10_000,
    monthly: Math.round(price.monthly * factor * 100) / 100,
  }));
}

interface PlanSpec {
  id: string;
  label: string;
  class: SimLinodeType['class'];
  memory: number;
  disk: number;
  vcpus: number;
  transfer: number;
  networkOut: number;
  price: SimPrice;
  backups: SimPrice;
  gpus?: number;
  /** Premium and GPU plans are not sold in the pricier regions. */
  defaultPriceOnly?: boolean;
}

function plan(spec: PlanSpec): SimLinodeType {
  // Keys in the spec's order.
  return {
    id: spec.id,
    label: spec.label,
    class: spec.class,
    disk: spec.disk,
    memory: spec.memory,
    vcpus: spec.vcpus,
    gpus: spec.gpus ?? 0,
    network_out: spec.networkOut,
    transfer: spec.transfer,
    price: { ...spec.price },
    region_prices: spec.defaultPriceOnly ? [] : regionPrices(spec.price),
    addons: { backups: { price: { ...spec.backups }, region_prices: spec.defaultPriceOnly ? [] : regionPrices(spec.backups) } },
    successor: null,
  };
}

/** A realistic set of Linode's plans: shared, dedicated, high-memory, premium and GPU, at their list prices. */
export function linodeTypeCatalogue(): SimLinodeType[] {
  const specs: PlanSpec[] = [
    { id: 'g6-nanode-1', label: 'Nanode 1GB', class: 'nanode', memory: 1024, disk: 25600, vcpus: 1, transfer: 1000, networkOut: 1000, price: { hourly: 0.0075, monthly: 5 }, backups: { hourly: 0.003, monthly: 2 } },
    { id: 'g6-standard-1', label: 'Linode 2GB', class: 'standard', memory: 2048, disk: 51200, vcpus: 1, transfer: 2000, networkOut: 2000, price: { hourly: 0.018, monthly: 12 }, backups: { hourly: 0.004, monthly: 2.5 } },
    { id: 'g6-standard-2', label: 'Linode 4GB', class: 'standard', memory: 4096, disk: 81920, vcpus: 2, transfer: 4000, networkOut: 4000, price: { hourly: 0.036, monthly: 24 }, backups: { hourly: 0.008, monthly: 5 } },
    { id: 'g6-standard-4', label: 'Linode 8GB', class: 'standard', memory: 8192, disk: 163840, vcpus: 4, transfer: 5000, networkOut: 5000, price: { hourly: 0.072, monthly: 48 }, backups: { hourly: 0.015, monthly: 10 } },
    { id: 'g6-standard-6', label: 'Linode 16GB', class: 'standard', memory: 16384, disk: 327680, vcpus: 6, transfer: 8000, networkOut: 6000, price: { hourly: 0.144, monthly: 96 }, backups: { hourly: 0.03, monthly: 20 } },
    { id: 'g6-standard-8', label: 'Linode 32GB', class: 'standard', memory: 32768, disk: 655360, vcpus: 8, transfer: 16000, networkOut: 7000, price: { hourly: 0.288, monthly: 192 }, backups: { hourly: 0.06, monthly: 40 } },
    { id: 'g6-dedicated-2', label: 'Dedicated 4GB', class: 'dedicated', memory: 4096, disk: 81920, vcpus: 2, transfer: 4000, networkOut: 4000, price: { hourly: 0.054, monthly: 36 }, backups: { hourly: 0.008, monthly: 5 } },
    { id: 'g6-dedicated-4', label: 'Dedicated 8GB', class: 'dedicated', memory: 8192, disk: 163840, vcpus: 4, transfer: 5000, networkOut: 5000, price: { hourly: 0.108, monthly: 72 }, backups: { hourly: 0.015, monthly: 10 } },
    { id: 'g6-dedicated-8', label: 'Dedicated 16GB', class: 'dedicated', memory: 16384, disk: 327680, vcpus: 8, transfer: 6000, networkOut: 6000, price: { hourly: 0.216, monthly: 144 }, backups: { hourly: 0.03, monthly: 20 } },
    { id: 'g7-highmem-1', label: 'Linode 24GB', class: 'highmem', memory: 24576, disk: 20480, vcpus: 2, transfer: 5000, networkOut: 5000, price: { hourly: 0.09, monthly: 60 }, backups: { hourly: 0.0075, monthly: 5 } },
    { id: 'g7-premium-2', label: 'Premium 4GB', class: 'premium', memory: 4096, disk: 81920, vcpus: 2, transfer: 4000, networkOut: 4000, price: { hourly: 0.065, monthly: 43 }, backups: { hourly: 0.008, monthly: 5 }, defaultPriceOnly: true },
    { id: 'g1-gpu-rtx6000-1', label: 'Dedicated 32GB + RTX6000 GPU x1', class: 'gpu', memory: 32768, disk: 655360, vcpus: 8, gpus: 1, transfer: 16000, networkOut: 10000, price: { hourly: 1.5, monthly: 1000 }, backups: { hourly: 0.06, monthly: 40 }, defaultPriceOnly: true },
  ];
  return specs.map(plan);
}

/** The region capability a plan class needs (Linode sells premium and GPU plans only where the region says so). */
export function capabilityNeededBy(planClass: SimLinodeType['class']): string | undefined {
  if (planClass === 'gpu') return 'GPU Linodes';
  if (planClass === 'premium') return 'Premium Plans';
  return undefined;
}

export interface LinodeRecordFields {
  id: number;
  label: string;
  region: string;
  siteType: SimLinode['site_type'];
  type: Pick<SimLinodeType, 'id' | 'disk' | 'memory' | 'vcpus' | 'gpus' | 'transfer'>;
  image: string | null;
  status: SimLinode['status'];
  tags: string[];
  created: string;
  ipv4: string;
  group?: string;
  backupsEnabled?: boolean;
  hasUserData?: boolean;
}

/**
 * A Linode with the recorded answer's keys, in its order. The recorded `host_uuid` is 40 hex digits (not a UUID);
 * alerts default to 90% CPU per core, as there.
 */
export function simLinode(fields: LinodeRecordFields): SimLinode {
  return {
    id: fields.id,
    label: fields.label,
    group: fields.group ?? '',
    status: fields.status,
    created: fields.created,
    updated: fields.created,
    type: fields.type.id,
    ipv4: [fields.ipv4],
    ipv6: `2001:db8:${(fields.id % 0xffff).toString(16)}::1/128`,
    image: fields.image,
    region: fields.region,
    site_type: fields.siteType,
    specs: {
      disk: fields.type.disk,
      memory: fields.type.memory,
      vcpus: fields.type.vcpus,
      gpus: fields.type.gpus,
      transfer: fields.type.transfer,
      accelerated_devices: 0,
    },
    alerts: { cpu: 90 * fields.type.vcpus, network_in: 10, network_out: 10, transfer_quota: 80, io: 10000, system_alerts: [], user_alerts: [] },
    backups: { enabled: fields.backupsEnabled ?? false, available: false, schedule: { day: null, window: null }, last_successful: null },
    hypervisor: 'kvm',
    watchdog_enabled: true,
    tags: fields.tags,
    host_uuid: `3f8e2a1c5b7d4e9fa0c1${fields.id.toString(16).padStart(20, '0')}`,
    has_user_data: fields.hasUserData ?? false,
    placement_group: null,
    // New Linodes have encrypted local disks by default (as recorded).
    disk_encryption: 'enabled',
    lke_cluster_id: null,
    capabilities: ['Block Storage Encryption', 'Maintenance Policy'],
    interface_generation: 'legacy_config',
    maintenance_policy: 'linode/migrate',
    locks: [],
  };
}
