// The upload origin: a stand-in for the object-storage host behind `upload_to`. It streams the PUT body,
// hashing and counting as it goes, and records whether an Authorization header came along.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultReason, faultHeaders, record, type ServerContext } from './serverContext';
import { answerAfterFault, delayOrDrop, responseHeaderRecord, startExchange, streamBody, writeResponse, type UploadRecord } from './http';

/** The documented limit for an uploaded (compressed) image. */
const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
}

function codeForStatus(status: number): string {
  switch (status) {
    case 403: return 'AccessDenied';
    case 404: return 'NoSuchKey';
    case 500: return 'InternalError';
    case 503: return 'SlowDown';
    default: return status >= 500 ? 'InternalError' : 'InvalidRequest';
  }
}

export function createUploadHandler(context: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      context.log(`upload handler failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!res.headersSent) {
        writeResponse(res, 500, { 'Content-Type': 'application/xml' }, s3Error('InternalError', 'Simulator error'));
      }
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const { exchange, started } = startExchange('upload', req);
    let bytes = 0;
    const finish = (): void => {
      if (bytes > 0 || req.headers['content-length'] !== undefined) {
        exchange.requestBody = { bytes };
      }
      exchange.durationMs = Date.now() - started;
      record(context, exchange);
    };
    // A loseAnswer or answerDelayMs fault decides whether and when the answer goes out (the upload is already done).
    const respond = (status: number, body: string, headers: Record<string, string> = {}): void => {
      void answerAfterFault(fault, res, exchange, finish, context.timers, () => respondNow(status, body, headers));
    };
    const respondNow = (status: number, body: string, headers: Record<string, string>): void => {
      writeResponse(res, status, body ? { 'Content-Type': 'application/xml', ...headers } : headers, body);
      exchange.status = status;
      exchange.responseHeaders = responseHeaderRecord(res);
      if (body) {
        exchange.responseBody = body;
      }
      finish();
    };
    /** Reads and discards the body, so the client sees the answer instead of a reset connection. */
    const drainThen = async (status: number, code: string, message: string, headers: Record<string, string> = {}): Promise<void> => {
      const outcome = await streamBody(req, { timers: context.timers, onChunk: (chunk) => (bytes += chunk.length) });
      if (outcome === 'end') {
        respond(status, s3Error(code, message), headers);
      } else {
        finish();
      }
    };

    const fault = context.faults.take('upload', method, rawPath);
    if (await delayOrDrop(fault, req, exchange, finish, context.timers)) return;
    if (fault?.status !== undefined) {
      await drainThen(fault.status, codeForStatus(fault.status), fault.reason ?? defaultReason(fault.status), faultHeaders(fault));
      return;
    }

    if (method !== 'PUT') {
      await drainThen(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Allow: 'PUT' });
      return;
    }
    const url = new URL(rawPath, 'http://upload.invalid');
    const key = /^\/upload\/([^/]+)$/.exec(url.pathname)?.[1];
    const target = key === undefined ? undefined : context.state.uploadTargets.get(key);
    const image = target ? context.state.images.get(target.imageId) : undefined;

    const contentLengthHeader = req.headers['content-length'];
    const contentLength = contentLengthHeader === undefined ? null : Number(contentLengthHeader);
    const upload: UploadRecord = {
      imageId: target?.imageId ?? null,
      path: rawPath,
      contentType: req.headers['content-type'] ?? null,
      contentLength,
      bytesReceived: 0,
      sha256: null,
      gzipMagic: false,
      authorizationHeaderPresent: req.headers.authorization !== undefined,
      outcome: 'in-progress',
      status: 0,
      startedAt: new Date(started).toISOString(),
      finishedAt: null,
    };
    context.uploads.push(upload);
    const reject = async (status: number, code: string, message: string): Promise<void> => {
      upload.outcome = 'rejected';
      upload.status = status;
      upload.finishedAt = new Date().toISOString();
      await drainThen(status, code, message);
      upload.bytesReceived = bytes;
    };

    if (!target || !image || url.searchParams.get('X-Amz-Signature') !== target.signature) {
      await reject(403, 'AccessDenied', 'Access Denied');
      return;
    }
    if (target.completed || image.status !== 'pending_upload') {
      await reject(403, 'AccessDenied', 'This upload URL has already been used.');
      return;
    }
    // The URL is signed for `Content-Type: application/octet-stream`, as the API documentation requires.
    if ((req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() !== 'application/octet-stream') {
      await reject(403, 'SignatureDoesNotMatch', 'The request signature does not match: send Content-Type: application/octet-stream.');
      return;
    }
    if (contentLength === null || !Number.isFinite(contentLength)) {
      await reject(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
      return;
    }
    if (contentLength > MAX_UPLOAD_BYTES) {
      await reject(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size (5 GB).');
      return;
    }

    const sha256 = createHash('sha256');
    const md5 = createHash('md5');
    const head: number[] = [];
    const outcome = await streamBody(req, {
      timers: context.timers,
      dropAfterBytes: fault?.dropAfterBytes,
      bytesPerSecond: fault?.bytesPerSecond,
      onChunk: (chunk) => {
        bytes += chunk.length;
        upload.bytesReceived = bytes;
        sha256.update(chunk);
        md5.update(chunk);
        for (let index = 0; head.length < 2 && index < chunk.length; index++) {
          head.push(chunk[index]);
        }
      },
    });
    upload.sha256 = sha256.digest('hex');
    upload.gzipMagic = head[0] === 0x1f && head[1] === 0x8b;
    upload.finishedAt = new Date().toISOString();
    if (outcome !== 'end') {
      upload.outcome = 'aborted';
      exchange.dropped = outcome === 'dropped';
      finish();
      return;
    }
    upload.outcome = 'completed';
    upload.status = 200;
    // Object storage takes any bytes; Linode's processing afterwards rejects what is not gzip (the image goes
    // `creating`, then disappears, and its image_upload event fails saying why).
    context.state.completeUpload(target, bytes, upload.gzipMagic);
    respond(200, '', { ETag: `"${md5.digest('hex')}"` });
  }
}
