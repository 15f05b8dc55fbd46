// The benchmark's upload sink: a minimal HTTP PUT server on loopback that counts the bytes and answers 200,
// run in its own process so it does not share a core's event loop with the sender being measured.
// Prints "PORT <n>" when ready. GET /last returns what the last PUT delivered.
import { createServer } from 'node:http';

interface Received {
  bytes: number;
  contentLength: number | null;
  contentType: string | null;
  authorization: boolean;
  complete: boolean;
}

let last: Received | null = null;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/last') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(last));
    return;
  }
  if (req.method !== 'PUT') {
    res.statusCode = 405;
    res.end();
    return;
  }
  const received: Received = {
    bytes: 0,
    contentLength: req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']),
    contentType: req.headers['content-type'] ?? null,
    authorization: req.headers.authorization !== undefined,
    complete: false,
  };
  last = received;
  req.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
  req.on('end', () => {
    received.complete = received.bytes === received.contentLength;
    res.statusCode = received.complete ? 200 : 400;
    res.setHeader('ETag', '"bench"');
    res.end();
  });
});
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`PORT ${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
