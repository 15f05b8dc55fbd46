// "Copy as…": what the user is looking at (an image, a change of its regions, an upload, a capture) written as a
// `linode-cli` command, a Terraform `linode_image` resource, or the `curl` request to the API. Pure text, made
// from what the extension already knows; the token is never part of it: curl reads `$LINODE_TOKEN`.
//
// linode-cli: the forms the API reference gives (`linode-cli images replicate private/12345 --regions us-mia
// --regions us-east`, `images update`, `images create … --disk_id`, and the `image-upload` plugin for an upload),
// with the API's field names as flags, one line, each argument quoted for a POSIX shell when it needs it.
// Terraform: the linode provider's `linode_image` (label, description, tags, replica_regions, cloud_init, and the
// source: file_path with region, or disk_id with linode_id), with HCL string escapes.
import type { ApiVersion, Image, ImageCapture, ImageUploadRequest } from '../api/types';
import { l10n } from '../l10n';

export type CopySubject =
  /** An image as it is: its editable fields (and, in Terraform, its regions). */
  | { kind: 'image'; image: Image }
  /** A new region set for an image (the replicate request replaces the set). */
  | { kind: 'replication'; image: Image; regions: readonly string[] }
  /** An upload: `format: 'raw'` for an uncompressed image, which the other tools need compressed first. */
  | { kind: 'upload'; request: ImageUploadRequest; filePath: string; format?: 'gzip' | 'raw' }
  /** A capture of a Linode's disk. */
  | { kind: 'capture'; request: ImageCapture; linodeId: number };

export type CopyFormat = 'linode-cli' | 'terraform' | 'curl';

export interface CopyContext {
  /** The configured API URL, as checkApiUrl gives it (no trailing slash, no version): e.g. https://api.linode.com. */
  apiUrl: string;
  apiVersion: ApiVersion;
}

/** The environment variable the curl requests read the token from. */
const TOKEN_VARIABLE = 'LINODE_TOKEN';
/** gzip's default level, which the raw upload uses too (rawImage.ts). */
const GZIP_LEVEL = 6;
// eslint-disable-next-line local/user-strings -- a replica status as Linode sends it
const PENDING_DELETION = 'pending deletion';
const CLOUD_INIT = 'cloud-init';
// HTTP headers, the same in every language.
// eslint-disable-next-line local/user-strings -- an HTTP header
const JSON_TYPE = 'Content-Type: application/json';
// eslint-disable-next-line local/user-strings -- an HTTP header
const OCTET_STREAM_TYPE = 'Content-Type: application/octet-stream';
// eslint-disable-next-line local/user-strings -- an HTTP header with a shell variable in it
const AUTHORIZATION = `"Authorization: Bearer $${TOKEN_VARIABLE}"`;

export function copyAs(format: CopyFormat, subject: CopySubject, context: CopyContext): string {
  switch (format) {
    case 'linode-cli':
      return copyAsLinodeCli(subject);
    case 'terraform':
      return copyAsTerraform(subject);
    case 'curl':
      return copyAsCurl(subject, context);
  }
}

// ---- linode-cli ----

export function copyAsLinodeCli(subject: CopySubject): string {
  switch (subject.kind) {
    case 'image': {
      const { image } = subject;
      return command(['linode-cli', 'images', 'update', image.id, ...flag('label', image.label), ...flag('description', image.description), ...listFlag('tags', image.tags)]);
    }
    case 'replication':
      return command(['linode-cli', 'images', 'replicate', subject.image.id, ...listFlag('regions', subject.regions)]);
    case 'capture': {
      const { request } = subject;
      return command([
        'linode-cli',
        'images',
        'create',
        ...flag('label', request.label),
        ...flag('description', request.description),
        ...flag('disk_id', String(request.disk_id)),
        ...(request.cloud_init ? flag('cloud_init', 'true') : []),
        ...listFlag('tags', request.tags ?? []),
      ]);
    }
    case 'upload': {
      const { request } = subject;
      const file = uploadedFile(subject);
      const lines = subject.format === 'raw' ? [command(['gzip', '-k', `-${GZIP_LEVEL}`, subject.filePath])] : [];
      // The image-upload plugin takes these and no more (linode-cli's plugins/image-upload.py).
      lines.push(command(['linode-cli', 'image-upload', ...flag('label', request.label), ...flag('description', request.description), ...flag('region', request.region), file]));
      const tags = request.tags ?? [];
      if (tags.length > 0) {
        lines.push(
          `# ${l10n.t('linode-cli image-upload sets no tags; once the image exists: {0}', command(['linode-cli', 'images', 'update', 'IMAGE_ID', ...listFlag('tags', tags)]))}`,
        );
      }
      if (request.cloud_init) lines.push(`# ${l10n.t('linode-cli image-upload cannot mark the image as cloud-init ready; the API request can (Copy as curl).')}`);
      return lines.join('\n');
    }
  }
}

function flag(name: string, value: string | null | undefined): string[] {
  return value === null || value === undefined ? [] : [`--${name}`, value];
}

/** A list as linode-cli takes one: the flag once per item. */
function listFlag(name: string, values: readonly string[]): string[] {
  return values.flatMap((value) => [`--${name}`, value]);
}

function command(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** Quoted for a POSIX shell when it needs it: `us-east` stays as it is, `it's here` becomes `'it'\''s here'`. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// ---- Terraform ----

export function copyAsTerraform(subject: CopySubject): string {
  switch (subject.kind) {
    case 'image':
    case 'replication': {
      const { image } = subject;
      const regions = subject.kind === 'replication' ? [...subject.regions] : image.regions.filter((r) => r.status !== PENDING_DELETION).map((r) => r.region);
      const name = resourceName(image.label);
      const importBlock = block('import', [], [
        ['to', `linode_image.${name}`],
        ['id', hclString(image.id)],
      ]);
      const resource = block('resource', ['linode_image', name], [
        ...imageAttributes(image.label, image.description, image.tags, image.capabilities.includes(CLOUD_INIT)),
        ['replica_regions', hclList(regions)],
      ], [l10n.t('The source, which the provider needs one of: disk_id and linode_id (a capture), or file_path and region (an upload).')]);
      return `${importBlock}\n\n${resource}`;
    }
    case 'upload': {
      const { request } = subject;
      const file = uploadedFile(subject);
      const comments = subject.format === 'raw' ? [l10n.t('Compress the raw image first: {0}', command(['gzip', '-k', `-${GZIP_LEVEL}`, subject.filePath]))] : [];
      const resource = block('resource', ['linode_image', resourceName(request.label)], [
        ...imageAttributes(request.label, request.description, request.tags ?? [], request.cloud_init === true),
        ['region', hclString(request.region)],
        ['file_path', hclString(file)],
        ['file_hash', `filemd5(${hclString(file)})`],
      ]);
      return comments.length > 0 ? `${comments.map((c) => `# ${c}`).join('\n')}\n${resource}` : resource;
    }
    case 'capture': {
      const { request } = subject;
      return block('resource', ['linode_image', resourceName(request.label ?? `disk-${request.disk_id}`)], [
        ...imageAttributes(request.label ?? null, request.description, request.tags ?? [], request.cloud_init === true),
        ['disk_id', String(request.disk_id)],
        ['linode_id', String(subject.linodeId)],
      ]);
    }
  }
}

type Attribute = [name: string, expression: string];

function imageAttributes(label: string | null, description: string | null | undefined, tags: readonly string[], cloudInit: boolean): Attribute[] {
  const attributes: Attribute[] = [];
  if (label !== null) attributes.push(['label', hclString(label)]);
  if (description) attributes.push(['description', hclString(description)]);
  if (tags.length > 0) attributes.push(['tags', hclList(tags)]);
  if (cloudInit) attributes.push(['cloud_init', 'true']);
  return attributes;
}

/** A block as `terraform fmt` writes it: two-space indent, the `=` of consecutive attributes aligned. */
function block(type: string, labels: readonly string[], attributes: readonly Attribute[], comments: readonly string[] = []): string {
  const width = Math.max(0, ...attributes.map(([name]) => name.length));
  const lines = attributes.map(([name, expression]) => `  ${name.padEnd(width)} = ${expression}`);
  if (comments.length > 0) lines.push('', ...comments.map((comment) => `  # ${comment}`));
  const head = [type, ...labels.map((label) => `"${label}"`)].join(' ');
  return `${head} {\n${lines.join('\n')}\n}`;
}

function hclList(values: readonly string[]): string {
  return `[${values.map(hclString).join(', ')}]`;
}

/**
 * An HCL quoted string: backslash escapes for `"`, `\` and control characters, and the template sequences `${` and
 * `%{` doubled (`$${`, `%%{`) so they stay literal text.
 */
export function hclString(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `"${out.replace(/([$%])\{/g, '$1$1{')}"`;
}

/** A Terraform resource name from a label, as the provider's examples name them: lower case, digits and `_`. */
function resourceName(label: string): string {
  const name = label.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') return 'image';
  return /^[a-z_]/.test(name) ? name : `image_${name}`;
}

// ---- curl ----

export function copyAsCurl(subject: CopySubject, context: CopyContext): string {
  const base = `${context.apiUrl.replace(/\/+$/, '')}/${context.apiVersion}`;
  switch (subject.kind) {
    case 'image': {
      const { image } = subject;
      return apiRequest('PUT', `${base}/images/${encodeURIComponent(image.id)}`, { label: image.label, description: image.description, tags: image.tags });
    }
    case 'replication':
      return apiRequest('POST', `${base}/images/${encodeURIComponent(subject.image.id)}/regions`, { regions: subject.regions });
    case 'capture': {
      const { request } = subject;
      const body = { disk_id: request.disk_id, label: request.label, description: request.description, cloud_init: request.cloud_init, tags: request.tags };
      return apiRequest('POST', `${base}/images`, body);
    }
    case 'upload': {
      const { request } = subject;
      const file = uploadedFile(subject);
      const body = { label: request.label, region: request.region, description: request.description, cloud_init: request.cloud_init, tags: request.tags };
      const lines = subject.format === 'raw' ? [command(['gzip', '-k', `-${GZIP_LEVEL}`, subject.filePath])] : [];
      // The container first (its answer carries the upload URL), then one PUT of the file to that URL, without the token.
      lines.push(`UPLOAD_URL=$(${apiRequest('POST', `${base}/images/upload`, body, '  ')} | jq -r .upload_to)`);
      lines.push(continued([['curl', '-sS', '--fail', '-X', 'PUT', '"$UPLOAD_URL"'], ['-H', shellQuote(OCTET_STREAM_TYPE)], ['--upload-file', shellQuote(file)]]));
      return lines.join('\n');
    }
  }
}

/** One request to the API; the token comes from the environment, never from here. Fields left undefined are left out. */
function apiRequest(method: string, url: string, body: Record<string, unknown>, indent = ''): string {
  return continued(
    [
      ['curl', '-sS', '-X', method, shellQuote(url)],
      ['-H', AUTHORIZATION],
      ['-H', shellQuote(JSON_TYPE)],
      ['-d', shellQuote(JSON.stringify(body))],
    ],
    indent,
  );
}

/** Lines of words (already quoted) joined with ` \` as the API reference writes curl. */
function continued(lines: ReadonlyArray<readonly string[]>, indent = ''): string {
  return lines.map((words, index) => `${index === 0 ? '' : `${indent}  `}${words.join(' ')}`).join(' \\\n');
}

function uploadedFile(subject: Extract<CopySubject, { kind: 'upload' }>): string {
  return subject.format === 'raw' ? `${subject.filePath}.gz` : subject.filePath;
}
