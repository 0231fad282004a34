import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real endpoint that can be switched off (the port refuses connections,
 * open ones are cut) and on again (same port): a dependency outage without mocking anything.
 */
export async function tcpSwitch(target: string): Promise<{ url: string; off(): Promise<void>; on(): Promise<void>; close(): Promise<void> }> {
  const t = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(t.port), t.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const off = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const s = server;
      server = undefined;
      s.close(() => resolve());
      for (const sock of sockets) sock.destroy();
    });
  await listen();
  return { url: `http://127.0.0.1:${port}`, off, on: () => (server ? Promise.resolve() : listen()), close: off };
}
