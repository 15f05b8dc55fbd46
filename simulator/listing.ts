// Collection GETs: pagination (page, page_size) and the X-Filter header.

import type { Page } from '../src/core/api/types';
import { ApiError } from './http';

const PAGE_SIZE_DEFAULT = 100;
const PAGE_SIZE_MIN = 25;
const PAGE_SIZE_MAX = 500;

function integerParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) {
    return undefined;
  }
  if (!/^\d+$/.test(raw.trim())) {
    throw ApiError.single(400, `${name} must be an integer.`, name);
  }
  return Number(raw);
}

/** One page of `items`; a page past the end returns the last page, as the API does. */
export function paginate<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const pageSize = integerParam(query, 'page_size') ?? PAGE_SIZE_DEFAULT;
  if (pageSize < PAGE_SIZE_MIN || pageSize > PAGE_SIZE_MAX) {
    throw ApiError.single(400, `page_size must be a value between ${PAGE_SIZE_MIN} and ${PAGE_SIZE_MAX}.`, 'page_size');
  }
  const requested = integerParam(query, 'page') ?? 1;
  if (requested < 1) {
    throw ApiError.single(400, 'page must be 1 or more.', 'page');
  }
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(requested, pages);
  return {
    data: items.slice((page - 1) * pageSize, page * pageSize),
    page,
    pages,
    results: items.length,
  };
}

type Filter = Record<string, unknown>;

export interface FilterableFields {
  /** Fields that may appear in a filter; a dotted name (`entity.type`) reaches into a nested object. */
  fields: ReadonlySet<string>;
  /** Fields that may not be used with +order_by. */
  unorderable?: ReadonlySet<string>;
  /** With +order_by, items that tie on it are ordered by this field, in the same direction (e.g. `id`). */
  tiebreak?: string;
}

function filterError(reason: string): ApiError {
  return ApiError.single(400, reason, 'X-Filter');
}

/**
 * Applies an `X-Filter` header value: field equality (array fields match when they contain the value),
 * operator objects (`{"size": {"+gt": 100}}`, `{"created": {"+gte": "2024-05-01T00:00:00"}}`), `+and`, `+or`,
 * `+order_by` and `+order`. Field names may be dotted paths into nested objects (`{"entity.type": "image"}`).
 */
export function applyXFilter<T extends object>(items: T[], header: string | undefined, filterable: FilterableFields): T[] {
  if (header === undefined || header.trim() === '') {
    return items;
  }
  let filter: unknown;
  try {
    filter = JSON.parse(header);
  } catch {
    throw filterError('X-Filter must be valid JSON.');
  }
  if (!isObject(filter)) {
    throw filterError('X-Filter must be a JSON object.');
  }
  const { '+order_by': orderBy, '+order': order, ...criteria } = filter;
  const predicate = compile(criteria, filterable);
  const result = items.filter((item) => predicate(item as Record<string, unknown>));
  if (order !== undefined && orderBy === undefined) {
    throw filterError('+order requires +order_by.');
  }
  if (orderBy !== undefined) {
    if (typeof orderBy !== 'string' || !filterable.fields.has(orderBy) || filterable.unorderable?.has(orderBy)) {
      throw filterError(`Cannot order by ${String(orderBy)}.`);
    }
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw filterError('+order must be "asc" or "desc".');
    }
    const direction = order === 'desc' ? -1 : 1;
    const { tiebreak } = filterable;
    const key = (item: T, field: string): unknown => valueAt(item as Record<string, unknown>, field);
    result.sort((a, b) =>
      direction * (compareValues(key(a, orderBy), key(b, orderBy)) || (tiebreak === undefined ? 0 : compareValues(key(a, tiebreak), key(b, tiebreak)))));
  }
  return result;
}

/** The value at a field name: the property itself, or for a dotted name (`entity.id`) the nested one. */
function valueAt(item: Record<string, unknown>, field: string): unknown {
  if (field in item || !field.includes('.')) {
    return item[field];
  }
  let value: unknown = item;
  for (const part of field.split('.')) {
    if (!isObject(value)) {
      return undefined;
    }
    value = value[part];
  }
  return value;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Milliseconds of an ISO 8601 timestamp (`2024-05-01`, `2024-05-01T10:00:00`, with or without fraction and offset;
 * no offset means UTC, as the API's own timestamps), or undefined for anything else.
 */
function timestampMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) {
    return undefined;
  }
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) && value.includes('T');
  const ms = Date.parse(value.includes('T') && !hasOffset ? `${value}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

function isObject(value: unknown): value is Filter {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const [aMs, bMs] = [timestampMs(a), timestampMs(b)];
  if (aMs !== undefined && bMs !== undefined) {
    return aMs - bMs;
  }
  return String(a ?? '').localeCompare(String(b ?? ''));
}

type Predicate = (item: Record<string, unknown>) => boolean;

function compile(filter: Filter, filterable: FilterableFields): Predicate {
  const parts: Predicate[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '+and' || key === '+or') {
      if (!Array.isArray(value) || !value.every(isObject)) {
        throw filterError(`${key} must be an array of filters.`);
      }
      const subs = value.map((sub) => compile(sub, filterable));
      parts.push(key === '+and' ? (item) => subs.every((sub) => sub(item)) : (item) => subs.some((sub) => sub(item)));
      continue;
    }
    if (key.startsWith('+')) {
      throw filterError(`Unknown filter operator ${key}.`);
    }
    if (!filterable.fields.has(key)) {
      throw filterError(`Cannot filter on ${key}.`);
    }
    parts.push(fieldPredicate(key, value));
  }
  return (item) => parts.every((part) => part(item));
}

function fieldPredicate(field: string, condition: unknown): Predicate {
  const valueOf = (item: Record<string, unknown>): unknown => valueAt(item, field);
  if (!isObject(condition)) {
    return (item) => equalsOrContains(valueOf(item), condition);
  }
  const checks: Predicate[] = Object.entries(condition).map(([operator, operand]) => {
    switch (operator) {
      case '+gt':
      case '+gte':
      case '+lt':
      case '+lte': {
        // A number compares with numbers; a timestamp (the API accepts ISO 8601 ones) with timestamp strings.
        const bound = typeof operand === 'number' ? operand : timestampMs(operand);
        if (bound === undefined) {
          throw filterError(`${operator} needs a number or an ISO 8601 timestamp.`);
        }
        return (item) => {
          const raw = valueOf(item);
          const value = typeof operand === 'number' ? (typeof raw === 'number' ? raw : undefined) : timestampMs(raw);
          if (value === undefined) {
            return false;
          }
          return operator === '+gt' ? value > bound : operator === '+gte' ? value >= bound : operator === '+lt' ? value < bound : value <= bound;
        };
      }
      case '+contains':
        if (typeof operand !== 'string') {
          throw filterError('+contains needs a string.');
        }
        return (item) => {
          const value = valueOf(item);
          if (Array.isArray(value)) {
            return value.some((entry) => String(entry).toLowerCase().includes(operand.toLowerCase()));
          }
          return typeof value === 'string' && value.toLowerCase().includes(operand.toLowerCase());
        };
      case '+neq':
        return (item) => !equalsOrContains(valueOf(item), operand);
      default:
        throw filterError(`Unknown filter operator ${operator}.`);
    }
  });
  return (item) => checks.every((check) => check(item));
}

function equalsOrContains(value: unknown, expected: unknown): boolean {
  if (Array.isArray(value)) {
    return value.includes(expected);
  }
  return value === expected;
}
