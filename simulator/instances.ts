// Linodes made, rebuilt and deleted through the API (deploying an image, trying it on a throwaway Linode), the plans
// they are made of, and the profile's SSH keys. Listing and reading Linodes and their disks is in routes.ts.
//
// Sources, in order: the exchanges recorded from the real API (recorded/TestImage_CloudInit.yaml,
// TestAccountEvents_List.yaml, TestImageSharing_Suite.yaml: POST and DELETE /linode/instances) win over the 4.189.0
// spec where they disagree (the Linode's shape: linodeRecords.ts); the spec otherwise (request bodies, scopes, the
// image and cloud-init rules in its descriptions); Linode's docs for what the spec leaves to "the API" (root password
// strength: rootPassword.ts). Choices of the simulator's own:
// - Field errors are 400, a status the spec documents (the image operations here answer 422).
// - A create or rebuild is one life-cycle step of `provisioning` / `rebuilding` (a `linode_create` / `linode_rebuild`
//   event, started, then finished), then, when the Linode boots, one step of `booting` (`linode_boot`), then
//   `running`; unbooted, it ends `offline` (state.ts). A delete is at once, with a `linode_delete` notification.
// - The simulator has no firewalls, backups, StackScripts, VPC subnets or placement groups: a request naming one is
//   refused as naming one that does not exist.
// - A `shared/NNNN` image (image sharing, sharing.ts) deploys where sharing applies (v4beta, accounts in the beta) for
//   an account that receives it (an active member of its share group), with what the private image it shares has now
//   (status, size, regions, capabilities), as Cloud Manager offers Deploy to New Linode and Rebuild on its "Shared
//   with me" rows (linode/manager, ImagesActionMenu `isSharedImageRow`, disabled only while not available). Any
//   other account, or one whose membership ended, gets what the real API answers for an image it will not deploy:
//   400 `image is not valid` on `image` (linode/linode-cli#61 shows that answer from api.linode.com).

import { findLinodeId, ownsLinodes, visibleTo } from './accounts';
import type { SimDisk, SimImage, SimLinode, SimLinodeType, SimRegion } from './entities';
import { linodeEntity } from './events';
import { ApiError, notFound } from './http';
import { capabilityNeededBy, simLinode } from './linodeRecords';
import { applyXFilter, paginate } from './listing';
import { rootPasswordProblem } from './rootPassword';
import type { Access, ApiVersion, Route, RouteRequest, RouteResult } from './routeTypes';
import { sharedImageFor, sharingApplies } from './sharing';
import type { SimulatorState } from './state';
import { accountOfUser, findUser } from './tokens';
import {
  checkTags,
  normalizeTags,
  objectBody,
  rejectUnknownFields,
  throwIfErrors,
  type FieldError,
  type JsonObject,
} from './validation';

const WRITE_LINODES: Access = { kind: 'token', scopes: [['linodes', 'read_write']] };
/** The spec's scope for GET /profile/sshkeys. */
const READ_ACCOUNT: Access = { kind: 'token', scopes: [['account', 'read_only']] };

/** The status of field errors here (see the top). */
const INVALID = 400;

/** The spec's filterable plan fields. */
const TYPE_FILTERABLE = {
  fields: new Set(['class', 'disk', 'gpus', 'label', 'memory', 'network_out', 'transfer', 'vcpus']),
};

function route(method: Route['method'], path: string, access: Access, handle: Route['handle']): Route {
  return { method, pattern: path.split('/'), access, handle };
}

export const INSTANCE_ROUTES: Route[] = [
  route('GET', 'linode/types', { kind: 'none' }, listLinodeTypes),
  route('GET', 'linode/types/:typeId', { kind: 'none' }, getLinodeType),
  route('POST', 'linode/instances', WRITE_LINODES, createLinode),
  route('DELETE', 'linode/instances/:linodeId', WRITE_LINODES, deleteLinode),
  route('POST', 'linode/instances/:linodeId/rebuild', WRITE_LINODES, rebuildLinode),
  route('GET', 'profile/sshkeys', READ_ACCOUNT, listSshKeys),
];

function copy<T>(value: T): T {
  return structuredClone(value);
}

// ---- plans -------------------------------------------------------------------------------------------

function listLinodeTypes({ state, query, headers }: RouteRequest): RouteResult {
  return { body: copy(paginate(applyXFilter([...state.linodeTypes.values()], headers['x-filter'], TYPE_FILTERABLE), query)) };
}

function getLinodeType({ state, params }: RouteRequest): RouteResult {
  const type = state.linodeTypes.get(params.typeId);
  if (!type) throw notFound();
  return { body: copy(type) };
}

// ---- SSH keys ----------------------------------------------------------------------------------------

/** The keys of the token's user (keys belong to a user's profile, not to the account). */
function listSshKeys({ state, query, username }: RouteRequest): RouteResult {
  const keys = [...state.sshKeys.values()]
    .filter((key) => key.username === username)
    .map(({ username: _owner, ...key }) => key);
  return { body: copy(paginate(keys, query)) };
}

// ---- create --------------------------------------------------------------------------------------------

/** The spec's request body for a create (both parts of its `allOf`). */
const CREATE_FIELDS = [
  'authorized_keys', 'authorized_users', 'booted', 'image', 'metadata', 'root_pass', 'stackscript_data', 'stackscript_id',
  'backup_id', 'backups_enabled', 'firewall_id', 'group', 'interfaces', 'label', 'placement_group', 'private_ip', 'region',
  'swap_size', 'tags', 'type',
];

/** The spec's request body for a rebuild. */
const REBUILD_FIELDS = ['authorized_keys', 'authorized_users', 'booted', 'image', 'metadata', 'root_pass', 'stackscript_data', 'stackscript_id', 'type'];

const DEFAULT_SWAP_MB = 512;
/** Linode tags: 3 to 50 characters (Cloud Manager's rule; the spec gives none for Linodes). */
const LINODE_TAG_MAX = 50;
/** The spec: unencoded user data must not exceed 65535 bytes. */
const USER_DATA_MAX_BYTES = 65535;
const DISK_LABEL_MAX = 48;

/** Statuses in which Linode refuses another job on the Linode. */
const BUSY: ReadonlySet<string> = new Set(['provisioning', 'rebuilding', 'migrating', 'cloning', 'restoring', 'deleting']);

function createLinode({ state, body: rawBody, username, apiVersion }: RouteRequest): RouteResult {
  const body = objectBody(rawBody);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, CREATE_FIELDS, errors);
  if (!ownsLinodes(username)) {
    // The simulator's second account has no Linodes and may not add any (see accounts.ts).
    throw ApiError.single(403, 'You do not have permission to add Linodes.');
  }
  const region = checkRegion(state, body, errors);
  const type = checkType(state, body, region, errors);
  checkLinodeLabel(state, body, errors);
  const image = checkDeployment(state, body, { region, type, username, apiVersion, linode: undefined }, errors);
  checkOptionalTypes(body, errors, {
    booted: 'boolean', backups_enabled: 'boolean', private_ip: 'boolean', group: 'string', swap_size: 'integer',
  });
  checkTags(body, errors, LINODE_TAG_MAX);
  checkResourcesTheSimulatorLacks(body, errors);
  if (body.backup_id !== undefined && body.image !== undefined) {
    errors.push({ field: 'backup_id', reason: 'backup_id and image are mutually exclusive.' });
  }
  throwIfErrors(errors, INVALID);

  const plan = type as SimLinodeType;
  const where = region as SimRegion;
  const id = state.newLinodeId();
  const linode = simLinode({
    id,
    // The API names a Linode created without a label.
    label: typeof body.label === 'string' ? body.label : `linode${id}`,
    region: where.id,
    siteType: where.site_type,
    type: plan,
    image: image?.id ?? null,
    status: 'provisioning',
    tags: normalizeTags(body.tags),
    created: state.timestamp(),
    ipv4: state.newIpv4(),
    group: typeof body.group === 'string' ? body.group : '',
    backupsEnabled: body.backups_enabled === true,
    hasUserData: userDataOf(body) !== undefined,
  });
  state.linodes.set(id, linode);
  if (image) {
    addDeployedDisks(state, linode, image, plan, swapSize(body));
  }
  // Deployed from an image, a Linode boots unless told not to; an empty one stays offline.
  state.startLinodeJob(linode, 'linode_create', username, image !== undefined && body.booted !== false);
  return { body: copy(linode) };
}

// ---- rebuild -------------------------------------------------------------------------------------------

function rebuildLinode({ state, params, body: rawBody, username, apiVersion }: RouteRequest): RouteResult {
  const linode = state.linodes.get(findLinodeId(state, params.linodeId, username)) as SimLinode;
  const body = objectBody(rawBody);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, REBUILD_FIELDS, errors);
  if (body.image === undefined) errors.push({ field: 'image', reason: 'image is required.' });
  if (body.root_pass === undefined) errors.push({ field: 'root_pass', reason: 'root_pass is required.' });
  const region = state.regions.get(linode.region);
  // A rebuild may resize to another plan (`type`); otherwise the Linode keeps its own.
  const type = body.type === undefined ? state.linodeTypes.get(linode.type) : checkType(state, body, region, errors);
  const image = checkDeployment(state, body, { region, type, username, apiVersion, linode }, errors);
  checkOptionalTypes(body, errors, { booted: 'boolean' });
  checkResourcesTheSimulatorLacks(body, errors);
  throwIfErrors(errors, INVALID);
  if (BUSY.has(linode.status)) {
    throw ApiError.single(400, 'Linode busy.');
  }

  const plan = type ?? state.linodeTypes.get(linode.type);
  if (plan && plan.id !== linode.type) {
    linode.type = plan.id;
    linode.specs = { ...linode.specs, disk: plan.disk, memory: plan.memory, vcpus: plan.vcpus, gpus: plan.gpus, transfer: plan.transfer };
  }
  // A rebuild deletes every disk and config and deploys the image afresh.
  for (const disk of state.disksOf(linode.id)) {
    state.disks.delete(disk.id);
  }
  const deployed = image as SimImage;
  addDeployedDisks(state, linode, deployed, plan, DEFAULT_SWAP_MB);
  linode.image = deployed.id;
  linode.has_user_data = userDataOf(body) !== undefined;
  linode.status = 'rebuilding';
  linode.updated = state.timestamp();
  state.startLinodeJob(linode, 'linode_rebuild', username, body.booted !== false);
  return { body: copy(linode) };
}

// ---- delete ----------------------------------------------------------------------------------------------

function deleteLinode({ state, params, username }: RouteRequest): RouteResult {
  const id = findLinodeId(state, params.linodeId, username);
  const entity = linodeEntity(state.linodes.get(id) as SimLinode);
  // A job still under way fails first (its event is older), then the deletion is recorded.
  state.deleteLinode(id);
  state.recordEvent({ action: 'linode_delete', status: 'notification', username, entity });
  return { body: {} };
}

// ---- rules -------------------------------------------------------------------------------------------------

function checkRegion(state: SimulatorState, body: JsonObject, errors: FieldError[]): SimRegion | undefined {
  if (body.region === undefined) {
    errors.push({ field: 'region', reason: 'region is required.' });
    return undefined;
  }
  if (typeof body.region !== 'string') {
    errors.push({ field: 'region', reason: 'region must be a string.' });
    return undefined;
  }
  const region = state.regions.get(body.region);
  if (!region) {
    errors.push({ field: 'region', reason: 'region is not valid' });
    return undefined;
  }
  if (!region.capabilities.includes('Linodes')) {
    errors.push({ field: 'region', reason: `Linodes cannot be created in ${region.id}.` });
    return undefined;
  }
  return region;
}

function checkType(state: SimulatorState, body: JsonObject, region: SimRegion | undefined, errors: FieldError[]): SimLinodeType | undefined {
  if (body.type === undefined) {
    errors.push({ field: 'type', reason: 'type is required.' });
    return undefined;
  }
  const type = typeof body.type === 'string' ? state.linodeTypes.get(body.type) : undefined;
  if (!type) {
    errors.push({ field: 'type', reason: 'A valid plan type by that ID was not found' });
    return undefined;
  }
  const needed = capabilityNeededBy(type.class);
  const soldThere = region === undefined
    || (needed === undefined || region.capabilities.includes(needed)) && (region.site_type !== 'distributed' || type.class === 'dedicated');
  if (!soldThere) {
    errors.push({ field: 'type', reason: `${type.label} plans are not available in ${region.id}.` });
    return undefined;
  }
  return type;
}

/** The spec's label rules: 3–64 characters, a letter first and a letter or digit last, no `--`, `__` or `..`. */
const LINODE_LABEL = /^[a-zA-Z]((?!--|__|\.\.)[a-zA-Z0-9-_.])+$/;

function checkLinodeLabel(state: SimulatorState, body: JsonObject, errors: FieldError[]): void {
  const label = body.label;
  if (label === undefined) return;
  if (typeof label !== 'string') {
    errors.push({ field: 'label', reason: 'label must be a string.' });
  } else if (label.length < 3 || label.length > 64) {
    errors.push({ field: 'label', reason: 'Label must be 3 to 64 characters.' });
  } else if (!LINODE_LABEL.test(label) || !/[a-zA-Z0-9]$/.test(label)) {
    errors.push({
      field: 'label',
      reason: 'Label must start with a letter, end with a letter or digit, and hold only letters, digits, -, _ and ., never two of those in a row.',
    });
  } else if ([...state.linodes.values()].some((linode) => linode.label.toLowerCase() === label.toLowerCase())) {
    // Unique in the account: what lets a client find the Linode a lost answer made (by label).
    errors.push({ field: 'label', reason: 'Label must be unique among your linodes' });
  }
}

interface DeploymentTarget {
  region: SimRegion | undefined;
  type: SimLinodeType | undefined;
  username: string;
  /** The URL's version: `shared/` images deploy only where image sharing applies. */
  apiVersion: ApiVersion | undefined;
  /** The Linode being rebuilt; undefined for a create. */
  linode: SimLinode | undefined;
}

/**
 * The image and what comes with it: `root_pass` (required with an image, strong enough), `authorized_keys`,
 * `authorized_users`, `metadata.user_data` (only for an image with cloud-init, in a region with Metadata) and
 * `stackscript_data`. The image must be `available` in the region, and fit the plan's disk beside the swap.
 */
function checkDeployment(state: SimulatorState, body: JsonObject, target: DeploymentTarget, errors: FieldError[]): SimImage | undefined {
  const image = checkImage(state, body, target, errors);
  const password = body.root_pass;
  if (password !== undefined) {
    const problem = typeof password === 'string' ? rootPasswordProblem(password) : 'root_pass must be a string.';
    if (problem) errors.push({ field: 'root_pass', reason: problem });
  } else if (image && target.linode === undefined) {
    errors.push({ field: 'root_pass', reason: 'root_pass is required when deploying from an image.' });
  }
  checkAuthorizedKeys(body, errors);
  checkAuthorizedUsers(body, target.username, errors);
  checkUserData(body, image, target.region, errors);
  return image;
}

function checkImage(state: SimulatorState, body: JsonObject, target: DeploymentTarget, errors: FieldError[]): SimImage | undefined {
  if (body.image === undefined) return undefined;
  const image = typeof body.image === 'string' ? deployableImage(state, body.image, target) : undefined;
  if (!image) {
    errors.push({ field: 'image', reason: 'image is not valid' });
    return undefined;
  }
  if (image.status !== 'available') {
    errors.push({ field: 'image', reason: `Image ${image.id} is ${image.status}; only available images can be deployed.` });
    return undefined;
  }
  const { region, type } = target;
  if (region && !availableIn(image, region)) {
    errors.push({ field: 'image', reason: `Image ${image.id} is not available in ${region.id}.` });
    return undefined;
  }
  const swap = target.linode ? DEFAULT_SWAP_MB : swapSize(body);
  if (type && image.size > type.disk - swap) {
    errors.push({ field: 'image', reason: `Image ${image.id} needs ${image.size} MB; the plan ${type.id} has ${type.disk - swap} MB beside its swap.` });
    return undefined;
  }
  return image;
}

/**
 * The image `id` names as the request's account sees it: a public image or one of its own, or a `shared/` image it
 * receives (see the top), which is the private image it shares under the shared id and label.
 */
function deployableImage(state: SimulatorState, id: string, target: DeploymentTarget): SimImage | undefined {
  if (id.startsWith('shared/')) {
    const entry = sharingApplies(state, target.apiVersion) ? sharedImageFor(state, id, accountOfUser(target.username)) : undefined;
    const source = entry ? state.images.get(entry.sourceId) : undefined;
    return entry && source ? { ...source, id: entry.id, label: entry.label } : undefined;
  }
  const image = state.images.get(id);
  return image && visibleTo(image, target.username) ? image : undefined;
}

/**
 * Public images deploy to every core region, and to distributed sites when they say `distributed-sites`; a private
 * image only where it has an available copy.
 */
function availableIn(image: SimImage, region: SimRegion): boolean {
  if (image.is_public) {
    return region.site_type !== 'distributed' || image.capabilities.includes('distributed-sites');
  }
  return image.regions.some((replica) => replica.region === region.id && replica.status === 'available');
}

/** The key types the spec lists for SSH keys (with the OpenSSH names of the security-key ones). */
const SSH_KEY_TYPES = new Set([
  'ssh-dss', 'ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ssh-ed25519@openssh.com',
]);

/** An OpenSSH public key line (`type base64 [comment]`) whose blob names the same key type. */
function validPublicKey(line: string): boolean {
  const match = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/.exec(line.trim());
  if (!match || !SSH_KEY_TYPES.has(match[1])) return false;
  const blob = Buffer.from(match[2], 'base64');
  if (blob.length < 4) return false;
  const nameLength = blob.readUInt32BE(0);
  return blob.length >= 4 + nameLength && blob.subarray(4, 4 + nameLength).toString('latin1') === match[1];
}

function checkAuthorizedKeys(body: JsonObject, errors: FieldError[]): void {
  const keys = body.authorized_keys;
  if (keys === undefined) return;
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string')) {
    errors.push({ field: 'authorized_keys', reason: 'authorized_keys must be an array of public keys.' });
    return;
  }
  (keys as string[]).forEach((key, index) => {
    if (!validPublicKey(key)) {
      errors.push({ field: `authorized_keys[${index}]`, reason: 'Not a valid SSH public key (ssh-dss, ssh-rsa, ecdsa-sha2-nistp, ssh-ed25519).' });
    }
  });
}

/** Usernames of the account's users, whose profile keys are added to root's authorized_keys. */
function checkAuthorizedUsers(body: JsonObject, username: string, errors: FieldError[]): void {
  const users = body.authorized_users;
  if (users === undefined) return;
  if (!Array.isArray(users) || users.some((user) => typeof user !== 'string')) {
    errors.push({ field: 'authorized_users', reason: 'authorized_users must be an array of usernames.' });
    return;
  }
  (users as string[]).forEach((name, index) => {
    const user = findUser(name);
    if (!user || accountOfUser(user.username) !== accountOfUser(username)) {
      errors.push({ field: `authorized_users[${index}]`, reason: `Username ${name} is not a user of this account.` });
    }
  });
}

function userDataOf(body: JsonObject): string | undefined {
  const metadata = body.metadata;
  return metadata !== null && typeof metadata === 'object' && typeof (metadata as JsonObject).user_data === 'string'
    ? (metadata as JsonObject).user_data as string
    : undefined;
}

/** Base64 as the spec's `format: byte` means it: the standard alphabet, padded to a multiple of four. */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

function checkUserData(body: JsonObject, image: SimImage | undefined, region: SimRegion | undefined, errors: FieldError[]): void {
  const metadata = body.metadata;
  if (metadata === undefined) return;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    errors.push({ field: 'metadata', reason: 'metadata must be an object.' });
    return;
  }
  rejectUnknownFields(metadata as JsonObject, ['user_data'], errors);
  const userData = (metadata as JsonObject).user_data;
  if (userData === undefined) return;
  const field = 'metadata.user_data';
  if (typeof userData !== 'string' || !isBase64(userData)) {
    errors.push({ field, reason: 'user_data must be base64-encoded.' });
  } else if (Buffer.from(userData, 'base64').length > USER_DATA_MAX_BYTES) {
    errors.push({ field, reason: `user_data must be at most ${USER_DATA_MAX_BYTES} bytes before encoding.` });
  } else if (body.image === undefined) {
    errors.push({ field, reason: 'user_data needs an image to deploy.' });
  } else if (image && !image.capabilities.includes('cloud-init')) {
    errors.push({ field, reason: `Image ${image.id} does not support cloud-init, which user_data needs.` });
  } else if (region && !region.capabilities.includes('Metadata')) {
    errors.push({ field, reason: `Region ${region.id} does not offer Metadata, which user_data needs.` });
  }
}

function checkOptionalTypes(body: JsonObject, errors: FieldError[], kinds: Record<string, 'boolean' | 'string' | 'integer'>): void {
  for (const [field, kind] of Object.entries(kinds)) {
    const value = body[field];
    if (value === undefined) continue;
    const fits = kind === 'integer' ? typeof value === 'number' && Number.isInteger(value) && value >= 0 : typeof value === kind;
    if (!fits) errors.push({ field, reason: `${field} must be ${kind === 'integer' ? 'a whole number of 0 or more' : `a ${kind}`}.` });
  }
}

/** Fields that name things the simulator has none of, and the shapes they must have. */
function checkResourcesTheSimulatorLacks(body: JsonObject, errors: FieldError[]): void {
  const missing: Array<[string, string]> = [
    ['firewall_id', 'Firewall'], ['backup_id', 'Backup'], ['stackscript_id', 'StackScript'],
  ];
  for (const [field, what] of missing) {
    if (body[field] === undefined) continue;
    const id = body[field];
    errors.push(typeof id === 'number' && Number.isInteger(id)
      ? { field, reason: `${what} ${id} not found.` }
      : { field, reason: `${field} must be an integer.` });
  }
  if (body.stackscript_data !== undefined && (body.stackscript_data === null || typeof body.stackscript_data !== 'object' || Array.isArray(body.stackscript_data))) {
    errors.push({ field: 'stackscript_data', reason: 'stackscript_data must be an object.' });
  }
  if (body.placement_group !== undefined) {
    errors.push({ field: 'placement_group.id', reason: 'Placement group not found.' });
  }
  if (body.interfaces !== undefined) checkInterfaces(body.interfaces, errors);
}

function checkInterfaces(interfaces: unknown, errors: FieldError[]): void {
  if (!Array.isArray(interfaces) || interfaces.length < 1 || interfaces.length > 3) {
    errors.push({ field: 'interfaces', reason: 'interfaces must be an array of one to three interfaces.' });
    return;
  }
  interfaces.forEach((entry: unknown, index) => {
    const item = entry !== null && typeof entry === 'object' ? (entry as JsonObject) : {};
    const field = `interfaces[${index}]`;
    if (item.purpose === 'vpc') {
      errors.push({ field: `${field}.subnet_id`, reason: 'Subnet not found.' });
    } else if (item.purpose === 'vlan' && (typeof item.label !== 'string' || item.label === '')) {
      errors.push({ field: `${field}.label`, reason: 'A VLAN interface needs a label.' });
    } else if (item.purpose !== 'public' && item.purpose !== 'vlan') {
      errors.push({ field: `${field}.purpose`, reason: 'purpose must be public, vlan or vpc.' });
    }
  });
}

function swapSize(body: JsonObject): number {
  return typeof body.swap_size === 'number' ? body.swap_size : DEFAULT_SWAP_MB;
}

/** The disks a deployment makes: the image's (the rest of the plan's disk) and a swap disk; ready once provisioned. */
function addDeployedDisks(state: SimulatorState, linode: SimLinode, image: SimImage, plan: SimLinodeType | undefined, swap: number): void {
  const created = state.timestamp();
  const total = plan?.disk ?? linode.specs.disk;
  const disk = (label: string, filesystem: SimDisk['filesystem'], size: number): SimDisk => ({
    id: state.newDiskId(), label: label.slice(0, DISK_LABEL_MAX), size, filesystem, status: 'not ready', created, updated: created, linode_id: linode.id,
  });
  const main = disk(`${image.label} Disk`, 'ext4', total - swap);
  state.disks.set(main.id, main);
  if (swap > 0) {
    const swapDisk = disk(`${swap} MB Swap Image`, 'swap', swap);
    state.disks.set(swapDisk.id, swapDisk);
  }
}
