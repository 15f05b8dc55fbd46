// One wording for errors wherever they are shown.
import { LinodeApiError, LinodeAuthError, LinodeNetworkError, LinodeRateLimitError } from '../core/api/errors';

export function errorMessage(error: unknown): string {
  if (error instanceof LinodeAuthError) return `Linode rejected the API token (${error.message}).`;
  if (error instanceof LinodeRateLimitError) {
    const wait = error.retryAfterSeconds === undefined ? 'a little' : `${error.retryAfterSeconds} s`;
    return `Linode's rate limit was reached; try again in ${wait}.`;
  }
  if (error instanceof LinodeApiError) return error.message;
  if (error instanceof LinodeNetworkError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
