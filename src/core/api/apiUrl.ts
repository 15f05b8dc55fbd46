// The API base URL setting: https anywhere, plain http only on loopback (the local simulator).
import { isIP } from 'node:net';
import { l10n } from '../l10n';

export const DEFAULT_API_URL = 'https://api.linode.com';

export type ApiUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * 127.0.0.0/8, ::1 and the name `localhost` only. Not `*.localhost`: outside browsers such names go to ordinary
 * DNS, which can send them anywhere, and a token over plain http would travel there.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Normalises the configured API URL (no trailing slash, no version path) or says why it is refused. */
export function checkApiUrl(raw: string | undefined): ApiUrlCheck {
  const value = (raw ?? '').trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: l10n.t('"{0}" is not a valid URL.', value) };
  }
  if (url.username || url.password) {
    return { ok: false, message: l10n.t('The API URL must not contain credentials.') };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, message: l10n.t('Plain http is only allowed for a loopback host; use {0}.', `https://${url.host}`) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: l10n.t('The API URL must use https (got {0}).', url.protocol) };
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v4(beta)?$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}
