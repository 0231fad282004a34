import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { TypeResult } from './webhook-units-child.ts';
import type { Endpoints } from './stack.ts';

export type { TypeResult } from './webhook-units-child.ts';
export interface WebhookUnits {
  results: TypeResult[];
  projections: Record<string, { type: string; attributes?: string[] }>;
}

/** Section 1 in a fresh child (see webhook-units-child.ts): n instances of every webhook type. */
export function measureWebhookUnits(e: Endpoints, n: number, warmup = 2): Promise<WebhookUnits> {
  return new Promise((resolve, reject) => {
    const child = fork(join(import.meta.dirname, 'webhook-units-child.ts'), [String(n), String(warmup)], {
      execArgv: ['--import', 'tsx', '--no-warnings'],
      env: { ...process.env, DYNAMODB_ENDPOINT: e.dynamo, SQS_ENDPOINT: e.sqs },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let answered = false;
    child.once('message', (m) => {
      answered = true;
      const r = m as WebhookUnits & { error?: string };
      if (r.error) reject(new Error(`webhook-units child: ${r.error}`));
      else resolve(r);
    });
    // The child swallows its own stderr (it counts log bytes): an exit without an answer is a crash.
    child.once('exit', (code) => !answered && reject(new Error(`webhook-units child exited ${code} without an answer`)));
  });
}
