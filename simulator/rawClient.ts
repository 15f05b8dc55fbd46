// A minimal raw HTTP client for tests that talk to the simulator directly (no retries, no encoding help),
// so the request that goes out is exactly the one the test wrote.

import { request } from 'node:http';

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, otherwise the text; undefined when empty. */
  body: unknown;
  text: string;
}

export interface RawRequestOptions {
  token?: string;
  /** Serialized as JSON unless it is a string or a Buffer (sent as is). */
  body?: unknown;
  /** A header whose value is undefined is not sent (the default User-Agent among them). */
  headers?: Record<string, string | undefined>;
  /** Send the body with chunked encoding instead of Content-Length. */
  chunked?: boolean;
}

/** `base` is an origin (apiUrl or uploadOrigin); `path` is sent verbatim, e.g. `/v4/images/private%2F15`. */
export function rawRequest(base: string, method: string, path: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const url = new URL(base);
  // Named, so a check of who sent a run's requests can tell a test's own from the extension's; a test that needs a
  // request without one removes it (`'User-Agent': undefined` is not sent).
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ Accept: 'application/json', 'User-Agent': 'linode-images-test-raw/1.0', ...options.headers })) {
    if (value !== undefined) headers[name] = value;
  }
  if (options.token !== undefined) {
    headers.Authorization = `Bearer ${options.token}`;
  }
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    if (Buffer.isBuffer(options.body)) {
      payload = options.body;
    } else if (typeof options.body === 'string') {
      payload = Buffer.from(options.body);
    } else {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['Content-Type'] ??= 'application/json';
    }
    if (!options.chunked) {
      headers['Content-Length'] = String(payload.length);
    }
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) {
              responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
            }
          }
          let body: unknown = text.length > 0 ? text : undefined;
          if (text.length > 0 && (responseHeaders['content-type'] ?? '').includes('json')) {
            body = JSON.parse(text) as unknown;
          }
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body, text });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined && options.chunked) {
      // A write before end() makes Node send the body chunked instead of computing Content-Length.
      req.write(payload);
      req.end();
    } else if (payload !== undefined) {
      req.end(payload);
    } else {
      req.end();
    }
  });
}

