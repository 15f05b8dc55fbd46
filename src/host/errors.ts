// One wording for errors wherever they are shown.
import { LinodeApiError, LinodeAuthError, LinodeNetworkError, LinodeRateLimitError, messageOf } from '../core/api/errors';
import { InvalidTokenError } from '../core/api/token';
import { l10n } from '../core/l10n';

/** Linode refused the token, or it cannot be sent at all: either way, setting a token is the way out. */
export function isTokenProblem(error: unknown): error is LinodeAuthError | InvalidTokenError {
  return error instanceof LinodeAuthError || error instanceof InvalidTokenError;
}

/** A failure that may pass by itself (no answer, a rate limit, a server error): trying again is worth a button. */
export function isTransient(error: unknown): boolean {
  if (error instanceof LinodeNetworkError || error instanceof LinodeRateLimitError) return true;
  return error instanceof LinodeApiError && !(error instanceof LinodeAuthError) && error.status >= 500;
}

export function errorMessage(error: unknown): string {
  if (error instanceof LinodeAuthError) return l10n.t('Linode rejected the API token ({0}).', error.message);
  if (error instanceof LinodeRateLimitError) {
    return error.retryAfterSeconds === undefined
      ? l10n.t("Linode's rate limit was reached; try again in a little.")
      : l10n.t("Linode's rate limit was reached; try again in {0} s.", error.retryAfterSeconds);
  }
  // Every other error says it in its own words, already worded for people: LinodeApiError,
  // LinodeNetworkError, LinodeResponseError ("Linode's answer to GET /v4/images was an HTML page, not JSON: …").
  return messageOf(error);
}
