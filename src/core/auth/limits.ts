// Sign-in timing the VS Code layer needs at activation, apart from the OAuth code (loaded on first use: engine.ts).

/** Renew this long before the access token expires, so a request never goes out with a token about to lapse. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
