import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerOptions, type ServerResponse } from 'node:http';

/**
 * An over-limit `Content-Length` is answered 413 at once, before any byte of the body is read
 * (issue 18: a lying `Content-Length: 10 GB` was held open until the 30 s request timeout, then got
 * a 408). It runs in front of the app, on the Node server itself: the app's body limit can only
 * answer after it has tried to read the body, and then Node waits for the body it was promised to
 * keep the connection usable. Here the connection is closed instead: a client that announces more
 * than we take is not worth keeping alive.
 *
 * A drop-in for node:http's `createServer` (the `createServer` option of @hono/node-server's
 * `serve`). Bodies without a Content-Length (chunked) still meet the app's own streaming limit.
 */
export function contentLengthGuard(limitBytes: number): typeof createServer {
  const guarded = (options: ServerOptions, listener?: RequestListener): Server => {
    const wrapped = (req: IncomingMessage, res: ServerResponse) => {
      const declared = req.headers['content-length'];
      if (declared !== undefined && exceeds(declared, limitBytes)) return refuse(req, res, limitBytes);
      listener?.(req, res);
    };
    return createServer(options, wrapped);
  };
  return guarded as typeof createServer;
}

/** Content-Length is digits only; anything else is malformed, which Node itself already refuses. */
function exceeds(value: string, limit: number): boolean {
  // Compare as a string length first so "99999999999999999999999" cannot lose precision.
  const v = value.trim().replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(v)) return false;
  return v.length > 15 || Number(v) > limit;
}

function refuse(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const requestId = randomUUID();
  // Same error body as the app's own 413 (lib/http: payload_too_large), with the request id.
  const body = JSON.stringify({ error: { code: 'payload_too_large', message: `body exceeds ${limit} bytes`, requestId } });
  res.shouldKeepAlive = false;
  res.writeHead(413, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close', 'x-request-id': requestId });
  // Once the answer is out, half-close (the client reads the 413, then EOF) and drop the socket
  // soon after instead of waiting for the announced body; what does arrive meanwhile is discarded.
  // An immediate destroy could reset the connection before the client has read the answer.
  req.resume();
  res.end(body, () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 1000).unref();
  });
}
