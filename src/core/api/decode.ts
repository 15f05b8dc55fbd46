// One decoding step for every answer. Whatever answered (Linode, a proxy, a captive portal) is checked for the
// shape the code relies on before anyone uses it: ids and statuses must be there, or the answer is refused with
// a clear error; the nulls the real API sends where the spec promises values (public images' `regions` and
// `total_size`, a shared image's `updated`…) become values the rest of the code can use ([] for lists, null for
// numbers and times nobody knows). Values the spec does not list (a new status, an image `type` of `shared`) are
// kept as they are. No `vscode` import: this is the core.
import { l10n } from '../l10n';
import { LinodeResponseError, type ApiReason } from './errors';
import type { AccountEvent, Disk, EventEntity, Image, ImageRegion, ImageSharing, ImageUploadContainer, Linode, LinodeType, Page, Price, Profile, Region, RegionPrice, CreatedShareGroupToken, ShareGroup, ShareGroupMember, ShareGroupToken, SshKey } from './types';

/** What an answer should be and how to read it. */
export interface Decoder<T> {
  /**
   * The whole sentence for an answer to `request` that is not this, `detail` saying where it differs:
   * "Linode's answer to GET /v4/images/private%2F1 was not the image Linode documents (id is missing)".
   */
  notDocumented(request: string, detail: string): string;
  /**
   * Throws ShapeError when the value is not what the code relies on. `at` is where the value sits in the answer
   * ("data[3]."), for messages; empty for the whole answer.
   */
  decode(value: unknown, at?: string): T;
}

/** Where an answer differs from what the code relies on: "data[3].id is missing". */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** A body that is not JSON, kept as text so the error can say what it was. */
export class UnparsedBody {
  constructor(readonly text: string) {}
}

/** The client's JSON parser for every body: an empty body is undefined, text that is not JSON stays text. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new UnparsedBody(text);
  }
}

/** "Linode's answer to GET /v4/images was an HTML page, not JSON: a proxy or captive portal?" */
export function htmlAnswerMessage(request: string): string {
  return l10n.t("Linode's answer to {0} was an HTML page, not JSON: a proxy or captive portal?", request);
}

/**
 * Why a successful answer to `request` cannot be read as JSON at all (the whole sentence), or undefined when it
 * can. Checked even with status 200: a captive portal or a proxy answers its own HTML page with 200.
 */
export function notJsonProblem(contentType: string | null, body: unknown, request: string): string | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = body instanceof UnparsedBody ? body.text : undefined;
  if (type === 'text/html' || type === 'application/xhtml+xml' || (text !== undefined && /^\s*</.test(text))) {
    return htmlAnswerMessage(request);
  }
  if (text !== undefined) {
    return type
      ? l10n.t('Linode\'s answer to {0} was not JSON ({1}): "{2}"', request, type, excerpt(text))
      : l10n.t('Linode\'s answer to {0} was not JSON: "{1}"', request, excerpt(text));
  }
  if (type !== '' && !type.includes('json') && body !== undefined) return l10n.t("Linode's answer to {0} was not JSON ({1})", request, type);
  return undefined;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** The reasons of an error envelope, or the status when the body is no envelope (an HTML error page, nothing). */
export function errorReasons(body: unknown, status: number, statusText: string): ApiReason[] {
  const errors = isObject(body) ? body.errors : undefined;
  if (Array.isArray(errors)) {
    const reasons = errors
      .filter((e): e is Record<string, unknown> & { reason: string } => isObject(e) && typeof e.reason === 'string')
      .map((e) => (typeof e.field === 'string' ? { field: e.field, reason: e.reason } : { reason: e.reason }));
    if (reasons.length > 0) return reasons;
  }
  return [{ reason: `HTTP ${status}${statusText ? ` ${statusText}` : ''}` }];
}

// Readers. `at` is the path of the object in the answer ("data[3]."), for messages.

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, for "data[3].id is a number, not text" (the field's name and the expectation are the sentence's). */
export function kindOf(value: unknown): string {
  if (value === undefined) return l10n.t('missing');
  if (value === null) return l10n.t('null');
  if (Array.isArray(value)) return l10n.t('a list');
  if (value instanceof UnparsedBody) return l10n.t('text');
  switch (typeof value) {
    case 'object':
      return l10n.t('an object');
    case 'string':
      return l10n.t('a string');
    case 'number':
      return l10n.t('a number');
    case 'boolean':
      return l10n.t('a boolean');
    default:
      // Not a JSON value (bigint, function…): named by its JavaScript type.
      return l10n.t('a {0}', typeof value);
  }
}

function objectAt(value: unknown, at: string): JsonObject {
  if (isObject(value)) return value;
  if (at === '') throw new ShapeError(value === undefined ? l10n.t('the answer is empty') : l10n.t('the answer is {0}, not an object', kindOf(value)));
  throw new ShapeError(l10n.t('{0} is {1}, not an object', at.replace(/\.$/, ''), kindOf(value)));
}

/** A field the code cannot do without (an id, a status): missing or of another type is an error. */
function requiredString(object: JsonObject, key: string, at: string): string {
  const value = object[key];
  if (typeof value === 'string') return value;
  throw new ShapeError(value === undefined ? l10n.t('{0} is missing', `${at}${key}`) : l10n.t('{0} is {1}, not text', `${at}${key}`, kindOf(value)));
}

function requiredInteger(object: JsonObject, key: string, at: string, minimum: number): number {
  const value = object[key];
  if (typeof value === 'number' && Number.isInteger(value) && value >= minimum) return value;
  throw new ShapeError(
    value === undefined
      ? l10n.t('{0} is missing', `${at}${key}`)
      : l10n.t('{0} is {1}, not a whole number of at least {2}', `${at}${key}`, kindOf(value), minimum),
  );
}

/** Text the code only shows: anything else (null, missing, another type) is unknown. */
function optionalString(object: JsonObject, key: string): string | null {
  const value = object[key];
  return typeof value === 'string' ? value : null;
}

function optionalNumber(object: JsonObject, key: string): number | null {
  const value = object[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function flag(object: JsonObject, key: string, otherwise: boolean): boolean {
  const value = object[key];
  return typeof value === 'boolean' ? value : otherwise;
}

/** A list of text: null or missing is empty, and entries that are not text are left out. */
function stringList(object: JsonObject, key: string): string[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

// Decoders for what the client reads.

function decodeImageRegion(value: unknown, at: string): ImageRegion {
  const object = objectAt(value, at);
  return { region: requiredString(object, 'region', at), status: requiredString(object, 'status', at) };
}

function decodeImageAt(value: unknown, at: string): Image {
  const object = objectAt(value, at);
  const id = requiredString(object, 'id', at);
  const regions = object.regions;
  if (regions !== undefined && regions !== null && !Array.isArray(regions)) {
    throw new ShapeError(l10n.t('{0} is {1}, not a list', `${at}regions`, kindOf(regions)));
  }
  return {
    // Fields the extension does not read (image_sharing, is_shared…) stay for Show Image Details.
    ...object,
    id,
    label: optionalString(object, 'label') ?? id,
    description: optionalString(object, 'description'),
    created: optionalString(object, 'created'),
    updated: optionalString(object, 'updated'),
    created_by: optionalString(object, 'created_by'),
    type: optionalString(object, 'type'),
    // Public images are the `linode/` ones; the id decides when the flag is missing.
    is_public: flag(object, 'is_public', id.startsWith('linode/')),
    size: optionalNumber(object, 'size'),
    total_size: optionalNumber(object, 'total_size'),
    vendor: optionalString(object, 'vendor'),
    deprecated: flag(object, 'deprecated', false),
    expiry: optionalString(object, 'expiry'),
    eol: optionalString(object, 'eol'),
    status: requiredString(object, 'status', at),
    capabilities: stringList(object, 'capabilities'),
    tags: stringList(object, 'tags'),
    regions: (regions ?? []).map((region: unknown, index: number) => decodeImageRegion(region, `${at}regions[${index}].`)),
    // Set only when the answer has them (or the id is `shared/`): Show Image Details shows what Linode sent.
    ...(object.is_shared !== undefined || id.startsWith('shared/') ? { is_shared: sharedFlag(object.is_shared, id) } : {}),
    ...(object.image_sharing !== undefined ? { image_sharing: decodeImageSharing(object.image_sharing) } : {}),
  };
}

/**
 * `is_shared`: a boolean in every answer seen, though the newer spec declares a string enum (`true`, `false`,
 * `"none"`); any of those is read. Missing (older answers): a `shared/` id says it.
 */
function sharedFlag(value: unknown, id: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false' || value === 'none') return false;
  return id.startsWith('shared/');
}

/** `image_sharing`, read leniently: a part that is not what Linode documents counts as absent. */
function decodeImageSharing(value: unknown): ImageSharing | null {
  if (!isObject(value)) return null;
  const withPart = isObject(value.shared_with) && typeof value.shared_with.sharegroup_count === 'number'
    ? {
        sharegroup_count: value.shared_with.sharegroup_count,
        sharegroup_list_url: typeof value.shared_with.sharegroup_list_url === 'string' ? value.shared_with.sharegroup_list_url : null,
      }
    : null;
  const by = value.shared_by;
  const byPart = isObject(by) && typeof by.sharegroup_id === 'number'
    ? {
        sharegroup_id: by.sharegroup_id,
        sharegroup_uuid: typeof by.sharegroup_uuid === 'string' ? by.sharegroup_uuid : null,
        sharegroup_label: typeof by.sharegroup_label === 'string' ? by.sharegroup_label : l10n.t('Share group {0}', by.sharegroup_id),
        source_image_id: typeof by.source_image_id === 'string' ? by.source_image_id : null,
      }
    : null;
  return withPart || byPart ? { shared_with: withPart, shared_by: byPart } : null;
}

function decodeRegionAt(value: unknown, at: string): Region {
  const object = objectAt(value, at);
  const id = requiredString(object, 'id', at);
  // The live API sends `site_type`; the 4.189 spec says `site-type`. Either is read.
  const siteType = optionalString(object, 'site_type') ?? optionalString(object, 'site-type');
  const resolvers = object.resolvers;
  const region: Region = {
    id,
    label: optionalString(object, 'label') ?? id,
    country: optionalString(object, 'country') ?? '',
    capabilities: stringList(object, 'capabilities'),
    status: optionalString(object, 'status'),
  };
  if (siteType !== null) region.site_type = siteType;
  if (isObject(resolvers) && typeof resolvers.ipv4 === 'string' && typeof resolvers.ipv6 === 'string') {
    region.resolvers = { ipv4: resolvers.ipv4, ipv6: resolvers.ipv6 };
  }
  return region;
}

function decodeLinodeAt(value: unknown, at: string): Linode {
  const object = objectAt(value, at);
  const id = requiredInteger(object, 'id', at, 1);
  return {
    id,
    label: optionalString(object, 'label') ?? l10n.t('Linode {0}', id),
    region: optionalString(object, 'region') ?? '',
    type: optionalString(object, 'type') ?? '',
    image: optionalString(object, 'image'),
    status: requiredString(object, 'status', at),
    tags: stringList(object, 'tags'),
    ipv4: stringList(object, 'ipv4'),
    ipv6: optionalString(object, 'ipv6'),
    created: optionalString(object, 'created'),
  };
}

/** A price the code can compute with: both numbers, or nothing (null) when either is missing. */
function priceAt(value: unknown): Price | null {
  if (!isObject(value)) return null;
  const hourly = optionalNumber(value, 'hourly');
  const monthly = optionalNumber(value, 'monthly');
  return hourly === null || monthly === null ? null : { hourly, monthly };
}

function decodeLinodeTypeAt(value: unknown, at: string): LinodeType {
  const object = objectAt(value, at);
  const id = requiredString(object, 'id', at);
  const regionPrices = Array.isArray(object.region_prices) ? object.region_prices : [];
  return {
    id,
    label: optionalString(object, 'label') ?? id,
    class: optionalString(object, 'class'),
    memory: optionalNumber(object, 'memory') ?? 0,
    disk: optionalNumber(object, 'disk') ?? 0,
    vcpus: optionalNumber(object, 'vcpus') ?? 0,
    gpus: optionalNumber(object, 'gpus') ?? 0,
    transfer: optionalNumber(object, 'transfer'),
    price: priceAt(object.price),
    // A regional price without its region or its numbers is left out: the default price applies there.
    region_prices: regionPrices.flatMap((entry: unknown): RegionPrice[] => {
      const price = priceAt(entry);
      const region = isObject(entry) ? optionalString(entry, 'id') : null;
      return price && region !== null ? [{ id: region, ...price }] : [];
    }),
  };
}

function decodeDiskAt(value: unknown, at: string): Disk {
  const object = objectAt(value, at);
  const id = requiredInteger(object, 'id', at, 1);
  return {
    id,
    label: optionalString(object, 'label') ?? l10n.t('Disk {0}', id),
    size: optionalNumber(object, 'size'),
    filesystem: requiredString(object, 'filesystem', at),
    status: requiredString(object, 'status', at),
    created: optionalString(object, 'created'),
    updated: optionalString(object, 'updated'),
  };
}

function decodeEntityAt(value: unknown, at: string): EventEntity | null {
  if (value === null || value === undefined) return null;
  const object = objectAt(value, at);
  const id = object.id;
  return {
    id: typeof id === 'number' && Number.isInteger(id) ? id : null,
    type: optionalString(object, 'type'),
    label: optionalString(object, 'label'),
    url: optionalString(object, 'url'),
  };
}

function decodeEventAt(value: unknown, at: string): AccountEvent {
  const object = objectAt(value, at);
  return {
    id: requiredInteger(object, 'id', at, 1),
    action: requiredString(object, 'action', at),
    created: optionalString(object, 'created'),
    status: optionalString(object, 'status') ?? 'notification',
    username: optionalString(object, 'username'),
    entity: decodeEntityAt(object.entity, `${at}entity.`),
    secondary_entity: decodeEntityAt(object.secondary_entity, `${at}secondary_entity.`),
    message: optionalString(object, 'message'),
  };
}

export const EVENT: Decoder<AccountEvent> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the event Linode documents ({1})", request, detail),
  decode: (value, at = '') => decodeEventAt(value, at),
};

export const IMAGE: Decoder<Image> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the image Linode documents ({1})", request, detail),
  decode: (value, at = '') => decodeImageAt(value, at),
};

export const UPLOAD_CONTAINER: Decoder<ImageUploadContainer> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the upload container Linode documents ({1})", request, detail),
  decode(value, at = '') {
    const object = objectAt(value, at);
    return { image: decodeImageAt(object.image, `${at}image.`), upload_to: requiredString(object, 'upload_to', at) };
  },
};

export const REGION: Decoder<Region> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the region Linode documents ({1})", request, detail),
  decode: (value, at = '') => decodeRegionAt(value, at),
};
export const LINODE: Decoder<Linode> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the Linode Linode documents ({1})", request, detail),
  decode: (value, at = '') => decodeLinodeAt(value, at),
};
export const LINODE_TYPE: Decoder<LinodeType> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the plan Linode documents ({1})", request, detail),
  decode: (value, at = '') => decodeLinodeTypeAt(value, at),
};

export const SSH_KEY: Decoder<SshKey> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the SSH key Linode documents ({1})", request, detail),
  decode(value, at = '') {
    const object = objectAt(value, at);
    const id = requiredInteger(object, 'id', at, 1);
    return {
      id,
      label: optionalString(object, 'label') ?? '',
      ssh_key: requiredString(object, 'ssh_key', at),
      created: optionalString(object, 'created'),
    };
  },
};

export const DISK: Decoder<Disk> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the disk Linode documents ({1})", request, detail),
  decode: (value, at = '') => decodeDiskAt(value, at),
};

export const PROFILE: Decoder<Profile> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the profile Linode documents ({1})", request, detail),
  decode(value, at = '') {
    const object = objectAt(value, at);
    return {
      username: requiredString(object, 'username', at),
      email: optionalString(object, 'email') ?? '',
      uid: optionalNumber(object, 'uid') ?? 0,
      restricted: flag(object, 'restricted', false),
    };
  },
};

export const SHARE_GROUP: Decoder<ShareGroup> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the share group Linode documents ({1})", request, detail),
  decode(value, at = '') {
    const object = objectAt(value, at);
    const id = requiredInteger(object, 'id', at, 1);
    return {
      id,
      uuid: optionalString(object, 'uuid') ?? '',
      label: optionalString(object, 'label') ?? l10n.t('Share group {0}', id),
      description: optionalString(object, 'description') ?? '',
      is_suspended: flag(object, 'is_suspended', false),
      created: optionalString(object, 'created'),
      updated: optionalString(object, 'updated'),
      expiry: optionalString(object, 'expiry'),
      images_count: optionalNumber(object, 'images_count') ?? 0,
      members_count: optionalNumber(object, 'members_count') ?? 0,
    };
  },
};

export const SHARE_GROUP_MEMBER: Decoder<ShareGroupMember> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the share group member Linode documents ({1})", request, detail),
  decode(value, at = '') {
    const object = objectAt(value, at);
    const tokenUuid = requiredString(object, 'token_uuid', at);
    return {
      token_uuid: tokenUuid,
      id: tokenUuid,
      label: optionalString(object, 'label') ?? tokenUuid,
      status: optionalString(object, 'status') ?? 'unknown',
      created: optionalString(object, 'created'),
      updated: optionalString(object, 'updated'),
      expiry: optionalString(object, 'expiry'),
    };
  },
};

export const SHARE_GROUP_TOKEN: Decoder<ShareGroupToken> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the membership token Linode documents ({1})", request, detail),
  decode(value, at = '') {
    const object = objectAt(value, at);
    const tokenUuid = requiredString(object, 'token_uuid', at);
    return {
      token_uuid: tokenUuid,
      id: tokenUuid,
      label: optionalString(object, 'label') ?? '',
      status: optionalString(object, 'status') ?? 'unknown',
      valid_for_sharegroup_uuid: optionalString(object, 'valid_for_sharegroup_uuid') ?? '',
      sharegroup_uuid: optionalString(object, 'sharegroup_uuid'),
      sharegroup_label: optionalString(object, 'sharegroup_label'),
      created: optionalString(object, 'created'),
      updated: optionalString(object, 'updated'),
      expiry: optionalString(object, 'expiry'),
    };
  },
};

/** The create answer: a token, and the token's text (which nothing but this answer ever shows). */
export const CREATED_SHARE_GROUP_TOKEN: Decoder<CreatedShareGroupToken> = {
  notDocumented: SHARE_GROUP_TOKEN.notDocumented,
  decode(value, at = '') {
    const object = objectAt(value, at);
    return { ...SHARE_GROUP_TOKEN.decode(value, at), token: requiredString(object, 'token', at) };
  },
};

/** What a DELETE answers: `{}` (or nothing at all). */
export const DELETED: Decoder<void> = {
  notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the empty object Linode documents ({1})", request, detail),
  decode(value, at = '') {
    if (value !== undefined) objectAt(value, at);
  },
};

/** A page of a collection: the envelope's counts and every item, each checked with `item`. */
export function pageOf<T>(item: Decoder<T>): Decoder<Page<T>> {
  return {
    notDocumented: (request, detail) => l10n.t("Linode's answer to {0} was not the list Linode documents ({1})", request, detail),
    decode(value, at = '') {
      const object = objectAt(value, at);
      const data = object.data;
      if (!Array.isArray(data)) {
        throw new ShapeError(data === undefined ? l10n.t('{0} is missing', `${at}data`) : l10n.t('{0} is {1}, not a list', `${at}data`, kindOf(data)));
      }
      return {
        data: data.map((entry: unknown, index: number) => item.decode(entry, `${at}data[${index}].`)),
        page: requiredInteger(object, 'page', at, 1),
        pages: requiredInteger(object, 'pages', at, 0),
        results: requiredInteger(object, 'results', at, 0),
      };
    },
  };
}

/** A successful answer as the code may use it, or a LinodeResponseError that says what came instead. */
export function decodeAnswer<T>(decoder: Decoder<T>, answer: { status: number; contentType: string | null; body: unknown }, request: string): T {
  const notJson = notJsonProblem(answer.contentType, answer.body, request);
  if (notJson) throw new LinodeResponseError(request, answer.status, notJson);
  try {
    return decoder.decode(answer.body);
  } catch (error) {
    if (error instanceof ShapeError) throw new LinodeResponseError(request, answer.status, decoder.notDocumented(request, error.message));
    throw error;
  }
}
