// Seed data: the default seed, the seeds built on it (two accounts, sharing), and the parts other seeds reuse (regions,
// public images, Linodes, profile). Deterministic: fixed ids and timestamps; only the due-times of in-progress steps
// depend on the clock. The seeds are listed by name in seeds.ts.

import type { ImageRegion } from '../src/core/api/types';
import type { SimDisk, SimImage, SimLinode, SimRegion } from './entities';
import { linodeTypeCatalogue, simLinode, type LinodeRecordFields } from './linodeRecords';
import type { SimulatorState } from './state';
import { membershipTokenText } from './shareGroups';
import { accountOfUser, SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TEAMMATE_USERNAME, SIMULATOR_USERNAME, teammateTokenRecord } from './tokens';

/** Ids in the default seed that tests rely on. */
export const SEED_IDS = {
  images: {
    /** available, us-east only, tags + description */
    singleRegion: 'private/15001',
    /** available in us-east, eu-west, ap-south (all available) */
    multiRegion: 'private/15002',
    /** available; us-ord available, eu-central `pending replication`, fr-par `replicating` */
    replicating: 'private/15003',
    /** pending_upload in us-west (region status `pending`); its upload URL is known to the state */
    pendingUpload: 'private/15004',
    /** creating in us-ord (captured from a disk) */
    creating: 'private/15005',
    /** type automatic with expiry, available in ap-northeast */
    automatic: 'private/15006',
    /** available in eu-west + gb-lon, cloud-init, many tags */
    cloudInit: 'private/15007',
    /** available in us-central, no description, no tags, old */
    legacy: 'private/15008',
    /** available in us-east; us-west `pending deletion` */
    pendingDeletion: 'private/15009',
    publicCurrent: 'linode/debian12',
    publicDeprecated: 'linode/debian10',
  },
  linodes: { webProd: 41000001, dbEu: 41000002, buildBox: 41000003, edgeNode: 41000004 },
  disks: {
    webProdMain: 71000001,
    webProdSwap: 71000002,
    dbEuMain: 71000003,
    dbEuSwap: 71000004,
    buildBoxMain: 71000005,
    buildBoxRaw: 71000006,
    buildBoxNotReady: 71000007,
    edgeNodeMain: 71000008,
    edgeNodeSwap: 71000009,
  },
  regions: { withoutObjectStorage: 'ap-west', distributed: 'us-den-1' },
  /** sim-user's public keys (GET /profile/sshkeys); sim-teammate has none. */
  sshKeys: { laptop: 27001, ci: 27002 },
  /**
   * The `two-accounts` seed only: private images of `sim-teammate`'s own account (created_by `sim-teammate`), which
   * only that user's tokens see. Numbered below the default seed's, so new images still start at private/15010.
   */
  teammateImages: {
    /** available in us-east and eu-west */
    base: 'private/14001',
    /** available in ap-south, tagged */
    app: 'private/14002',
  },
  /**
   * The `sharing` seed only (sharing.ts): sim-user's share group "Team images" shares `source` (db-golden) as
   * `sharedImage`, and sim-teammate (SIMULATOR_TEAMMATE_TOKEN) is its member, so that user's v4beta `GET /images`
   * lists `sharedImage`.
   */
  sharing: {
    groupId: 8301,
    groupUuid: '7e4d2c1a-5b3f-4e6a-9c8d-0f1e2d3c4b5a',
    groupLabel: 'Team images',
    source: 'private/15002',
    sharedImage: 'shared/5801',
    /** The teammate's membership token (its `token_uuid`, also the member's id in the group). */
    memberTokenUuid: 'c0ffee00-1d2e-4f3a-8b4c-5d6e7f8a9b0c',
  },
} as const;

/** The seeded pending_upload container's upload key, so tests can complete it. */
const SEED_UPLOAD_KEY = '9f3c1e7a5b2d4c6e8a0b1c2d3e4f5a6b7c8d';

/**
 * The default seed plus two private images in `sim-teammate`'s own account, for sign-in tests where two users must
 * see different images. Not part of the default seed: there, every private image is the main account's, so a
 * default token sees everything in `state.images` (tests compare with that).
 */
export function seedTwoAccounts(state: SimulatorState): void {
  seedDefault(state);
  const { teammateImages } = SEED_IDS;
  state.putImage(
    privateImage({
      id: teammateImages.base,
      label: 'teammate-base',
      description: "sim-teammate's base image.",
      created: '2024-06-10T12:00:00',
      created_by: SIMULATOR_TEAMMATE_USERNAME,
      size: 2200,
      regions: replicas(['us-east', 'available'], ['eu-west', 'available']),
    }),
  );
  state.putImage(
    privateImage({
      id: teammateImages.app,
      label: 'teammate-app',
      created: '2024-09-02T08:30:00',
      created_by: SIMULATOR_TEAMMATE_USERNAME,
      size: 3100,
      tags: ['teammate'],
      regions: replicas(['ap-south', 'available']),
    }),
  );
}

/**
 * The `two-accounts` seed with image sharing on (the accounts are in the beta, so /v4beta serves share groups and
 * `is_shared` / `image_sharing`): sim-user's group "Team images" shares db-golden, and sim-teammate, whose full-access
 * token SIMULATOR_TEAMMATE_TOKEN this seed adds, is an active member, so that user sees one `shared/` image.
 */
export function seedSharing(state: SimulatorState): void {
  seedTwoAccounts(state);
  const { sharing } = SEED_IDS;
  state.imageSharing = true;
  state.tokens.set(SIMULATOR_TEAMMATE_TOKEN, teammateTokenRecord());
  const created = '2024-10-02T09:30:00';
  const group = state.sharing.createGroup({
    id: sharing.groupId,
    uuid: sharing.groupUuid,
    label: sharing.groupLabel,
    description: 'Golden images the team deploys from.',
    created,
    account: accountOfUser(SIMULATOR_USERNAME),
  });
  const source = state.images.get(sharing.source);
  if (source) {
    state.sharing.addImage(group, source, { id: sharing.sharedImage, label: 'db-golden (team)', created });
  }
  const token = state.sharing.createToken({
    token_uuid: sharing.memberTokenUuid,
    token: membershipTokenText(sharing.memberTokenUuid, group.uuid, Buffer.from('teammate'.padEnd(32, '0'))),
    label: 'team images',
    valid_for_sharegroup_uuid: group.uuid,
    created,
    account: accountOfUser(SIMULATOR_TEAMMATE_USERNAME),
  });
  state.sharing.addMember(group, token, 'sim-teammate', created);
}

/** Nothing but the tokens and profile every state starts with. */
export function seedEmpty(): void {
  // No images, regions or Linodes; tokens and profile stay.
}

/** Regions, public and private images, Linodes and disks, and the profile (SEED_IDS names those tests rely on). */
export function seedDefault(state: SimulatorState): void {
  seedProfile(state);
  for (const region of defaultRegions()) {
    state.regions.set(region.id, region);
  }
  for (const image of publicImages()) {
    state.putImage(image);
  }
  seedPrivateImages(state);
  seedLinodeTypes(state);
  seedLinodes(state);
  seedSshKeys(state);
}

/** Linode's plans (GET /linode/types), the same in every seed that has regions. */
export function seedLinodeTypes(state: SimulatorState): void {
  for (const type of linodeTypeCatalogue()) {
    state.linodeTypes.set(type.id, type);
  }
}

export function seedProfile(state: SimulatorState): void {
  state.profile.uid = 4242421;
  state.profile.email = `${SIMULATOR_USERNAME}@example.com`;
  state.profile.referrals = {
    code: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    url: 'https://www.linode.com/?r=a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    total: 0,
    completed: 0,
    pending: 0,
    credit: 0,
  };
}

// ---- regions ------------------------------------------------------------------------------------

const CORE_CAPABILITIES = [
  'Linodes',
  'Backups',
  'NodeBalancers',
  'Block Storage',
  'Object Storage',
  'Kubernetes',
  'Cloud Firewall',
  'Vlans',
  'VPCs',
  'Metadata',
  'Placement Group',
  'Block Storage Encryption',
];

export function region(
  id: string,
  label: string,
  country: string,
  resolverOctet: number,
  options: { withoutObjectStorage?: boolean; distributed?: boolean; monitors?: boolean } = {},
): SimRegion {
  let capabilities = CORE_CAPABILITIES;
  if (options.distributed) {
    capabilities = ['Linodes', 'Cloud Firewall', 'Distributed Plans'];
  } else if (options.withoutObjectStorage) {
    capabilities = CORE_CAPABILITIES.filter((capability) => capability !== 'Object Storage');
  }
  const result: SimRegion = {
    id,
    label,
    country,
    capabilities: [...capabilities],
    status: 'ok',
    site_type: options.distributed ? 'distributed' : 'core',
    resolvers: {
      ipv4: `192.0.2.${resolverOctet}, 192.0.2.${resolverOctet + 1}`,
      ipv6: `2001:db8:0:${resolverOctet.toString(16)}::5, 2001:db8:0:${resolverOctet.toString(16)}::6`,
    },
    placement_group_limits: { maximum_linodes_per_pg: options.distributed ? 1 : 5, maximum_pgs_per_customer: null },
  };
  if (options.monitors) {
    result.monitors = { alerts: ['Managed Databases', 'Linodes'], metrics: ['Managed Databases', 'Linodes'] };
  }
  return result;
}

export function defaultRegions(): SimRegion[] {
  return [
    region('us-east', 'Newark, NJ', 'us', 10, { monitors: true }),
    region('us-central', 'Dallas, TX', 'us', 12),
    region('us-west', 'Fremont, CA', 'us', 14),
    region('us-southeast', 'Atlanta, GA', 'us', 16),
    region('us-ord', 'Chicago, IL', 'us', 18, { monitors: true }),
    region('eu-west', 'London, UK', 'gb', 20),
    region('eu-central', 'Frankfurt, DE', 'de', 22, { monitors: true }),
    region('fr-par', 'Paris, FR', 'fr', 24),
    region('ap-south', 'Singapore, SG', 'sg', 26),
    region('ap-northeast', 'Tokyo, JP', 'jp', 28),
    region('gb-lon', 'London 2, UK', 'gb', 30),
    region('ap-west', 'Mumbai, IN', 'in', 32, { withoutObjectStorage: true }),
    region('us-den-1', 'Denver, CO', 'us', 34, { distributed: true }),
  ];
}

// ---- public images ------------------------------------------------------------------------------

interface PublicImageSpec {
  id: string;
  label: string;
  vendor: string;
  size: number;
  created: string;
  eol: string | null;
  deprecated?: boolean;
  cloudInit?: boolean;
}

function publicImage(spec: PublicImageSpec): SimImage {
  return {
    id: spec.id,
    label: spec.label,
    description: null,
    created: spec.created,
    updated: spec.created,
    created_by: 'linode',
    type: 'manual',
    is_public: true,
    size: spec.size,
    total_size: 0,
    vendor: spec.vendor,
    deprecated: spec.deprecated ?? false,
    expiry: null,
    eol: spec.eol,
    status: 'available',
    capabilities: spec.cloudInit === false ? [] : ['cloud-init', 'distributed-sites'],
    tags: [],
    regions: [],
  };
}

export function publicImages(): SimImage[] {
  const specs: PublicImageSpec[] = [
    { id: 'linode/almalinux8', label: 'AlmaLinux 8', vendor: 'AlmaLinux', size: 2000, created: '2021-03-31T14:30:00', eol: '2029-03-01T04:00:00' },
    { id: 'linode/almalinux9', label: 'AlmaLinux 9', vendor: 'AlmaLinux', size: 2500, created: '2022-05-26T18:06:20', eol: '2032-05-01T04:00:00' },
    { id: 'linode/alpine3.17', label: 'Alpine 3.17', vendor: 'Alpine', size: 300, created: '2022-11-22T20:13:52', eol: '2024-11-22T05:00:00', deprecated: true },
    { id: 'linode/alpine3.19', label: 'Alpine 3.19', vendor: 'Alpine', size: 300, created: '2023-12-07T18:55:03', eol: '2025-11-01T04:00:00' },
    { id: 'linode/alpine3.20', label: 'Alpine 3.20', vendor: 'Alpine', size: 300, created: '2024-05-23T16:40:25', eol: '2026-04-01T04:00:00' },
    { id: 'linode/arch', label: 'Arch Linux', vendor: 'Arch', size: 1500, created: '2014-09-24T17:59:32', eol: null },
    { id: 'linode/centos-stream8', label: 'CentOS Stream 8', vendor: 'CentOS', size: 2500, created: '2021-01-20T12:00:00', eol: '2024-05-31T04:00:00', deprecated: true },
    { id: 'linode/centos-stream9', label: 'CentOS Stream 9', vendor: 'CentOS', size: 2500, created: '2022-02-09T17:53:05', eol: '2027-05-31T04:00:00' },
    { id: 'linode/debian10', label: 'Debian 10', vendor: 'Debian', size: 1500, created: '2019-07-08T16:28:45', eol: '2024-06-30T04:00:00', deprecated: true },
    { id: 'linode/debian11', label: 'Debian 11', vendor: 'Debian', size: 1500, created: '2021-08-14T22:44:02', eol: '2026-08-15T04:00:00' },
    { id: 'linode/debian12', label: 'Debian 12', vendor: 'Debian', size: 1600, created: '2023-06-12T19:42:26', eol: '2028-06-30T04:00:00' },
    { id: 'linode/fedora39', label: 'Fedora 39', vendor: 'Fedora', size: 2700, created: '2023-11-07T16:07:37', eol: '2024-11-26T05:00:00', deprecated: true },
    { id: 'linode/fedora40', label: 'Fedora 40', vendor: 'Fedora', size: 2800, created: '2024-04-23T17:12:40', eol: '2025-05-13T04:00:00' },
    { id: 'linode/gentoo', label: 'Gentoo', vendor: 'Gentoo', size: 6500, created: '2014-09-24T17:59:32', eol: null, cloudInit: false },
    { id: 'linode/kali', label: 'Kali Linux', vendor: 'Kali', size: 5200, created: '2020-02-26T15:12:13', eol: null },
    { id: 'linode/opensuse15.5', label: 'openSUSE Leap 15.5', vendor: 'openSUSE', size: 2200, created: '2023-06-07T20:13:41', eol: '2024-12-31T05:00:00', deprecated: true },
    { id: 'linode/opensuse15.6', label: 'openSUSE Leap 15.6', vendor: 'openSUSE', size: 2300, created: '2024-06-12T18:22:51', eol: '2025-12-31T05:00:00' },
    { id: 'linode/rocky8', label: 'Rocky Linux 8', vendor: 'Rocky Linux', size: 2200, created: '2021-06-22T19:35:43', eol: '2029-05-01T04:00:00' },
    { id: 'linode/rocky9', label: 'Rocky Linux 9', vendor: 'Rocky Linux', size: 2300, created: '2022-07-14T21:06:56', eol: '2032-05-01T04:00:00' },
    { id: 'linode/slackware15.0', label: 'Slackware 15.0', vendor: 'Slackware', size: 6000, created: '2022-02-03T19:48:30', eol: null, cloudInit: false },
    { id: 'linode/ubuntu18.04', label: 'Ubuntu 18.04 LTS', vendor: 'Ubuntu', size: 2500, created: '2018-04-26T19:00:00', eol: '2023-05-31T04:00:00', deprecated: true },
    { id: 'linode/ubuntu20.04', label: 'Ubuntu 20.04 LTS', vendor: 'Ubuntu', size: 2500, created: '2020-04-23T15:51:58', eol: '2025-04-02T04:00:00' },
    { id: 'linode/ubuntu22.04', label: 'Ubuntu 22.04 LTS', vendor: 'Ubuntu', size: 2500, created: '2022-04-21T19:04:19', eol: '2027-04-01T04:00:00' },
    { id: 'linode/ubuntu24.04', label: 'Ubuntu 24.04 LTS', vendor: 'Ubuntu', size: 2800, created: '2024-04-25T16:28:43', eol: '2029-04-01T04:00:00' },
  ];
  return specs.map(publicImage);
}

// ---- private images -----------------------------------------------------------------------------

export function privateImage(fields: Partial<SimImage> & Pick<SimImage, 'id' | 'label' | 'created' | 'size' | 'regions'>): SimImage {
  // Keys in the order the API sends them.
  return {
    id: fields.id,
    label: fields.label,
    description: fields.description ?? null,
    created: fields.created,
    updated: fields.updated ?? fields.created,
    created_by: fields.created_by ?? SIMULATOR_USERNAME,
    type: fields.type ?? 'manual',
    is_public: false,
    size: fields.size,
    total_size: 0,
    vendor: null,
    deprecated: false,
    expiry: fields.expiry ?? null,
    eol: null,
    status: fields.status ?? 'available',
    capabilities: fields.capabilities ?? [],
    tags: fields.tags ?? [],
    regions: fields.regions,
  };
}

function replicas(...entries: Array<[string, ImageRegion['status']]>): ImageRegion[] {
  return entries.map(([region, status]) => ({ region, status }));
}

function seedPrivateImages(state: SimulatorState): void {
  const { images } = SEED_IDS;
  state.putImage(
    privateImage({
      id: images.singleRegion,
      label: 'web-base-2024',
      description: 'Nginx, certbot and the monitoring agent on Debian 12.',
      created: '2024-03-02T10:15:42',
      updated: '2024-03-04T08:01:10',
      size: 2400,
      tags: ['web', 'production'],
      regions: replicas(['us-east', 'available']),
    }),
  );
  state.putImage(
    privateImage({
      id: images.multiRegion,
      label: 'db-golden',
      description: 'PostgreSQL 16 golden image, hardened.',
      created: '2024-05-18T21:03:09',
      updated: '2024-06-01T12:00:00',
      size: 5120,
      tags: ['database'],
      regions: replicas(['us-east', 'available'], ['eu-west', 'available'], ['ap-south', 'available']),
    }),
  );
  const replicating = state.putImage(
    privateImage({
      id: images.replicating,
      label: 'app-release-1.4',
      description: 'Release 1.4 of the app server.',
      created: '2024-09-30T16:44:20',
      size: 3072,
      tags: ['app', 'release'],
      regions: replicas(['us-ord', 'available']),
    }),
  );
  state.startReplica(replicating, 'eu-central', 'pending replication');
  state.startReplica(replicating, 'fr-par', 'replicating');
  state.recomputeTotalSize(replicating);

  state.putImage(
    privateImage({
      id: images.pendingUpload,
      label: 'uploaded-appliance',
      description: 'Waiting for its bytes.',
      created: '2024-10-20T09:00:00',
      status: 'pending_upload',
      size: 0,
      regions: replicas(['us-west', 'pending']),
    }),
  );
  state.createUploadTarget(images.pendingUpload, SEED_UPLOAD_KEY, 'c'.repeat(64));

  const creating = state.putImage(
    privateImage({
      id: images.creating,
      label: 'ci-runner-snapshot',
      created: '2024-10-21T07:30:00',
      size: 8000,
      regions: replicas(['us-ord', 'available']),
    }),
  );
  state.startCreating(creating);

  state.putImage(
    privateImage({
      id: images.automatic,
      label: 'old-api-server-auto',
      description: 'Automatic image of the deleted Linode old-api-server.',
      type: 'automatic',
      created: '2024-10-01T03:12:55',
      expiry: '2030-12-31T03:12:55',
      size: 25600,
      regions: replicas(['ap-northeast', 'available']),
    }),
  );
  state.putImage(
    privateImage({
      id: images.cloudInit,
      label: 'k8s-node-golden',
      description: 'Kubernetes worker node with containerd; configured by cloud-init.',
      created: '2024-08-12T13:37:00',
      updated: '2024-08-20T09:12:45',
      size: 4096,
      capabilities: ['cloud-init'],
      tags: ['kubernetes', 'worker', 'cloud-init', 'team-platform'],
      regions: replicas(['eu-west', 'available'], ['gb-lon', 'available']),
    }),
  );
  state.putImage(
    privateImage({
      id: images.legacy,
      label: 'legacy-app',
      created: '2019-11-05T18:22:10',
      size: 1800,
      regions: replicas(['us-central', 'available']),
    }),
  );
  const pendingDeletion = state.putImage(
    privateImage({
      id: images.pendingDeletion,
      label: 'staging-base',
      description: 'Staging base image; its Fremont copy is being removed.',
      created: '2024-07-07T07:07:07',
      size: 2048,
      tags: ['staging'],
      regions: replicas(['us-east', 'available'], ['us-west', 'available']),
    }),
  );
  state.startReplicaRemoval(pendingDeletion, 'us-west');
  state.recomputeTotalSize(pendingDeletion);
}

// ---- Linodes and disks --------------------------------------------------------------------------

/** A seeded Linode of one of the catalogue's plans (linodeRecords.ts), in the shape the real API sends. */
function linode(
  fields: Omit<LinodeRecordFields, 'type' | 'siteType'> & { type: string },
): SimLinode {
  const type = linodeTypeCatalogue().find((candidate) => candidate.id === fields.type);
  if (!type) throw new Error(`seed Linode ${fields.label}: no plan ${fields.type}`);
  return simLinode({ ...fields, type, siteType: 'core' });
}

function disk(
  linodeId: number,
  id: number,
  label: string,
  filesystem: SimDisk['filesystem'],
  size: number,
  created: string,
  status: SimDisk['status'] = 'ready',
): SimDisk {
  return { id, label, size, filesystem, status, created, updated: created, linode_id: linodeId };
}

export function seedLinodes(state: SimulatorState): void {
  const { linodes, disks } = SEED_IDS;
  const all = [
    linode({
      id: linodes.webProd,
      label: 'web-prod-1',
      region: 'us-east',
      type: 'g6-standard-2',
      image: 'linode/debian12',
      status: 'running',
      tags: ['web', 'production'],
      created: '2024-02-11T09:20:31',
      ipv4: '203.0.113.10',
    }),
    linode({
      id: linodes.dbEu,
      label: 'db-eu-1',
      region: 'eu-west',
      type: 'g6-dedicated-4',
      image: 'linode/ubuntu22.04',
      status: 'offline',
      tags: ['database'],
      created: '2024-04-02T14:00:05',
      ipv4: '203.0.113.20',
    }),
    linode({
      id: linodes.buildBox,
      label: 'build-box',
      region: 'us-ord',
      type: 'g6-standard-1',
      image: 'linode/alpine3.20',
      status: 'running',
      tags: [],
      created: '2024-06-19T22:45:00',
      ipv4: '203.0.113.30',
    }),
    linode({
      id: linodes.edgeNode,
      label: 'edge-node-1',
      region: 'ap-south',
      type: 'g6-nanode-1',
      image: 'linode/debian11',
      status: 'booting',
      tags: ['edge'],
      created: '2024-10-10T05:05:05',
      ipv4: '203.0.113.40',
    }),
  ];
  for (const entry of all) {
    state.linodes.set(entry.id, entry);
  }
  const allDisks = [
    disk(linodes.webProd, disks.webProdMain, 'Debian 12 Disk', 'ext4', 81408, '2024-02-11T09:20:31'),
    disk(linodes.webProd, disks.webProdSwap, '512 MB Swap Image', 'swap', 512, '2024-02-11T09:20:31'),
    disk(linodes.dbEu, disks.dbEuMain, 'Ubuntu 22.04 LTS Disk', 'ext4', 163328, '2024-04-02T14:00:05'),
    disk(linodes.dbEu, disks.dbEuSwap, '512 MB Swap Image', 'swap', 512, '2024-04-02T14:00:05'),
    disk(linodes.buildBox, disks.buildBoxMain, 'Alpine 3.20 Disk', 'ext4', 8192, '2024-06-19T22:45:00'),
    disk(linodes.buildBox, disks.buildBoxRaw, 'scratch-raw', 'raw', 2048, '2024-06-20T10:11:12'),
    disk(linodes.buildBox, disks.buildBoxNotReady, 'resizing-data', 'ext4', 20480, '2024-10-21T06:59:00', 'not ready'),
    disk(linodes.edgeNode, disks.edgeNodeMain, 'Debian 11 Disk', 'ext4', 25088, '2024-10-10T05:05:05'),
    disk(linodes.edgeNode, disks.edgeNodeSwap, '512 MB Swap Image', 'swap', 512, '2024-10-10T05:05:05'),
  ];
  for (const entry of allDisks) {
    state.disks.set(entry.id, entry);
  }
}

/** An OpenSSH public key line for `keyType` with a key blob of `seed` bytes: the wire format Linode checks. */
function sshPublicKey(keyType: string, seed: number, comment: string): string {
  const name = Buffer.from(keyType);
  const key = Buffer.from(Array.from({ length: 32 }, (_, index) => (seed * 31 + index * 7) % 256));
  const blob = Buffer.alloc(8 + name.length + key.length);
  blob.writeUInt32BE(name.length, 0);
  name.copy(blob, 4);
  blob.writeUInt32BE(key.length, 4 + name.length);
  key.copy(blob, 8 + name.length);
  return `${keyType} ${blob.toString('base64')} ${comment}`;
}

export function seedSshKeys(state: SimulatorState): void {
  const { sshKeys } = SEED_IDS;
  state.sshKeys.set(sshKeys.laptop, {
    id: sshKeys.laptop,
    label: 'laptop',
    ssh_key: sshPublicKey('ssh-ed25519', 1, 'sim-user@laptop'),
    created: '2024-01-15T10:00:00',
    username: SIMULATOR_USERNAME,
  });
  state.sshKeys.set(sshKeys.ci, {
    id: sshKeys.ci,
    label: 'CI deploy key',
    ssh_key: sshPublicKey('ssh-ed25519', 2, 'ci@build-box'),
    created: '2024-06-20T08:15:00',
    username: SIMULATOR_USERNAME,
  });
}
