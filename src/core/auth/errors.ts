// Errors of the sign-in ("Sign in with Linode", OAuth). Their messages are shown to the user as they are, so they
// say what happened and what to do, and never carry a token, a code, the client secret or the `state`.
import { l10n } from '../l10n';

/** OAuth error codes after which another try with the same code or refresh token cannot help. */
export const SIGN_IN_AGAIN_ERRORS: ReadonlySet<string> = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/**
 * Linode's login server said no: an `error=` redirect (the user pressed Cancel, a bad scope…) or a 4xx/5xx
 * `{error, error_description}` from the token endpoint (an expired code, a used refresh token, a wrong secret).
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    message: string,
    /** The OAuth error code (`access_denied`, `invalid_grant`, …), for code that decides what to do next. */
    readonly error: string,
    /** The server's own words, already stripped of anything secret; may be empty. */
    readonly description: string,
    /** The HTTP status of the token endpoint's answer; undefined for a redirect. */
    readonly status?: number,
  ) {
    super(message);
  }

  /** The user pressed Cancel on Linode's page. */
  get declined(): boolean {
    return this.error === 'access_denied';
  }

  /**
   * Another try with the same grant cannot help, so the user has to sign in again: the code or refresh token is
   * no longer valid, or the client itself is refused. (A 5xx or `temporarily_unavailable` may pass.)
   */
  get signInAgain(): boolean {
    return SIGN_IN_AGAIN_ERRORS.has(this.error);
  }
}

/** No answer reached the loopback listener in time (the user left the login page, or it could not redirect). */
export class SignInTimeoutError extends Error {
  override readonly name = 'SignInTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(l10n.t("No answer came back from Linode's login page within {0}, so the sign-in was stopped. Start it again to retry.", describeDuration(timeoutMs)));
  }
}

/**
 * An answer reached the listener whose `state` is not the one this sign-in sent: from an older attempt's tab, or
 * from someone trying to slip their own token in. It is refused and the attempt ends.
 */
export class SignInStateError extends Error {
  override readonly name = 'SignInStateError';

  constructor() {
    super(l10n.t('The sign-in answer that reached VS Code does not belong to this sign-in (its state does not match), so it was refused. Start the sign-in again.'));
  }
}

/** "5 minutes", "90 seconds", "0.3 seconds". */
export function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return minutes === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', minutes);
  }
  const seconds = ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10;
  return seconds === 1 ? l10n.t('1 second') : l10n.t('{0} seconds', seconds);
}
