import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { freePort } from './net.ts';

export interface RunningSqs {
  endpoint: string;
  server: FauxqsServer;
  stop(): Promise<void>;
}

/** The fauxqs SQS emulator, in this process, on loopback. */
export async function startSqsLocal(opts: { port?: number } = {}): Promise<RunningSqs> {
  const port = opts.port ?? (await freePort());
  const server = await startFauxqs({ port, logger: false, host: 'localhost' });
  return { endpoint: `http://127.0.0.1:${server.port}`, server, stop: () => server.stop() };
}
