// Finds and loads the official Linode OpenAPI spec (4.189.0). The spec is never copied into the project:
// it is read from $LINODE_OPENAPI_SPEC or from ../shared/linode-api/ beside the project.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const SPEC_ENV_VAR = 'LINODE_OPENAPI_SPEC';
const SPEC_FILE_NAME = 'openapi-4.189.0.yaml';

/** The project root: the nearest folder above this file that holds package.json (works from out/ and from src). */
function projectRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) {
      return resolve(__dirname, '..', '..');
    }
    folder = parent;
  }
  return folder;
}

/**
 * Where shared Linode API material (the spec, the recorded exchanges) is looked for: the path in `envVar` if set,
 * else `<project root>/../shared/linode-api/<name>`.
 */
export function sharedApiPath(envVar: string, name: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv && fromEnv.trim() !== '') {
    return resolve(fromEnv);
  }
  return resolve(projectRoot(), '..', 'shared', 'linode-api', name);
}

/** Where the spec is looked for: the env var if set, else `<project root>/../shared/linode-api/openapi-4.189.0.yaml`. */
function specCandidatePath(): string {
  return sharedApiPath(SPEC_ENV_VAR, SPEC_FILE_NAME);
}

/** The spec's path, or undefined when it is not there. */
function findOpenApiSpec(): string | undefined {
  const candidate = specCandidatePath();
  return existsSync(candidate) ? candidate : undefined;
}

function missingSpecMessage(): string {
  return (
    `Linode OpenAPI spec not found at ${specCandidatePath()}. ` +
    `Set ${SPEC_ENV_VAR} to the path of ${SPEC_FILE_NAME} (the official spec, info.version 4.189.0).`
  );
}

/**
 * The parsed spec for a suite's `before` hook. When it is absent: fails under CI, otherwise marks the suite
 * pending with a message saying where it looked (a skip is never counted as a pass).
 */
export function specOrSkip(context: Mocha.Context): OpenApiDocument {
  const specPath = findOpenApiSpec();
  if (!specPath) skipMissing(context, missingSpecMessage());
  return loadOpenApiSpec(specPath);
}

/**
 * For shared material a suite cannot run without: fails under CI, otherwise marks the suite pending with
 * `message` (which says where it looked), so a skip is never counted as a pass.
 */
export function skipMissing(context: Mocha.Context, message: string): never {
  if (process.env.CI) throw new Error(message);
  console.warn(`      SKIPPED (not passed): ${message}`);
  context.skip();
}

export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
}

const cache = new Map<string, OpenApiDocument>();

/** Parses the spec once per path (the YAML is 3.6 MB; parsing takes a couple of seconds). */
function loadOpenApiSpec(path = findOpenApiSpec()): OpenApiDocument {
  if (!path) {
    throw new Error(missingSpecMessage());
  }
  let spec = cache.get(path);
  if (!spec) {
    spec = parse(readFileSync(path, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument;
    if (!spec || typeof spec !== 'object' || !spec.paths) {
      throw new Error(`${path} does not look like an OpenAPI document`);
    }
    cache.set(path, spec);
  }
  return spec;
}
