// Image sharing (share groups), a beta of the Linode API that only the `v4beta` URL serves.
//
// Sources, best first:
// - The real exchanges linodego recorded against api.linode.com (../shared/linode-api/recorded/
//   TestImageSharing_Suite.yaml, all on /v4beta): a group, a private image added to it (it comes back as
//   `shared/NNNN`), the lists of groups / images / members, the groups of an image, updates, removal, deletion, and
//   `GET /images` with `is_shared` and `image_sharing`. Shapes, key order, nulls and statuses below follow them.
// - Where they are silent (members, tokens, errors): Linode's API reference (techdocs.akamai.com/linode-api,
//   "image sharing": every operation "is in Beta and available from the v4beta URL"; revoking a member leaves it with
//   status `revoked` and the member "immediately lose[s] access"; deleting a group takes the images away from every
//   member; a shared image keeps the label and description it was given, and later edits of the original image do
//   not change them), and the fields Linode's clients declare (linodego's ImageShareGroupToken: `sharegroup_uuid`
//   and `sharegroup_label` nullable, `token` only in the create answer; @linode/api-v4: member status
//   `active | revoked`, `shared_by.source_image_id` nullable).
//
// Choices where neither says (each marked CHOICE below):
// - The beta is per account on the real API ("may not currently be available to all users even under v4beta").
//   The simulator's accounts are enrolled when `state.imageSharing` is true: the `sharing` seed sets it, and so does
//   the `imageSharing` option (`--image-sharing`). Off (the default), v4beta answers keep the 4.189 image shape, so
//   the contract tests, which hold every answer to the 4.189 spec, still pass; the share-group paths then answer
//   what they answer on /v4 (next point).
// - On /v4 (and without the beta) the share-group routes do not exist: a request is routed as it was before they
//   did, which is what the simulator answers for any path it does not serve: `GET /v4/images/sharegroups` is the
//   image `sharegroups` (404 "Not found"), `POST` there is 405, deeper paths are 404. Image objects on /v4 never
//   carry `is_shared` / `image_sharing`, and /v4 lists no `shared/` images.
// - Validation: group, member, token and shared-image labels 1-100 characters; descriptions at most 65000
//   (the image limit). Errors use the simulator's 422 field envelope, like the image operations.
// - A token is `pending` until a producer adds it as a member, then `active`; `revoked` when the member is revoked
//   or the group deleted; `expired` when still pending at its `expiry` (SHARE_TOKEN_VALID_MS after it was made; the
//   reference documents the status and the field, not the period). A token works once; a group's own account cannot
//   join it. Adding a token made for another group: 422 "Invalid token for this share group."; an expired one: 422
//   "This token has expired."; asking for a token for a group that does not exist (deleted, or a wrong uuid): 422
//   "Share group not found." on `valid_for_sharegroup_uuid`.
// - `POST .../members` answers the member; `DELETE .../members/{uuid}` leaves it `revoked` (still listed, not
//   counted in `members_count`); a consumer deleting its token ends the membership (the member disappears).
// - A member sees a shared image with `source_image_id: null` (the producer's image id is not its business, as in
//   the client fixtures); the producer sees the private id (recorded).
// - `is_shared` of a private image turns true when it is first added to a group and stays true (recorded: after
//   the image left its only group it still says `is_shared: true` with `sharegroup_count: 0`).
// - A member cannot edit, delete or replicate a `shared/` image: 403 "Shared images cannot be edited." (and
//   "deleted", "replicated"), the answer the simulator gives for public images. A producer does not see `shared/`
//   ids in its own `GET /images` (recorded), nor through `GET /images/shared%2FN` (404).
// - No account events: the recorded share-group exchanges show none.

import type { SimImage } from './entities';
import { ApiError, notFound } from './http';
import { paginate } from './listing';
import type { ApiVersion, Route, RouteRequest, RouteResult } from './routeTypes';
import { tokenStatus, type GroupMember, type ShareGroup, type SharedImageEntry, type ShareToken } from './shareGroups';
import type { SimulatorState } from './state';
import { accountOfUser } from './tokens';
import { objectBody, rejectUnknownFields, throwIfErrors, type FieldError, type JsonObject } from './validation';

// ---- answers ------------------------------------------------------------------------------------

/** Whether image sharing applies to this request: /v4beta, with the accounts enrolled in the beta. */
export function sharingApplies(state: SimulatorState, apiVersion: ApiVersion | undefined): boolean {
  return apiVersion === 'v4beta' && state.imageSharing;
}

/**
 * An image as the request's API version answers it: on /v4beta with the beta, with `is_shared` and `image_sharing`
 * in the order the recorded answers have them (private and public images alike: `is_shared` after `is_public`,
 * `image_sharing` last); otherwise the 4.189 shape, unchanged.
 */
export function imageAnswer(state: SimulatorState, image: SimImage, apiVersion: ApiVersion | undefined): Record<string, unknown> {
  const copy = structuredClone(image) as unknown as Record<string, unknown>;
  if (!sharingApplies(state, apiVersion)) {
    return copy;
  }
  const sharing = image.is_public
    ? { is_shared: false, image_sharing: null }
    : {
        is_shared: state.sharing.everShared.has(image.id),
        image_sharing: {
          shared_with: {
            sharegroup_count: state.sharing.groupsOfImage(image.id).length,
            sharegroup_list_url: `/images/${image.id}/sharegroups`,
          },
          shared_by: null,
        },
      };
  return {
    id: copy.id,
    label: copy.label,
    description: copy.description,
    created: copy.created,
    updated: copy.updated,
    size: copy.size,
    created_by: copy.created_by,
    type: copy.type,
    tags: copy.tags,
    is_public: copy.is_public,
    is_shared: sharing.is_shared,
    deprecated: copy.deprecated,
    vendor: copy.vendor,
    expiry: copy.expiry,
    eol: copy.eol,
    status: copy.status,
    capabilities: copy.capabilities,
    regions: copy.regions,
    total_size: copy.total_size,
    image_sharing: sharing.image_sharing,
  };
}

/**
 * A `shared/NNNN` image, keys in the recorded order. Its size, status, capabilities, regions and total size are the
 * private image's now; label and description its own. `forProducer` shows the source image's id.
 */
export function sharedImageAnswer(state: SimulatorState, entry: SharedImageEntry, forProducer: boolean): Record<string, unknown> {
  const source = state.images.get(entry.sourceId);
  const group = state.sharing.groups.get(entry.groupId);
  return {
    id: entry.id,
    label: entry.label,
    description: entry.description,
    created: entry.created,
    updated: entry.updated,
    size: source?.size ?? 0,
    status: source?.status ?? 'available',
    capabilities: structuredClone(source?.capabilities ?? []),
    tags: [],
    is_public: false,
    is_shared: null,
    type: 'shared',
    deprecated: false,
    regions: structuredClone(source?.regions ?? []),
    total_size: source?.total_size ?? 0,
    image_sharing: {
      shared_with: null,
      shared_by: {
        sharegroup_id: entry.groupId,
        sharegroup_uuid: group?.uuid ?? '',
        sharegroup_label: group?.label ?? '',
        source_image_id: forProducer ? entry.sourceId : null,
      },
    },
    created_by: null,
    vendor: null,
    expiry: null,
    eol: null,
  };
}

/** A group as its producer sees it (recorded keys and order). */
function groupAnswer(state: SimulatorState, group: ShareGroup): Record<string, unknown> {
  return {
    ...groupByTokenAnswer(group),
    expiry: group.expiry,
    images_count: state.sharing.groupImages(group.id).length,
    members_count: state.sharing.groupMembers(group.id).filter((member) => member.status === 'active').length,
  };
}

/** A group as a member sees it through its token (no counts, no expiry). */
function groupByTokenAnswer(group: ShareGroup): Record<string, unknown> {
  return {
    id: group.id,
    uuid: group.uuid,
    label: group.label,
    description: group.description,
    is_suspended: group.is_suspended,
    created: group.created,
    updated: group.updated,
  };
}

function memberAnswer(member: GroupMember): Record<string, unknown> {
  return {
    token_uuid: member.token_uuid,
    status: member.status,
    label: member.label,
    created: member.created,
    updated: member.updated,
    expiry: member.expiry,
  };
}

/**
 * A token as its consumer sees it; `token` only in the create answer. `sharegroup_uuid` and `sharegroup_label` name
 * the group from the start (Linode's API reference declares both strings in the create answer; linodego declares them
 * nullable: null here once the group is gone). A pending token past its expiry is `expired` (the reference's statuses
 * are `pending | active | revoked | expired`).
 */
function tokenAnswer(state: SimulatorState, token: ShareToken, withSecret: boolean): Record<string, unknown> {
  const group = [...state.sharing.groups.values()].find((candidate) => candidate.uuid === token.valid_for_sharegroup_uuid);
  return {
    ...(withSecret ? { token: token.token } : {}),
    token_uuid: token.token_uuid,
    status: tokenStatus(token, state.timestamp()),
    label: token.label,
    valid_for_sharegroup_uuid: token.valid_for_sharegroup_uuid,
    created: token.created,
    updated: token.updated,
    expiry: token.expiry,
    sharegroup_uuid: group?.uuid ?? null,
    sharegroup_label: group?.label ?? null,
  };
}

// ---- validation ----------------------------------------------------------------------------------

const SHARE_LABEL_MAX = 100;
const SHARE_DESCRIPTION_MAX = 65000;

function checkShareLabel(body: JsonObject, field: string, errors: FieldError[], required: boolean, value: unknown = body[field]): void {
  if (value === undefined) {
    if (required) errors.push({ field, reason: `${field.split('.').at(-1) ?? field} is required.` });
    return;
  }
  if (typeof value !== 'string') {
    errors.push({ field, reason: 'label must be a string.' });
  } else if (value.length < 1 || value.length > SHARE_LABEL_MAX) {
    errors.push({ field, reason: `Label must be between 1 and ${SHARE_LABEL_MAX} characters.` });
  }
}

function checkShareDescription(field: string, value: unknown, errors: FieldError[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    errors.push({ field, reason: 'description must be a string.' });
  } else if (value.length > SHARE_DESCRIPTION_MAX) {
    errors.push({ field, reason: `Description must be ${SHARE_DESCRIPTION_MAX} characters or fewer.` });
  }
}

interface ImageToAdd {
  source: SimImage;
  label?: string;
  description?: string;
}

/** `images: [{id, label?, description?}]`: each an available private image of the producer's account. */
function checkImagesToAdd(state: SimulatorState, value: unknown, account: string, errors: FieldError[], required: boolean): ImageToAdd[] {
  if (value === undefined) {
    if (required) errors.push({ field: 'images', reason: 'images is required.' });
    return [];
  }
  if (!Array.isArray(value) || (required && value.length === 0)) {
    errors.push({ field: 'images', reason: 'images must be a non-empty array of {id, label?, description?}.' });
    return [];
  }
  const found: ImageToAdd[] = [];
  value.forEach((raw: unknown, index) => {
    const field = `images[${index}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ field, reason: 'Each image must be an object with an id.' });
      return;
    }
    const item = raw as JsonObject;
    for (const key of Object.keys(item)) {
      if (!['id', 'label', 'description'].includes(key)) errors.push({ field: `${field}.${key}`, reason: `${key} is not a recognized field.` });
    }
    checkShareLabel(item, `${field}.label`, errors, false, item.label);
    checkShareDescription(`${field}.description`, item.description, errors);
    const source = typeof item.id === 'string' ? state.images.get(item.id) : undefined;
    if (typeof item.id !== 'string') {
      errors.push({ field: `${field}.id`, reason: 'id is required.' });
    } else if (!source || source.is_public || accountOfUser(source.created_by) !== account) {
      errors.push({ field: `${field}.id`, reason: `Image ${item.id} not found; only your own private images can be shared.` });
    } else if (source.status !== 'available') {
      errors.push({ field: `${field}.id`, reason: `Image ${item.id} is ${source.status}; only available images can be shared.` });
    } else {
      found.push({ source, label: item.label as string | undefined, description: item.description as string | undefined });
    }
  });
  return found;
}

// ---- routes ---------------------------------------------------------------------------------------

const READ_IMAGES = [['images', 'read_only']] as const;
const WRITE_IMAGES = [['images', 'read_write']] as const;

function available(state: SimulatorState, apiVersion: ApiVersion): boolean {
  return sharingApplies(state, apiVersion);
}

function route(method: Route['method'], path: string, write: boolean, handle: Route['handle']): Route {
  return { method, pattern: path.split('/'), access: { kind: 'token', scopes: write ? WRITE_IMAGES : READ_IMAGES }, handle, available };
}

function accountOf(request: RouteRequest): string {
  return accountOfUser(request.username);
}

/** The producer's own group (another account's group is 404). */
function ownGroup(request: RouteRequest): ShareGroup {
  const id = /^\d+$/.test(request.params.groupId) ? Number(request.params.groupId) : Number.NaN;
  const group = request.state.sharing.groups.get(id);
  if (!group || group.account !== accountOf(request)) throw notFound();
  return group;
}

function ownToken(request: RouteRequest): ShareToken {
  const token = request.state.sharing.tokens.get(request.params.tokenUuid);
  if (!token || token.account !== accountOf(request)) throw notFound();
  return token;
}

/** The group a consumer's token has been accepted into (a pending or revoked token: 404). */
function groupOfActiveToken(request: RouteRequest): ShareGroup {
  const token = ownToken(request);
  const group = [...request.state.sharing.groups.values()].find((candidate) => candidate.uuid === token.valid_for_sharegroup_uuid);
  const member = request.state.sharing.members.get(token.token_uuid);
  if (token.status !== 'active' || !group || member?.status !== 'active') throw notFound();
  return group;
}

function laterThan(state: SimulatorState, previous: string | null): string {
  const now = state.timestamp();
  if (previous === null || now > previous) return now;
  return new Date(Date.parse(`${previous}Z`) + 1000).toISOString().slice(0, 19);
}

function listGroups(request: RouteRequest): RouteResult {
  const groups = [...request.state.sharing.groups.values()].filter((group) => group.account === accountOf(request));
  const page = paginate(groups, request.query);
  return { body: { ...page, data: page.data.map((group) => groupAnswer(request.state, group)) } };
}

function createGroup(request: RouteRequest): RouteResult {
  const { state } = request;
  const body = objectBody(request.body);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['label', 'description', 'images'], errors);
  checkShareLabel(body, 'label', errors, true);
  checkShareDescription('description', body.description, errors);
  const images = checkImagesToAdd(state, body.images, accountOf(request), errors, false);
  throwIfErrors(errors);
  const now = state.timestamp();
  const group = state.sharing.createGroup({
    label: body.label as string,
    description: typeof body.description === 'string' ? body.description : '',
    created: now,
    account: accountOf(request),
  });
  for (const image of images) state.sharing.addImage(group, image.source, { ...image, created: now });
  return { body: groupAnswer(state, group) };
}

function getGroup(request: RouteRequest): RouteResult {
  return { body: groupAnswer(request.state, ownGroup(request)) };
}

function updateGroup(request: RouteRequest): RouteResult {
  const group = ownGroup(request);
  applyLabelUpdate(request, group);
  return { body: groupAnswer(request.state, group) };
}

/** A PUT of `{label?, description?}` (a group, or a shared image), checked, then applied. */
function applyLabelUpdate(request: RouteRequest, target: { label: string; description: string; created: string; updated: string | null }): void {
  const body = objectBody(request.body);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['label', 'description'], errors);
  checkShareLabel(body, 'label', errors, false);
  checkShareDescription('description', body.description, errors);
  throwIfErrors(errors);
  if (typeof body.label === 'string') target.label = body.label;
  if (typeof body.description === 'string') target.description = body.description;
  target.updated = laterThan(request.state, target.updated ?? target.created);
}

function deleteGroup(request: RouteRequest): RouteResult {
  request.state.sharing.deleteGroup(ownGroup(request).id);
  return { body: {} };
}

/** `GET /images/{private id}/sharegroups`: the producer's groups that hold its private image. */
function groupsOfImage(request: RouteRequest): RouteResult {
  const { state } = request;
  const image = state.images.get(request.params.imageId);
  if (!image || image.is_public || accountOfUser(image.created_by) !== accountOf(request)) throw notFound();
  const page = paginate(state.sharing.groupsOfImage(image.id), request.query);
  return { body: { ...page, data: page.data.map((group) => groupAnswer(state, group)) } };
}

function listGroupImages(request: RouteRequest): RouteResult {
  const group = ownGroup(request);
  const page = paginate(request.state.sharing.groupImages(group.id), request.query);
  return { body: { ...page, data: page.data.map((entry) => sharedImageAnswer(request.state, entry, true)) } };
}

/** Answers the shared entries just made, in a page envelope (recorded). */
function addGroupImages(request: RouteRequest): RouteResult {
  const { state } = request;
  const group = ownGroup(request);
  const body = objectBody(request.body);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['images'], errors);
  const images = checkImagesToAdd(state, body.images, accountOf(request), errors, true);
  throwIfErrors(errors);
  const now = state.timestamp();
  const added = images.map((image) => state.sharing.addImage(group, image.source, { ...image, created: now }));
  const page = paginate(added, request.query);
  return { body: { ...page, data: page.data.map((entry) => sharedImageAnswer(state, entry, true)) } };
}

function groupImage(request: RouteRequest, group: ShareGroup): SharedImageEntry {
  const entry = request.state.sharing.images.get(request.params.sharedId);
  if (!entry || entry.groupId !== group.id) throw notFound();
  return entry;
}

function updateGroupImage(request: RouteRequest): RouteResult {
  const entry = groupImage(request, ownGroup(request));
  applyLabelUpdate(request, entry);
  return { body: sharedImageAnswer(request.state, entry, true) };
}

function removeGroupImage(request: RouteRequest): RouteResult {
  const entry = groupImage(request, ownGroup(request));
  request.state.sharing.images.delete(entry.id);
  return { body: {} };
}

function listMembers(request: RouteRequest): RouteResult {
  const group = ownGroup(request);
  const page = paginate(request.state.sharing.groupMembers(group.id), request.query);
  return { body: { ...page, data: page.data.map(memberAnswer) } };
}

/** `{token, label}`: the token a consumer created for this group's uuid, used once. */
function addMember(request: RouteRequest): RouteResult {
  const { state } = request;
  const group = ownGroup(request);
  const body = objectBody(request.body);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['token', 'label'], errors);
  checkShareLabel(body, 'label', errors, true);
  let token: ShareToken | undefined;
  if (typeof body.token !== 'string') {
    errors.push({ field: 'token', reason: body.token === undefined ? 'token is required.' : 'token must be a string.' });
  } else {
    token = [...state.sharing.tokens.values()].find((candidate) => candidate.token === body.token);
    if (!token || token.valid_for_sharegroup_uuid !== group.uuid) {
      errors.push({ field: 'token', reason: 'Invalid token for this share group.' });
    } else if (tokenStatus(token, state.timestamp()) === 'expired') {
      errors.push({ field: 'token', reason: 'This token has expired.' });
    } else if (token.status !== 'pending') {
      errors.push({ field: 'token', reason: 'This token has already been used.' });
    } else if (token.account === group.account) {
      errors.push({ field: 'token', reason: "A share group's own account cannot be its member." });
    }
  }
  throwIfErrors(errors);
  const member = state.sharing.addMember(group, token as ShareToken, body.label as string, state.timestamp());
  return { body: memberAnswer(member) };
}

function groupMember(request: RouteRequest): GroupMember {
  const group = ownGroup(request);
  const member = request.state.sharing.members.get(request.params.tokenUuid);
  if (!member || member.groupId !== group.id) throw notFound();
  return member;
}

/** A PUT of `{label}` (a member, or a membership token), checked, then applied. */
function applyRelabel(request: RouteRequest, target: { label: string; created: string; updated: string | null }): void {
  const body = objectBody(request.body);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['label'], errors);
  checkShareLabel(body, 'label', errors, true);
  throwIfErrors(errors);
  target.label = body.label as string;
  target.updated = laterThan(request.state, target.updated ?? target.created);
}

function getMember(request: RouteRequest): RouteResult {
  return { body: memberAnswer(groupMember(request)) };
}

function updateMember(request: RouteRequest): RouteResult {
  const member = groupMember(request);
  applyRelabel(request, member);
  return { body: memberAnswer(member) };
}

/** Revokes the membership: the member stays listed as `revoked` and loses the group's images at once. */
function revokeMember(request: RouteRequest): RouteResult {
  const member = groupMember(request);
  member.status = 'revoked';
  member.updated = laterThan(request.state, member.updated ?? member.created);
  const token = request.state.sharing.tokens.get(member.token_uuid);
  if (token) token.status = 'revoked';
  return { body: {} };
}

function listTokens(request: RouteRequest): RouteResult {
  const tokens = [...request.state.sharing.tokens.values()].filter((token) => token.account === accountOf(request));
  const page = paginate(tokens, request.query);
  return { body: { ...page, data: page.data.map((token) => tokenAnswer(request.state, token, false)) } };
}

function createToken(request: RouteRequest): RouteResult {
  const { state } = request;
  const body = objectBody(request.body);
  const errors: FieldError[] = [];
  rejectUnknownFields(body, ['label', 'valid_for_sharegroup_uuid'], errors);
  checkShareLabel(body, 'label', errors, false);
  const uuid = body.valid_for_sharegroup_uuid;
  if (typeof uuid !== 'string') {
    errors.push({ field: 'valid_for_sharegroup_uuid', reason: uuid === undefined ? 'valid_for_sharegroup_uuid is required.' : 'valid_for_sharegroup_uuid must be a string.' });
  } else {
    const group = [...state.sharing.groups.values()].find((candidate) => candidate.uuid === uuid);
    if (!group) {
      errors.push({ field: 'valid_for_sharegroup_uuid', reason: 'Share group not found.' });
    } else if (group.account === accountOf(request)) {
      errors.push({ field: 'valid_for_sharegroup_uuid', reason: "A share group's own account cannot be its member." });
    }
  }
  throwIfErrors(errors);
  const token = state.sharing.createToken({
    label: typeof body.label === 'string' ? body.label : '',
    valid_for_sharegroup_uuid: uuid as string,
    created: state.timestamp(),
    account: accountOf(request),
  });
  return { body: tokenAnswer(state, token, true) };
}

function getToken(request: RouteRequest): RouteResult {
  return { body: tokenAnswer(request.state, ownToken(request), false) };
}

function updateToken(request: RouteRequest): RouteResult {
  const token = ownToken(request);
  applyRelabel(request, token);
  return { body: tokenAnswer(request.state, token, false) };
}

/** The consumer removes its token: a pending request or its membership ends (the member disappears). */
function deleteToken(request: RouteRequest): RouteResult {
  const token = ownToken(request);
  request.state.sharing.tokens.delete(token.token_uuid);
  request.state.sharing.members.delete(token.token_uuid);
  return { body: {} };
}

function groupByToken(request: RouteRequest): RouteResult {
  return { body: groupByTokenAnswer(groupOfActiveToken(request)) };
}

function groupImagesByToken(request: RouteRequest): RouteResult {
  const group = groupOfActiveToken(request);
  const page = paginate(request.state.sharing.groupImages(group.id), request.query);
  return { body: { ...page, data: page.data.map((entry) => sharedImageAnswer(request.state, entry, false)) } };
}

/** The share-group routes; they exist only on /v4beta with the beta (`available`). */
export const SHARING_ROUTES: Route[] = [
  route('GET', 'images/sharegroups', false, listGroups),
  route('POST', 'images/sharegroups', true, createGroup),
  route('GET', 'images/sharegroups/tokens', false, listTokens),
  route('POST', 'images/sharegroups/tokens', true, createToken),
  route('GET', 'images/sharegroups/tokens/:tokenUuid', false, getToken),
  route('PUT', 'images/sharegroups/tokens/:tokenUuid', true, updateToken),
  route('DELETE', 'images/sharegroups/tokens/:tokenUuid', true, deleteToken),
  route('GET', 'images/sharegroups/tokens/:tokenUuid/sharegroup', false, groupByToken),
  route('GET', 'images/sharegroups/tokens/:tokenUuid/sharegroup/images', false, groupImagesByToken),
  route('GET', 'images/sharegroups/:groupId', false, getGroup),
  route('PUT', 'images/sharegroups/:groupId', true, updateGroup),
  route('DELETE', 'images/sharegroups/:groupId', true, deleteGroup),
  route('GET', 'images/sharegroups/:groupId/images', false, listGroupImages),
  route('POST', 'images/sharegroups/:groupId/images', true, addGroupImages),
  route('PUT', 'images/sharegroups/:groupId/images/:sharedId', true, updateGroupImage),
  route('DELETE', 'images/sharegroups/:groupId/images/:sharedId', true, removeGroupImage),
  route('GET', 'images/sharegroups/:groupId/members', false, listMembers),
  route('POST', 'images/sharegroups/:groupId/members', true, addMember),
  route('GET', 'images/sharegroups/:groupId/members/:tokenUuid', false, getMember),
  route('PUT', 'images/sharegroups/:groupId/members/:tokenUuid', true, updateMember),
  route('DELETE', 'images/sharegroups/:groupId/members/:tokenUuid', true, revokeMember),
  route('GET', 'images/:imageId/sharegroups', false, groupsOfImage),
];

/** A member's `shared/NNNN` image, or undefined when `account` does not receive it. */
export function sharedImageFor(state: SimulatorState, id: string, account: string): SharedImageEntry | undefined {
  const entry = state.sharing.images.get(id);
  if (!entry) return undefined;
  return state.sharing.groupsJoinedBy(account).some((group) => group.id === entry.groupId) ? entry : undefined;
}

/** 403 for a member's attempt to change a shared image (CHOICE above). */
export function sharedImageRefusal(action: string): ApiError {
  return ApiError.single(403, `Shared images cannot be ${action}.`);
}
