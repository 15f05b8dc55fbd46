// A browser played with plain HTTP against the simulator's login origin, for sign-in tests: it opens the
// authorization URL, fills in and submits the login form, and follows the 302 to the loopback listener (without the
// fragment, which a browser never sends). Used by the core's unit tests (test/unit/oauth.test.ts) and the
// extension-host tests (test/integration/accounts.test.ts).
import * as assert from 'node:assert/strict';
import { SIMULATOR_USERNAME } from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** What the played user types as the password (the simulator takes any non-empty one). */
export const PLAYED_PASSWORD = 'correct horse battery staple';

export interface BrowserOptions {
  button?: 'authorize' | 'cancel';
  username?: string;
  /** Changes the login page's redirect before the browser follows it (a forged or stale answer). */
  tamper?: (location: string) => string;
  /** Changes the authorization URL before it is opened (someone between VS Code and the browser). */
  tamperAuthorize?: (url: string) => string;
  /** Called with every code and token the browser sees in a redirect (for checks that none leaks). */
  onSecret?: (value: string) => void;
  /** Called with the state of every authorization URL opened. */
  onState?: (state: string) => void;
}

function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

export class PlayedBrowser {
  authorizeUrl?: URL;
  loginPage?: RawResponse;
  location?: string;
  callbackPage?: RawResponse;
  /** Every URL opened, in order. */
  opened: string[] = [];

  constructor(private readonly options: BrowserOptions = {}) {}

  open = async (url: string): Promise<void> => {
    this.opened.push(url);
    const target = new URL(this.options.tamperAuthorize ? this.options.tamperAuthorize(url) : url);
    const state = target.searchParams.get('state');
    if (state) this.options.onState?.(state);
    this.authorizeUrl = target;
    this.loginPage = await rawRequest(target.origin, 'GET', `${target.pathname}${target.search}`, { headers: { Accept: 'text/html' } });
    if (this.loginPage.status === 302) {
      // Refused before the form (a response type that does not fit the client): straight back with an error.
      await this.redirected(this.loginPage.headers.location);
      return;
    }
    if (this.loginPage.status !== 200) return; // An error page: nothing to submit, no redirect ever comes.
    const fields = new URLSearchParams();
    for (const match of this.loginPage.text.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)) {
      fields.set(match[1], unescapeHtml(match[2]));
    }
    fields.set('username', this.options.username ?? SIMULATOR_USERNAME);
    fields.set('password', PLAYED_PASSWORD);
    fields.set('action', this.options.button ?? 'authorize');
    const answer = await rawRequest(target.origin, 'POST', '/oauth/authorize', { body: fields.toString(), headers: FORM });
    assert.equal(answer.status, 302, answer.text);
    await this.redirected(answer.headers.location);
  };

  private async redirected(location: string): Promise<void> {
    const redirect = new URL(location);
    for (const secret of [redirect.searchParams.get('code'), new URLSearchParams(redirect.hash.slice(1)).get('access_token')]) {
      if (secret) this.options.onSecret?.(secret);
    }
    this.location = this.options.tamper ? this.options.tamper(location) : location;
    await this.follow(new URL(this.location));
  }

  private async follow(redirect: URL): Promise<void> {
    // A browser never sends the fragment. `localhost` is reached on 127.0.0.1 (where the listener is), named as sent.
    const origin = redirect.hostname === 'localhost' ? `${redirect.protocol}//127.0.0.1:${redirect.port}` : redirect.origin;
    this.callbackPage = await rawRequest(origin, 'GET', `${redirect.pathname}${redirect.search}`, { headers: { Accept: 'text/html', Host: redirect.host } });
  }
}
