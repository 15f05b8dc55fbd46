// What an API route is: the access it needs, the request it is handed and the result it gives. Here rather than in
// routes.ts so that the modules contributing routes (sharing.ts) and the server matching them need not import one
// another.
import type { SimulatorState } from './state';
import type { ScopeArea, ScopeLevel } from './tokens';

/** The URL's version. Image sharing exists only on `v4beta`. */
export type ApiVersion = 'v4' | 'v4beta';

export type Access =
  /** No token needed (an invalid token is still refused). */
  | { kind: 'none' }
  /** Works without a token (public data only); with one, it needs the scopes. */
  | { kind: 'optional'; scopes: ReadonlyArray<readonly [ScopeArea, ScopeLevel]> }
  /** Needs a valid token with these scopes (none listed: any valid token). */
  | { kind: 'token'; scopes: ReadonlyArray<readonly [ScopeArea, ScopeLevel]> };

export interface RouteRequest {
  state: SimulatorState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | undefined>;
  /** Undefined when the request carried no token (only possible for `none`/`optional` routes). */
  token: string | undefined;
  uploadOrigin: string;
  /**
   * Who acts, for the events the operation records and an image's `created_by`: the token's user (the simulator's
   * user, SIMULATOR_USERNAME, for the default tokens and requests without a token), `someone-else` for
   * `POST /__simulator/elsewhere`. Its account (accountOfUser) decides which private images, Linodes and events the
   * request sees (see "accounts" below).
   */
  username: string;
  /** The URL's version; `v4` when absent (the control API's changes). Image sharing exists only on `v4beta`. */
  apiVersion?: ApiVersion;
}

export interface RouteResult {
  status?: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments; `:name` captures one (percent-decoded) segment. */
  pattern: string[];
  access: Access;
  handle: (request: RouteRequest) => RouteResult;
  /**
   * Whether the route exists for this request (absent: always). The share-group routes exist only on /v4beta with
   * the image-sharing beta; elsewhere the path is routed as if they did not exist (sharing.ts).
   */
  available?: (state: SimulatorState, apiVersion: ApiVersion) => boolean;
}
