// The API operations the simulator implements, each with the access it needs. Paths are relative to /v4 or /v4beta.

import { findLinodeId, ownsLinodes, visibleTo } from './accounts';
import type { SimDisk, SimImage } from './entities';
import { imageEntity, linodeEntity } from './events';
import { ApiError, notFound } from './http';
import { INSTANCE_ROUTES } from './instances';
import { applyXFilter, paginate } from './listing';
import {
  imageAnswer,
  SHARING_ROUTES,
  sharedImageAnswer,
  sharedImageFor,
  sharedImageRefusal,
  sharingApplies,
} from './sharing';
import type { Access, ApiVersion, Route, RouteRequest, RouteResult } from './routeTypes';
import { formatTimestamp, type SimulatorState } from './state';
import { accountOfUser, findUser } from './tokens';
import {
  checkBoolean,
  checkDescription,
  checkInteger,
  checkLabel,
  checkString,
  checkTags,
  normalizeTags,
  objectBody,
  rejectUnknownFields,
  throwIfErrors,
  type FieldError,
} from './validation';

const READ_IMAGES = [['images', 'read_only']] as const;
const WRITE_IMAGES = [['images', 'read_write']] as const;
const READ_LINODES = [['linodes', 'read_only']] as const;
const READ_EVENTS = [['events', 'read_only']] as const;

const IMAGE_FILTERABLE = {
  fields: new Set(['deprecated', 'is_public', 'label', 'size', 'status', 'tags', 'type', 'vendor']),
  unorderable: new Set(['status']),
};
/** [4.229.1] adds `is_shared` to the filterable image fields (IMAGES-API.md); only where the field exists. */
const SHARING_IMAGE_FILTERABLE = {
  fields: new Set([...IMAGE_FILTERABLE.fields, 'is_shared']),
  unorderable: IMAGE_FILTERABLE.unorderable,
};
/** The spec's filterable Linode fields (`id`, `label`, `group`, `ipv4`, `region`, `tags`) and a few more. */
const LINODE_FILTERABLE = {
  fields: new Set(['id', 'label', 'group', 'image', 'ipv4', 'region', 'status', 'tags', 'type']),
};
/** The spec's filterable Event fields (`id`, `created`, `action`, `read`, `entity.id`, `entity.type`) and `seen`. */
const EVENT_FILTERABLE = {
  fields: new Set(['id', 'created', 'action', 'entity.id', 'entity.type', 'read', 'seen']),
  // Events of the same second keep the order of their ids.
  tiebreak: 'id',
};

function route(method: Route['method'], path: string, access: Access, handle: Route['handle']): Route {
  return { method, pattern: path.split('/'), access, handle };
}

export const ROUTES: Route[] = [
  route('GET', 'images', { kind: 'optional', scopes: READ_IMAGES }, listImages),
  route('POST', 'images', { kind: 'token', scopes: [...WRITE_IMAGES, ...READ_LINODES] }, captureImage),
  route('POST', 'images/upload', { kind: 'token', scopes: WRITE_IMAGES }, createUpload),
  route('GET', 'images/:imageId', { kind: 'optional', scopes: READ_IMAGES }, getImage),
  route('PUT', 'images/:imageId', { kind: 'token', scopes: WRITE_IMAGES }, updateImage),
  route('DELETE', 'images/:imageId', { kind: 'token', scopes: WRITE_IMAGES }, deleteImage),
  route('POST', 'images/:imageId/regions', { kind: 'token', scopes: WRITE_IMAGES }, replicateImage),
  route('GET', 'regions', { kind: 'none' }, listRegions),
  route('GET', 'regions/:regionId', { kind: 'none' }, getRegion),
  route('GET', 'linode/instances', { kind: 'token', scopes: READ_LINODES }, listLinodes),
  route('GET', 'linode/instances/:linodeId', { kind: 'token', scopes: READ_LINODES }, getLinode),
  route('GET', 'linode/instances/:linodeId/disks', { kind: 'token', scopes: READ_LINODES }, listDisks),
  route('GET', 'linode/instances/:linodeId/disks/:diskId', { kind: 'token', scopes: READ_LINODES }, getDisk),
  route('GET', 'profile', { kind: 'token', scopes: [] }, getProfile),
  route('GET', 'account/events', { kind: 'token', scopes: READ_EVENTS }, listEvents),
];

/**
 * Routes whose pattern fits the segments, with captured params (all methods). With `where`, only the routes that
 * exist there (the share-group routes: /v4beta with the beta); without it, those routes are left out.
 */
export function matchRoutes(
  segments: string[],
  where?: { state: SimulatorState; apiVersion: ApiVersion },
): Array<{ route: Route; params: Record<string, string> }> {
  const found: Array<{ route: Route; params: Record<string, string> }> = [];
  for (const candidate of [...ROUTES, ...INSTANCE_ROUTES, ...SHARING_ROUTES]) {
    if (candidate.available && !(where && candidate.available(where.state, where.apiVersion))) {
      continue;
    }
    const params = matchPattern(candidate.pattern, segments);
    if (params) {
      found.push({ route: candidate, params });
    }
  }
  // A literal segment beats a parameter (POST images/upload is not POST images/:imageId).
  found.sort((a, b) => literalCount(b.route) - literalCount(a.route));
  return found;
}

function literalCount(candidate: Route): number {
  return candidate.pattern.filter((segment) => !segment.startsWith(':')).length;
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index++) {
    const expected = pattern[index];
    if (expected.startsWith(':')) {
      if (segments[index] === '') {
        return undefined;
      }
      params[expected.slice(1)] = segments[index];
    } else if (expected !== segments[index]) {
      return undefined;
    }
  }
  return params;
}

// ---- images ---------------------------------------------------------------------------------------

function copy<T>(value: T): T {
  return structuredClone(value);
}

// ---- accounts ---------------------------------------------------------------------------------------
// Which images, Linodes and events a request sees: accounts.ts.

function listImages({ state, query, headers, token, username, apiVersion }: RouteRequest): RouteResult {
  let images = [...state.images.values()];
  if (token === undefined) {
    images = images.filter((image) => image.is_public);
  } else {
    images = images.filter((image) => visibleTo(image, username));
  }
  if (!sharingApplies(state, apiVersion)) {
    images = applyXFilter(images, headers['x-filter'], IMAGE_FILTERABLE);
    return { body: copy(paginate(images, query)) };
  }
  // v4beta with image sharing: every image with `is_shared` / `image_sharing`, then the `shared/` images the
  // account receives as a share-group member (sharing.ts).
  const received = token === undefined ? [] : state.sharing.imagesFor(accountOfUser(username));
  const answers = [
    ...images.map((image) => imageAnswer(state, image, apiVersion)),
    ...received.map((entry) => sharedImageAnswer(state, entry, false)),
  ];
  return { body: paginate(applyXFilter(answers, headers['x-filter'], SHARING_IMAGE_FILTERABLE), query) };
}

/** The image, if `username`'s account may see it (404 otherwise). */
function findImage(state: SimulatorState, id: string, username: string): SimImage {
  const image = state.images.get(id);
  if (!image || !visibleTo(image, username)) {
    throw notFound();
  }
  return image;
}

function findPrivateImage(state: SimulatorState, id: string, username: string, action: string): SimImage {
  const image = findImage(state, id, username);
  if (image.is_public) {
    throw ApiError.single(403, `Public images cannot be ${action}.`);
  }
  return image;
}

function getImage({ state, params, token, username, apiVersion }: RouteRequest): RouteResult {
  const found = state.images.get(params.imageId);
  if (found && !found.is_public && token === undefined) {
    throw ApiError.single(401, 'Invalid Token');
  }
  if (sharingApplies(state, apiVersion) && token !== undefined) {
    const shared = sharedImageFor(state, params.imageId, accountOfUser(username));
    if (shared) {
      return { body: sharedImageAnswer(state, shared, false) };
    }
  }
  return { body: imageAnswer(state, findImage(state, params.imageId, username), apiVersion) };
}

/** A member's attempt to change a `shared/` image it receives: 403 (sharing.ts). */
function refuseSharedImage(request: RouteRequest, action: string): void {
  if (sharingApplies(request.state, request.apiVersion) && sharedImageFor(request.state, request.params.imageId, accountOfUser(request.username))) {
    throw sharedImageRefusal(action);
  }
}

function objectStorageRegion(state: SimulatorState, id: string, field: string, errors: FieldError[]): boolean {
  const region = state.regions.get(id);
  if (!region) {
    errors.push({ field, reason: `Region ${id} does not exist.` });
    return false;
  }
  if (!region.capabilities.includes('Object Storage')) {
    errors.push({ field, reason: `Region ${id} does not support Object Storage, which images need.` });
    return false;
  }
  return true;
}

function newPrivateImage(
  state: SimulatorState,
  fields: Pick<SimImage, 'label' | 'regions' | 'status' | 'size'> & { body: Record<string, unknown>; username: string },
): SimImage {
  const now = state.timestamp();
  const { body } = fields;
  return state.putImage({
    id: state.newPrivateImageId(),
    label: fields.label,
    description: typeof body.description === 'string' && body.description.length > 0 ? body.description : null,
    created: now,
    updated: now,
    created_by: fields.username,
    type: 'manual',
    is_public: false,
    size: fields.size,
    total_size: 0,
    vendor: null,
    deprecated: false,
    expiry: null,
    eol: null,
    status: fields.status,
    capabilities: body.cloud_init === true ? ['cloud-init'] : [],
    tags: normalizeTags(body.tags),
    regions: fields.regions,
  });
}

export function captureImage(request: RouteRequest): RouteResult {
  const { state, body: rawBody, username } = request;
  const body = objectBody(rawBody);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['disk_id', 'label', 'description', 'cloud_init', 'tags'], errors);
  checkInteger(body, 'disk_id', errors, true);
  checkLabel(body, errors, false);
  checkDescription(body, errors, 'create');
  checkBoolean(body, 'cloud_init', errors);
  checkTags(body, errors);
  let disk: SimDisk | undefined;
  if (typeof body.disk_id === 'number') {
    disk = state.disks.get(body.disk_id);
    if (!disk || !state.linodes.has(disk.linode_id) || !ownsLinodes(username)) {
      errors.push({ field: 'disk_id', reason: 'Disk not found.' });
    } else if (disk.filesystem === 'swap') {
      errors.push({ field: 'disk_id', reason: 'Cannot create an image from a swap disk.' });
    } else if (disk.status !== 'ready') {
      errors.push({ field: 'disk_id', reason: `Disk is ${disk.status}; it must be ready to be imaged.` });
    }
  }
  throwIfErrors(errors);
  const source = disk as SimDisk;
  const linode = state.linodes.get(source.linode_id);
  const image = newPrivateImage(state, {
    label: typeof body.label === 'string' ? body.label : source.label,
    status: 'creating',
    size: source.size,
    regions: [{ region: linode?.region ?? 'us-east', status: 'creating' }],
    body,
    username,
  });
  // disk_imagize: the Linode is the entity, the image being made the secondary one. It finishes when the image
  // is available, or fails (the failNextCapture knob) when the image disappears instead.
  state.recordImageInProgress(image.id, {
    action: 'disk_imagize',
    username,
    entity: linode ? linodeEntity(linode) : null,
    secondary_entity: imageEntity(image),
  });
  state.startCreating(image, state.takeCaptureFailure());
  return { body: imageAnswer(state, image, request.apiVersion) };
}

function createUpload({ state, body: rawBody, uploadOrigin, username, apiVersion }: RouteRequest): RouteResult {
  const body = objectBody(rawBody);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['label', 'region', 'description', 'cloud_init', 'tags'], errors);
  checkLabel(body, errors, true);
  checkString(body, 'region', errors, true);
  checkDescription(body, errors, 'create');
  checkBoolean(body, 'cloud_init', errors);
  checkTags(body, errors);
  if (typeof body.region === 'string') {
    objectStorageRegion(state, body.region, 'region', errors);
  }
  throwIfErrors(errors);
  const image = newPrivateImage(state, {
    label: body.label as string,
    status: 'pending_upload',
    size: 0,
    regions: [{ region: body.region as string, status: 'pending' }],
    body,
    username,
  });
  // image_upload: finishes when the uploaded image is available; fails when Linode rejects the bytes, the container
  // expires, or the image is deleted first (see SimulatorState).
  state.recordImageInProgress(image.id, { action: 'image_upload', username, entity: imageEntity(image) });
  const target = state.createUploadTarget(image.id);
  return { body: { image: imageAnswer(state, image, apiVersion), upload_to: uploadUrl(uploadOrigin, target.key, target.signature) } };
}

/** Shaped like an object-storage pre-signed URL: the query must be sent back unchanged. */
export function uploadUrl(origin: string, key: string, signature: string): string {
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Expires': '86400',
    'X-Amz-SignedHeaders': 'content-type;host',
    'X-Amz-Signature': signature,
  });
  return `${origin}/upload/${key}?${query.toString()}`;
}

export function updateImage(request: RouteRequest): RouteResult {
  const { state, params, body: rawBody, username } = request;
  refuseSharedImage(request, 'edited');
  const image = findPrivateImage(state, params.imageId, username, 'edited');
  if (rawBody === undefined) {
    throw ApiError.single(400, 'A request body is required.');
  }
  const body = objectBody(rawBody);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['label', 'description', 'tags'], errors);
  checkLabel(body, errors, false);
  checkDescription(body, errors, 'update');
  checkTags(body, errors);
  throwIfErrors(errors);
  let changed = false;
  if (body.label !== undefined && body.label !== image.label) {
    image.label = body.label as string;
    changed = true;
  }
  if (body.description !== undefined && body.description !== image.description) {
    image.description = body.description as string | null;
    changed = true;
  }
  if (body.tags !== undefined) {
    const tags = normalizeTags(body.tags);
    changed ||= tags.join('\u0000') !== image.tags.join('\u0000');
    image.tags = tags;
  }
  if (changed) {
    image.updated = laterTimestamp(state, image.updated);
  }
  state.recordEvent({ action: 'image_update', status: 'notification', username, entity: imageEntity(image) });
  return { body: imageAnswer(state, image, request.apiVersion) };
}

/** `updated` must visibly change on an edit, even twice within one second. */
function laterTimestamp(state: SimulatorState, previous: string): string {
  const now = state.timestamp();
  if (now > previous) {
    return now;
  }
  return formatTimestamp(Date.parse(`${previous}Z`) + 1000);
}

export function deleteImage(request: RouteRequest): RouteResult {
  const { state, params, username } = request;
  refuseSharedImage(request, 'deleted');
  const image = findPrivateImage(state, params.imageId, username, 'deleted');
  const entity = imageEntity(image);
  // An upload or capture still in progress fails first (its event is older), then the deletion is recorded.
  state.deleteImage(params.imageId);
  state.recordEvent({ action: 'image_delete', status: 'notification', username, entity });
  return { body: {} };
}

export function replicateImage(request: RouteRequest): RouteResult {
  const { state, params, body: rawBody, username } = request;
  refuseSharedImage(request, 'replicated');
  const image = findPrivateImage(state, params.imageId, username, 'replicated');
  const body = objectBody(rawBody);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['regions'], errors);
  const regions = body.regions;
  if (regions === undefined) {
    errors.push({ field: 'regions', reason: 'regions is required.' });
  } else if (!Array.isArray(regions) || regions.some((entry) => typeof entry !== 'string')) {
    errors.push({ field: 'regions', reason: 'regions must be an array of region IDs.' });
  } else if (regions.length === 0) {
    errors.push({ field: 'regions', reason: 'At least one region is required; delete the image to remove every copy.' });
  }
  throwIfErrors(errors);
  if (image.status !== 'available') {
    throw ApiError.single(400, `Image is ${image.status}; only available images can be replicated.`);
  }
  const wanted = [...new Set(regions as string[])];
  wanted.forEach((id, index) => objectStorageRegion(state, id, `regions[${index}]`, errors));
  throwIfErrors(errors);
  const keepsAvailableCopy = image.regions.some((replica) => replica.status === 'available' && wanted.includes(replica.region));
  if (!keepsAvailableCopy) {
    throw new ApiError(422, [
      { field: 'regions', reason: 'The list must keep at least one region where the image is available.' },
    ]);
  }
  state.replicate(image, wanted);
  // The 4.189 spec's action enum has no replication action (no `image_replicate`), so a replication is recorded
  // as what it is within that enum: an `image_update` notification.
  state.recordEvent({ action: 'image_update', status: 'notification', username, entity: imageEntity(image) });
  return { body: imageAnswer(state, image, request.apiVersion) };
}

// ---- regions, Linodes, disks, profile -----------------------------------------------------------

function listRegions({ state, query }: RouteRequest): RouteResult {
  return { body: copy(paginate([...state.regions.values()], query)) };
}

function getRegion({ state, params }: RouteRequest): RouteResult {
  const region = state.regions.get(params.regionId);
  if (!region) {
    throw notFound();
  }
  return { body: copy(region) };
}

function listLinodes({ state, query, headers, username }: RouteRequest): RouteResult {
  const linodes = applyXFilter(ownsLinodes(username) ? [...state.linodes.values()] : [], headers['x-filter'], LINODE_FILTERABLE);
  return { body: copy(paginate(linodes, query)) };
}

function getLinode({ state, params, username }: RouteRequest): RouteResult {
  return { body: copy(state.linodes.get(findLinodeId(state, params.linodeId, username))) };
}

function diskView(disk: SimDisk): Omit<SimDisk, 'linode_id'> {
  const { linode_id: _linodeId, ...view } = disk;
  return copy(view);
}

function listDisks({ state, params, query, username }: RouteRequest): RouteResult {
  const linodeId = findLinodeId(state, params.linodeId, username);
  const page = paginate(state.disksOf(linodeId), query);
  return { body: { ...page, data: page.data.map(diskView) } };
}

function getDisk({ state, params, username }: RouteRequest): RouteResult {
  const linodeId = findLinodeId(state, params.linodeId, username);
  const disk = state.disksOf(linodeId).find((candidate) => String(candidate.id) === params.diskId);
  if (!disk) {
    throw notFound();
  }
  return { body: diskView(disk) };
}

/**
 * The token's user's profile: the seed's (`state.profile`) for the simulator's user, as before; for another seeded
 * user (`sim-teammate`), the same settings with that user's username, email and uid.
 */
function getProfile({ state, username }: RouteRequest): RouteResult {
  const user = findUser(username);
  if (!user || user.username === state.profile.username) {
    return { body: copy(state.profile) };
  }
  return {
    body: copy({
      ...state.profile,
      username: user.username,
      email: user.email,
      uid: user.uid,
      referrals: { code: '', url: 'https://www.linode.com/?r=', total: 0, completed: 0, pending: 0, credit: 0 },
    }),
  };
}

// ---- account events -------------------------------------------------------------------------------

/** Newest first, unless the X-Filter orders them (`+order_by` `id` or `created`, ties by id). */
function listEvents({ state, query, headers, username }: RouteRequest): RouteResult {
  // An account's events are those its users caused (system events, with no username, are the main account's).
  const account = accountOfUser(username);
  const newestFirst = state.events.list().reverse().filter((event) => accountOfUser(event.username) === account);
  const events = applyXFilter(newestFirst, headers['x-filter'], EVENT_FILTERABLE);
  return { body: copy(paginate(events, query)) };
}
