// The Linode accounts a user already has on disk, for the account picker ("alice (linode-cli)"): linode-cli's
// users, and the profiles of the shared file linodego, Terraform and Pulumi read. Read only: the extension never
// writes these files. No `vscode` import: this is the core.
//
// - linode-cli: an INI file written by Python's configparser, `~/.linode-cli` (older installs) or
//   `$XDG_CONFIG_HOME/linode-cli` (`~/.config/linode-cli` without XDG_CONFIG_HOME). `[DEFAULT]` names the default
//   user (`default-user = NAME`); every other section is a user with `token` and optional `api_host`, `api_scheme`,
//   `api_version` (and region, type, image… which do not concern us). configparser's rules: DEFAULT's values are
//   inherited by every section, keys are case-insensitive, `key: value` is as good as `key = value`, an indented line
//   continues the value above, and a line it cannot read, a key before any section, a section or a key twice make
//   the whole file unreadable (linode-cli stops there, so we offer nothing from it either).
// - The shared file `~/.config/linode` (also looked for under $XDG_CONFIG_HOME): `[default]` and named profiles with
//   `token`, optional `api_url` and `api_version`; as in linodego, every profile inherits what `[default]` says and
//   profile names are lower-cased.
//
// The `ini` package does the parsing. A pass over the lines before it does what it would do differently from
// configparser: it turns `key: value` into `key = value`, keeps continued values, and refuses what configparser
// (or Go's ini) refuses, since `ini` silently takes any line as a key. `ini` also nests `[alice.smith]` under
// `alice`: the result is flattened back to dotted names, and the order of sections is the file's, as seen by that
// pass (`ini` puts sections such as `[123]` first).
//
// Problem lines are for the log: they name files, sections and line numbers, never a value (a misplaced token
// could be any value).
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as ini from 'ini';
import { DEFAULT_API_URL } from '../api/apiUrl';

export type CliAccountSource = 'linode-cli' | 'linode-config';

export interface CliAccount {
  source: CliAccountSource;
  /** The linode-cli user (its section's name), or the linode config profile (lower-cased, as linodego does). */
  name: string;
  /** Trimmed; printable ASCII without spaces. */
  token: string;
  /** linode-cli's `default-user` (or its only user); the linode config's `default` profile. */
  isDefault: boolean;
  /**
   * Normalised origin and path (no trailing slash), e.g. `https://api.linode.com`: from `api_scheme` and `api_host`
   * (linode-cli; the scheme defaults to https and the host to api.linode.com), or `api_url` (linode config).
   * Undefined when the file names none: the tool then uses https://api.linode.com (see differsFromApiUrl).
   */
  apiUrl?: string;
  /** `api_version` as written (e.g. `v4beta`), when the file names one. */
  apiVersion?: string;
  /** The file it came from. */
  file: string;
}

export interface CliAccountFinding {
  accounts: CliAccount[];
  /**
   * One English log line each: a file that cannot be read (other than not existing) or parsed, a user or profile
   * with no usable token or API URL, a `default-user` naming no user. Never a token, nor any other value.
   */
  problems: string[];
}

export interface FindCliAccountsOptions {
  /** Default: process.env (only XDG_CONFIG_HOME is read). */
  env?: NodeJS.ProcessEnv;
  /** Default: os.homedir(). */
  home?: string;
  /** Reads a file as UTF-8; rejects with an `ENOENT` error (code) when it does not exist. Default: from disk. */
  readFile?: (path: string) => Promise<string>;
}

/** Larger than any real configuration: the file is not read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** How problem lines name each kind of file. */
const FILE_LABELS: Record<CliAccountSource, string> = {
  // eslint-disable-next-line local/user-strings -- a log line
  'linode-cli': 'linode-cli config',
  // eslint-disable-next-line local/user-strings -- a log line
  'linode-config': 'Linode config',
};

/**
 * The files each source may be in, in order of preference: the first that exists is the one read, as the tools do.
 * linode-cli reads `~/.linode-cli` when it exists, else `$XDG_CONFIG_HOME/linode-cli` (`~/.config/linode-cli`);
 * linodego and Terraform read `~/.config/linode`, which is looked for under $XDG_CONFIG_HOME too when that is set.
 * An empty or relative XDG_CONFIG_HOME is ignored, as the XDG specification says.
 */
export function cliConfigPaths(env: NodeJS.ProcessEnv, home: string): { source: CliAccountSource; candidates: string[] }[] {
  const xdg = env.XDG_CONFIG_HOME;
  const xdgHome = xdg !== undefined && xdg !== '' && path.isAbsolute(xdg) ? xdg : undefined;
  const dotConfig = path.join(home, '.config');
  const linodeConfig = [path.join(dotConfig, 'linode')];
  if (xdgHome !== undefined && path.resolve(xdgHome) !== path.resolve(dotConfig)) {
    linodeConfig.push(path.join(xdgHome, 'linode'));
  }
  return [
    { source: 'linode-cli', candidates: [path.join(home, '.linode-cli'), path.join(xdgHome ?? dotConfig, 'linode-cli')] },
    { source: 'linode-config', candidates: linodeConfig },
  ];
}

/** linode-cli's users: the default user first, then the others in file order. Pure. */
export function parseLinodeCliConfig(text: string, file: string): CliAccountFinding {
  const label = `${FILE_LABELS['linode-cli']} ${file}`;
  const parsed = readIni(text, 'configparser');
  if (!parsed.ok) {
    // eslint-disable-next-line local/user-strings -- a log line
    return { accounts: [], problems: [`${label}: ${parsed.reason}; nothing is taken from it`] };
  }
  const problems: string[] = [];
  const defaults = parsed.sections.get('DEFAULT') ?? {};
  const users = [...parsed.sections.keys()].filter((name) => name !== 'DEFAULT');
  if (users.length === 0) {
    // eslint-disable-next-line local/user-strings -- a log line
    return { accounts: [], problems: [`${label}: no user sections (only [DEFAULT] or nothing); nothing is taken from it`] };
  }

  const named = defaults['default-user']?.trim();
  let defaultUser: string | undefined;
  if (named !== undefined && named !== '') {
    if (users.includes(named)) {
      defaultUser = named;
    } else {
      // eslint-disable-next-line local/user-strings -- a log line
      problems.push(`${label}: default-user names ${JSON.stringify(named)}, which has no section; no user is the default`);
    }
  } else if (users.length === 1) {
    // linode-cli makes its only user the default on its next run.
    defaultUser = users[0];
  }

  const accounts: CliAccount[] = [];
  const ordered = defaultUser === undefined ? users : [defaultUser, ...users.filter((name) => name !== defaultUser)];
  for (const name of ordered) {
    const values = { ...defaults, ...parsed.sections.get(name) };
    const token = usableToken(values.token);
    if (token === undefined) {
      // eslint-disable-next-line local/user-strings -- a log line
      problems.push(`${label}: user [${name}] has no usable token; skipped`);
      continue;
    }
    const host = nonEmpty(values.api_host);
    const scheme = nonEmpty(values.api_scheme);
    let apiUrl: string | undefined;
    if (host !== undefined || scheme !== undefined) {
      apiUrl = apiUrlFromHost(scheme ?? 'https', host ?? new URL(DEFAULT_API_URL).host);
      if (apiUrl === undefined) {
        // eslint-disable-next-line local/user-strings -- a log line
        problems.push(`${label}: user [${name}] has an api_host or api_scheme that makes no http(s) URL; skipped`);
        continue;
      }
    }
    accounts.push(account('linode-cli', name, token, name === defaultUser, apiUrl, nonEmpty(values.api_version), file));
  }
  return { accounts, problems };
}

/** The linode config's profiles: `default` first, then the others in file order. Pure. */
export function parseLinodeConfig(text: string, file: string): CliAccountFinding {
  const label = `${FILE_LABELS['linode-config']} ${file}`;
  const parsed = readIni(text, 'go-ini');
  if (!parsed.ok) {
    // eslint-disable-next-line local/user-strings -- a log line
    return { accounts: [], problems: [`${label}: ${parsed.reason}; nothing is taken from it`] };
  }
  // Profile names are lower-cased (linodego). Keys outside any section are Go ini's DEFAULT section, which linodego
  // also takes for the `default` profile; an explicit [default] wins over it.
  const profiles = new Map<string, Record<string, string>>();
  for (const [section, values] of parsed.sections) {
    const name = section.toLowerCase();
    const before = profiles.get(name) ?? {};
    profiles.set(name, section === 'DEFAULT' ? { ...values, ...before } : { ...before, ...values });
  }
  if (profiles.size === 0) {
    // eslint-disable-next-line local/user-strings -- a log line
    return { accounts: [], problems: [`${label}: no profiles; nothing is taken from it`] };
  }

  const problems: string[] = [];
  const accounts: CliAccount[] = [];
  const base = profiles.get('default') ?? {};
  const names = [...profiles.keys()];
  const ordered = profiles.has('default') ? ['default', ...names.filter((name) => name !== 'default')] : names;
  for (const name of ordered) {
    const values = { ...base, ...profiles.get(name) };
    const token = usableToken(values.token);
    if (token === undefined) {
      // eslint-disable-next-line local/user-strings -- a log line
      problems.push(`${label}: profile [${name}] has no usable token; skipped`);
      continue;
    }
    const written = nonEmpty(values.api_url);
    let apiUrl: string | undefined;
    if (written !== undefined) {
      apiUrl = normaliseUrl(written.includes('://') ? written : `https://${written}`);
      if (apiUrl === undefined) {
        // eslint-disable-next-line local/user-strings -- a log line
        problems.push(`${label}: profile [${name}] has an api_url that is no http(s) URL; skipped`);
        continue;
      }
    }
    accounts.push(account('linode-config', name, token, name === 'default', apiUrl, nonEmpty(values.api_version), file));
  }
  return { accounts, problems };
}

/**
 * Reads the first existing file of each source (one that does not exist is passed over silently; one that exists but
 * cannot be read is a problem line, and the next candidate is not tried, as the tools would not either). linode-cli's
 * users come first, then the linode config's profiles. Never rejects.
 */
export async function findCliAccounts(options: FindCliAccountsOptions = {}): Promise<CliAccountFinding> {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const readFile = options.readFile ?? readConfigFile;
  const finding: CliAccountFinding = { accounts: [], problems: [] };
  for (const { source, candidates } of cliConfigPaths(env, home)) {
    for (const file of candidates) {
      let text: string;
      try {
        text = await readFile(file);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        // eslint-disable-next-line local/user-strings -- a log line
        finding.problems.push(`${FILE_LABELS[source]} ${file} cannot be read (${code ?? describeError(error)}); nothing is taken from it`);
        break;
      }
      const found = source === 'linode-cli' ? parseLinodeCliConfig(text, file) : parseLinodeConfig(text, file);
      finding.accounts.push(...found.accounts);
      finding.problems.push(...found.problems);
      break;
    }
  }
  return finding;
}

/**
 * Whether the account talks to another API than `apiUrl` (the extension's, e.g. `https://api.linode.com/`): origins
 * and paths compared without trailing slashes or a version path (`/v4`, `/v4beta`). An account that names no API
 * URL uses https://api.linode.com. A URL that cannot be parsed differs.
 */
export function differsFromApiUrl(account: CliAccount, apiUrl: string): boolean {
  const theirs = comparableApiUrl(account.apiUrl ?? DEFAULT_API_URL);
  const ours = comparableApiUrl(apiUrl.trim());
  return theirs === undefined || ours === undefined || theirs !== ours;
}

function account(
  source: CliAccountSource,
  name: string,
  token: string,
  isDefault: boolean,
  apiUrl: string | undefined,
  apiVersion: string | undefined,
  file: string,
): CliAccount {
  const found: CliAccount = { source, name, token, isDefault, file };
  if (apiUrl !== undefined) found.apiUrl = apiUrl;
  if (apiVersion !== undefined) found.apiVersion = apiVersion;
  return found;
}

/** Trimmed, and only printable ASCII without spaces (what an Authorization header can carry); else undefined. */
function usableToken(value: string | undefined): string | undefined {
  const token = value?.trim();
  return token !== undefined && /^[\x21-\x7e]+$/.test(token) ? token : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** linode-cli puts `api_scheme` and `api_host` in place of its base URL's: the host is a host (and port), no path. */
function apiUrlFromHost(scheme: string, host: string): string | undefined {
  if (!/^https?$/i.test(scheme)) return undefined;
  let url: URL;
  try {
    url = new URL(`${scheme.toLowerCase()}://${host}`);
  } catch {
    return undefined;
  }
  if (url.hostname === '' || url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
  return url.origin;
}

/** Origin and path without trailing slashes, for an http(s) URL with no credentials, query or fragment. */
function normaliseUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.hostname === '' || url.username || url.password || url.search || url.hash) return undefined;
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function comparableApiUrl(text: string): string | undefined {
  return normaliseUrl(text)?.replace(/\/v4(beta)?$/, '');
}

/** Reads a regular file of reasonable size (not a FIFO, which would block, nor a device). */
async function readConfigFile(file: string): Promise<string> {
  const info = await fs.stat(file);
  if (!info.isFile() && !info.isDirectory()) {
    // eslint-disable-next-line local/user-strings -- a log line
    throw new Error('not a regular file');
  }
  if (info.size > MAX_CONFIG_BYTES) {
    // eslint-disable-next-line local/user-strings -- a log line
    throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes`);
  }
  // A directory gets here and fails with EISDIR.
  return await fs.readFile(file, 'utf8');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------------------------
// INI reading

/** configparser (linode-cli) or Go's ini package (linodego, Terraform, Pulumi): what differs matters here. */
type Dialect = 'configparser' | 'go-ini';

/** Sections by name, in file order (`DEFAULT` included, where it first appears), their keys lower-cased. */
type IniRead = { ok: true; sections: Map<string, Record<string, string>> } | { ok: false; reason: string };

/** C0 controls other than tab, line breaks, vertical tab and form feed; DEL; U+FFFD (a byte that was not UTF-8). */
const NOT_TEXT = /[\x00-\x08\x0e-\x1f\x7f\ufffd]/;
/** `[name]`, as `ini` reads it (no `]` in the name), followed by nothing but maybe a comment (configparser allows). */
const SECTION_LINE = /^\[([^\]]+)\]\s*(?:[#;].*)?$/;

function readIni(text: string, dialect: Dialect): IniRead {
  if (NOT_TEXT.test(text)) {
    // eslint-disable-next-line local/user-strings -- a log line
    return { ok: false, reason: 'not a text file' };
  }
  const strict = dialect === 'configparser';
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  /** What `ini` parses: the file's lines, normalised. */
  const normalised: string[] = [];
  /** Section names in file order. */
  const order: string[] = [];
  /** `section\0key` for each key set (lower-cased). */
  const keysSet = new Set<string>();
  /** configparser's multi-line values (section, key, lines): they replace what `ini` reads of their first line. */
  const continued: { section: string; key: string; lines: string[] }[] = [];
  let section: string | undefined;
  let current: { section: string; key: string; indent: number; lines: string[] } | undefined;

  for (const [index, raw] of lines.entries()) {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) {
      // configparser: a blank line or a comment does not end a value; an indented line after it still continues it.
      normalised.push('');
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    if (strict && current !== undefined && indent > current.indent) {
      if (current.lines.length === 1) continued.push(current);
      current.lines.push(line);
      normalised.push('');
      continue;
    }
    current = undefined;

    const header = SECTION_LINE.exec(line);
    if (header) {
      const name = ini.unsafe(header[1]);
      if (name === '' || name === '__proto__') {
        // eslint-disable-next-line local/user-strings -- a log line
        return { ok: false, reason: `line ${lineNumber} is a section with no usable name` };
      }
      if (strict && name !== 'DEFAULT' && order.includes(name)) {
        // eslint-disable-next-line local/user-strings -- a log line
        return { ok: false, reason: `section [${name}] appears twice (line ${lineNumber})` };
      }
      if (!order.includes(name)) order.push(name);
      section = name;
      normalised.push(`[${header[1]}]`);
      continue;
    }

    // `key = value` or `key: value`: the first `=` or `:` ends the key (configparser and Go's ini read both).
    const equals = line.indexOf('=');
    const colon = line.indexOf(':');
    const at = equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
    const key = at < 0 ? '' : line.slice(0, at).trim();
    if (key === '' || key.startsWith('[')) {
      // eslint-disable-next-line local/user-strings -- a log line
      return { ok: false, reason: `line ${lineNumber} is neither a [section], a key = value nor a comment` };
    }
    if (section === undefined) {
      if (strict) {
        // eslint-disable-next-line local/user-strings -- a log line
        return { ok: false, reason: `line ${lineNumber} is a key before any [section]` };
      }
      // Go's ini: keys before any section are in its DEFAULT section.
      section = 'DEFAULT';
      if (!order.includes(section)) order.push(section);
      normalised.push(`[${section}]`);
    }
    const lowerKey = key.toLowerCase();
    const where = `${section}\u0000${lowerKey}`;
    if (strict && keysSet.has(where)) {
      // eslint-disable-next-line local/user-strings -- a log line
      return { ok: false, reason: `line ${lineNumber} sets a key its section already has` };
    }
    keysSet.add(where);
    const value = line.slice(at + 1).trim();
    normalised.push(`${key} = ${value}`);
    current = { section, key: lowerKey, indent, lines: [value] };
  }

  let tree: Record<string, unknown>;
  try {
    tree = ini.parse(normalised.join('\n'));
  } catch (error) {
    // eslint-disable-next-line local/user-strings -- a log line
    return { ok: false, reason: `it cannot be parsed (${error instanceof Error ? error.name : 'error'})` };
  }
  const flat = new Map<string, Record<string, string>>();
  flattenSections(tree, '', flat);
  const sections = new Map<string, Record<string, string>>();
  // A section with no keys is there too (a user with no token is a problem to report, not nothing).
  for (const name of order) sections.set(name, flat.get(name) ?? {});
  for (const value of continued) {
    const values = sections.get(value.section);
    // configparser joins the lines with line breaks: no token survives that, as linode-cli could not send it either.
    if (values) values[value.key] = value.lines.join('\n').trim();
  }
  return { ok: true, sections };
}

/** `ini` nests `[alice.smith]` under `alice`: back to one entry per dotted name, keys lower-cased. */
function flattenSections(node: Record<string, unknown>, prefix: string, into: Map<string, Record<string, string>>): void {
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      flattenSections(value as Record<string, unknown>, prefix === '' ? key : `${prefix}.${key}`, into);
    } else if (typeof value === 'string') {
      own[key.toLowerCase()] = value;
    } else if (typeof value === 'boolean' || value === null) {
      // `ini` reads `true`, `false` and `null` as JSON.
      own[key.toLowerCase()] = String(value);
    }
    // An array (`key[] = …`) is no value these files have.
  }
  if (prefix !== '') into.set(prefix, { ...into.get(prefix), ...own });
}
