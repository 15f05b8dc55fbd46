// Personal access tokens known to the simulator and the OAuth scope rules the real API applies.

export interface TokenRecord {
  /** Scopes as the API reports them in `X-OAuth-Scopes`; `*` means full access. */
  scopes: string[];
  label: string;
}

/** Full access (`*`). 64 hex characters, the shape of a real Linode personal access token. */
export const SIMULATOR_TOKEN = 'fa11acce55'.padEnd(64, '0');

/** Scopes `images:read_only linodes:read_only`: can list and read, cannot write. */
export const SIMULATOR_READONLY_TOKEN = '0eadab1e'.padEnd(64, '0');

/**
 * Scopes `images:read_write linodes:read_only` and no `events` scope: everything the extension's image workflows
 * need, but `GET /account/events` answers 401, so a client can be tested falling back when it cannot read events.
 */
export const SIMULATOR_NO_EVENTS_TOKEN = '5c0be0e7'.padEnd(64, '0');

export const SIMULATOR_USERNAME = 'sim-user';

export function defaultTokens(): Map<string, TokenRecord> {
  return new Map<string, TokenRecord>([
    [SIMULATOR_TOKEN, { scopes: ['*'], label: 'simulator full access' }],
    [SIMULATOR_READONLY_TOKEN, { scopes: ['images:read_only', 'linodes:read_only'], label: 'simulator read-only' }],
    [SIMULATOR_NO_EVENTS_TOKEN, { scopes: ['images:read_write', 'linodes:read_only'], label: 'simulator without events scope' }],
  ]);
}

export type ScopeArea = 'images' | 'linodes' | 'events';
export type ScopeLevel = 'read_only' | 'read_write';

/** read_write implies read_only, and `*` implies everything, as in the real API. */
export function scopesAllow(scopes: readonly string[], area: ScopeArea, level: ScopeLevel): boolean {
  if (scopes.includes('*') || scopes.includes(`${area}:read_write`)) {
    return true;
  }
  return level === 'read_only' && scopes.includes(`${area}:read_only`);
}

/** Parses `Authorization: Bearer <token>`; returns undefined when the header is absent or not a bearer token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) {
    return undefined;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}
