import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string | object } | 'hang';

/**
 * A provider's endpoint on 127.0.0.1 (node:http, free port): records every request and answers
 * what the test's `answer` function returns, which is where each test writes the provider's
 * documented responses. 'hang' never answers (until the server stops), for timeouts.
 */
export async function startLocalEndpoint(answer: (req: RecordedRequest, n: number) => Answer | Promise<Answer>) {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      const a = await answer(rec, requests.length);
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      const body = typeof a.body === 'object' ? JSON.stringify(a.body) : (a.body ?? '');
      res.writeHead(a.status, { 'content-type': typeof a.body === 'object' ? 'application/json' : 'text/plain', ...a.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    async stop() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
