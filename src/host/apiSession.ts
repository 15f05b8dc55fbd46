// Builds the API client from the settings and the current token; rebuilt when either changes.
import * as vscode from 'vscode';
import { LinodeClient } from '../core/api/client';
import { RateLimitPacer } from '../core/api/rateLimitPacer';
import type { ApiVersion } from '../core/api/types';
import type { Logger } from './log';
import { readSettings } from './settings';
import type { TokenStore } from './tokenStore';

export class ApiUrlError extends Error {
  override readonly name = 'ApiUrlError';
}

export class ApiSession {
  /** One pacer for every client of the session: a rate-limit window used up by one call holds back the next. */
  private readonly pacer = new RateLimitPacer();

  constructor(
    private readonly tokens: TokenStore,
    private readonly logger: Logger,
    private readonly extensionVersion: string,
  ) {}

  /** A client for the configured API, using the stored (or environment) token. */
  client(): LinodeClient {
    return this.clientWith(() => this.tokens.current?.value);
  }

  /** A client that uses a candidate token (for checking one before it is stored). */
  clientWithToken(token: string): LinodeClient {
    return this.clientWith(() => token);
  }

  get apiVersion(): ApiVersion {
    return readSettings().apiVersion;
  }

  private clientWith(token: () => string | undefined): LinodeClient {
    const settings = readSettings();
    if (!settings.apiUrl.ok) {
      throw new ApiUrlError(`Setting linodeImages.apiUrl: ${settings.apiUrl.message}`);
    }
    return new LinodeClient({
      apiUrl: settings.apiUrl.url,
      apiVersion: settings.apiVersion,
      token,
      userAgent: `linode-images-vscode/${this.extensionVersion} VSCode/${vscode.version}`,
      log: (line) => this.logger.debug(line),
      pacer: this.pacer,
    });
  }
}
