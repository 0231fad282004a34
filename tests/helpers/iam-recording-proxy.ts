import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through in front of a local AWS endpoint (DynamoDB Local, fauxqs) that names the IAM
 * action each request needs, as AWS authorises it: a JSON-protocol call by its `X-Amz-Target`
 * operation, a transaction by each of its items (TransactWriteItems has no action of its own: each
 * Put / Update / Delete / ConditionCheck needs its item action), a batch by its single-message
 * action (sqs:SendMessageBatch is authorised as sqs:SendMessage).
 */
export interface IamRecordingProxy {
  url: string;
  /** Every action requested so far, e.g. `dynamodb:PutItem`, `sqs:SendMessage`. */
  actions: Set<string>;
  stop(): Promise<void>;
}

const TRANSACT_ITEM_ACTIONS: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };
const SQS_BATCH_ACTIONS: Record<string, string> = { SendMessageBatch: 'SendMessage', DeleteMessageBatch: 'DeleteMessage', ChangeMessageVisibilityBatch: 'ChangeMessageVisibility' };

function actionsOf(target: string, body: string): string[] {
  const [service, operation] = target.split('.') as [string, string];
  if (service.startsWith('DynamoDB_')) {
    if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
      const items = (JSON.parse(body) as { TransactItems: Record<string, unknown>[] }).TransactItems;
      return items.flatMap((item) => Object.keys(item).map((k) => `dynamodb:${TRANSACT_ITEM_ACTIONS[k] ?? k}`));
    }
    return [`dynamodb:${operation}`];
  }
  if (service === 'AmazonSQS') return [`sqs:${SQS_BATCH_ACTIONS[operation] ?? operation}`];
  throw new Error(`no IAM mapping for ${target}`);
}

export async function startIamRecordingProxy(targetUrl: string): Promise<IamRecordingProxy> {
  const target = new URL(targetUrl);
  const actions = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const amzTarget = req.headers['x-amz-target'];
      if (typeof amzTarget === 'string') for (const a of actionsOf(amzTarget, body.toString('utf8'))) actions.add(a);
      const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actions,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
