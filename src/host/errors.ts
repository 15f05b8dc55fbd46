// One wording for errors wherever they are shown.
import { LinodeApiError, LinodeAuthError, LinodeNetworkError, LinodeRateLimitError, LinodeResponseError } from '../core/api/errors';
import { InvalidTokenError } from '../core/api/token';

/** Linode refused the token, or it cannot be sent at all: either way, setting a token is the way out. */
export function isTokenProblem(error: unknown): error is LinodeAuthError | InvalidTokenError {
  return error instanceof LinodeAuthError || error instanceof InvalidTokenError;
}

export function errorMessage(error: unknown): string {
  if (error instanceof LinodeAuthError) return `Linode rejected the API token (${error.message}).`;
  if (error instanceof LinodeRateLimitError) {
    const wait = error.retryAfterSeconds === undefined ? 'a little' : `${error.retryAfterSeconds} s`;
    return `Linode's rate limit was reached; try again in ${wait}.`;
  }
  if (error instanceof LinodeApiError) return error.message;
  if (error instanceof LinodeNetworkError) return error.message;
  // "Linode's answer to GET /v4/images was an HTML page, not JSON: a proxy or captive portal?"
  if (error instanceof LinodeResponseError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
