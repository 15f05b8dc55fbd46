// Request-body rules of the image operations. The spec's schemas have additionalProperties:false, so unknown
// properties are errors; label rules follow Cloud Manager (the spec has none); description and tags follow the spec.

import { ApiError } from './http';

export interface FieldError {
  field: string;
  reason: string;
}

export type JsonObject = Record<string, unknown>;

/** The body as an object; 400 when it is JSON but not an object. */
export function objectBody(body: unknown): JsonObject {
  if (body === undefined) {
    return {};
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw ApiError.single(400, 'Request body must be a JSON object.');
  }
  return body as JsonObject;
}

/** Image fields the API sets itself; PUT bodies that carry them are refused. */
const READ_ONLY_IMAGE_FIELDS = new Set([
  'id', 'created', 'updated', 'created_by', 'type', 'is_public', 'size', 'total_size', 'vendor', 'deprecated',
  'expiry', 'eol', 'status', 'capabilities', 'regions',
]);

export function rejectUnknownFields(body: JsonObject, allowed: readonly string[], errors: FieldError[]): void {
  for (const key of Object.keys(body)) {
    if (allowed.includes(key)) {
      continue;
    }
    errors.push({
      field: key,
      reason: READ_ONLY_IMAGE_FIELDS.has(key) ? `${key} is read-only and cannot be set.` : `${key} is not a recognized field.`,
    });
  }
}

const LABEL_PATTERN = /^[a-zA-Z0-9,.?\-_\s']+$/;
const LABEL_MAX = 50;

export function checkLabel(body: JsonObject, errors: FieldError[], required: boolean): void {
  const label = body.label;
  if (label === undefined) {
    if (required) {
      errors.push({ field: 'label', reason: 'label is required.' });
    }
    return;
  }
  if (typeof label !== 'string') {
    errors.push({ field: 'label', reason: 'label must be a string.' });
  } else if (label.length < 1 || label.length > LABEL_MAX) {
    errors.push({ field: 'label', reason: `Label must be between 1 and ${LABEL_MAX} characters.` });
  } else if (!LABEL_PATTERN.test(label)) {
    errors.push({ field: 'label', reason: 'Image labels cannot contain special characters.' });
  }
}

const DESCRIPTION_MAX = 65000;

/** On update the spec makes description nullable with minLength 1; on create it is a plain string. */
export function checkDescription(body: JsonObject, errors: FieldError[], mode: 'create' | 'update'): void {
  const description = body.description;
  if (description === undefined || (description === null && mode === 'update')) {
    return;
  }
  if (typeof description !== 'string') {
    errors.push({
      field: 'description',
      reason: mode === 'update' ? 'description must be a string or null.' : 'description must be a string.',
    });
  } else if (description.length > DESCRIPTION_MAX) {
    errors.push({ field: 'description', reason: `Description must be ${DESCRIPTION_MAX} characters or fewer.` });
  } else if (mode === 'update' && description.length === 0) {
    errors.push({ field: 'description', reason: 'Description must be between 1 and 65000 characters; send null to clear it.' });
  }
}

const TAG_MIN = 3;
const TAG_MAX = 100;
const TAGS_MAX = 500;

/** Tags as the spec has them for images (3–100 characters); `maxLength` for other objects' tags. */
export function checkTags(body: JsonObject, errors: FieldError[], maxLength = TAG_MAX): void {
  const tags = body.tags;
  if (tags === undefined) {
    return;
  }
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
    errors.push({ field: 'tags', reason: 'tags must be an array of strings.' });
    return;
  }
  if (tags.length > TAGS_MAX) {
    errors.push({ field: 'tags', reason: `A maximum of ${TAGS_MAX} tags is allowed.` });
  }
  (tags as string[]).forEach((tag, index) => {
    if (tag.length < TAG_MIN || tag.length > maxLength) {
      errors.push({ field: `tags[${index}]`, reason: `Tag "${tag}" must be between ${TAG_MIN} and ${maxLength} characters.` });
    }
  });
}

export function checkBoolean(body: JsonObject, field: string, errors: FieldError[]): void {
  if (body[field] !== undefined && typeof body[field] !== 'boolean') {
    errors.push({ field, reason: `${field} must be a boolean.` });
  }
}

export function checkInteger(body: JsonObject, field: string, errors: FieldError[], required: boolean): void {
  const value = body[field];
  if (value === undefined) {
    if (required) {
      errors.push({ field, reason: `${field} is required.` });
    }
  } else if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.push({ field, reason: `${field} must be an integer.` });
  }
}

export function checkString(body: JsonObject, field: string, errors: FieldError[], required: boolean): void {
  const value = body[field];
  if (value === undefined) {
    if (required) {
      errors.push({ field, reason: `${field} is required.` });
    }
  } else if (typeof value !== 'string') {
    errors.push({ field, reason: `${field} must be a string.` });
  }
}

/** Field errors are 422 for the image operations (the simulator's choice so far); `status` for others. */
export function throwIfErrors(errors: FieldError[], status = 422): void {
  if (errors.length > 0) {
    throw new ApiError(status, errors);
  }
}

/** Tags as stored: duplicates dropped, order kept. */
export function normalizeTags(tags: unknown): string[] {
  return Array.isArray(tags) ? [...new Set(tags as string[])] : [];
}
