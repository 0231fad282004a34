import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../platform/aws-clients.ts';
import type { Logger } from '../platform/logger.ts';
import { recreateQueues, storageProbe, type QueueUrls } from './bootstrap.ts';
import { DurableQueueJournal } from './durable-queue-journal.ts';

/**
 * What keeps the local stack honest when its parts fail (issue 18), installed by the service on
 * its own SDK clients so that every sender (ack path, quarantine replay, stall fan-out) is covered
 * without the domain knowing:
 *
 * - Queues recreated: when the SQS emulator restarts it forgets its queues, and every call answered
 *   QueueDoesNotExist (the API said 503 until it was restarted). Any call that meets a missing queue
 *   now recreates the queues (once, shared by concurrent callers) and is retried.
 * - Journal (optional): every message sent to the work queues is journaled before the send and
 *   forgotten when its poller has processed it; pending messages are sent again on start and after
 *   the queues had to be recreated (the emulator lost them with its memory).
 * - Poller options: the storage probe for the outage breaker, and the "processed" callback.
 */
export interface LocalResilience {
  pollerOptions: { probe: () => Promise<unknown>; onProcessed?: (bodies: string[]) => Promise<void> };
  journal?: DurableQueueJournal;
  stop(): Promise<void>;
}

/** Set on a SendMessage input that replays a journaled message: it is journaled already. */
const REPLAY = Symbol('journal-replay');

export async function installLocalResilience(o: {
  clients: AwsClients;
  tableName: string;
  queueUrls: QueueUrls;
  /** Directory for the journal; none → no journal (throw-away runs, tests). */
  journalDir?: string;
  logger: Logger;
}): Promise<LocalResilience> {
  const sqs = o.clients.sqs;
  // Journal only the work queues: DLQ contents are there for a human, and sends to them are ours.
  const journaled = new Map<string, string>([
    [o.queueUrls.ingest, nameOf(o.queueUrls.ingest)],
    [o.queueUrls.notify, nameOf(o.queueUrls.notify)],
  ]);
  const urlByName = new Map([...journaled].map(([url, name]) => [name, url]));
  const journal = o.journalDir ? await DurableQueueJournal.open({ dir: o.journalDir }) : undefined;

  const replayPending = async (why: string) => {
    const pending = journal?.pending() ?? [];
    if (!pending.length) return;
    o.logger.info('re-sending journaled messages', { count: pending.length, why });
    for (const e of pending) {
      const url = urlByName.get(e.queue);
      if (!url) continue; // a queue of another prefix: not ours to replay
      const input = Object.assign({ QueueUrl: url, MessageBody: e.body }, { [REPLAY]: true });
      await sqs.send(new SendMessageCommand(input));
    }
  };

  let recreating: Promise<void> | undefined;
  const recreate = () =>
    (recreating ??= (async () => {
      o.logger.warn('SQS queues missing (emulator restarted?); recreating them');
      await recreateQueues(sqs);
      await replayPending('queues recreated');
    })().finally(() => (recreating = undefined)));

  sqs.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { QueueUrl?: string; MessageBody?: string; Entries?: { MessageBody?: string }[]; [REPLAY]?: boolean };
      const queue = input.QueueUrl ? journaled.get(input.QueueUrl) : undefined;
      const bodies = journal && queue && !input[REPLAY] ? sentBodies(input) : [];
      if (bodies.length) await journal!.append(bodies.map((body) => ({ queue: queue!, body })));
      try {
        let res;
        try {
          res = await next(args);
        } catch (err) {
          if (!isQueueMissing(err)) throw err;
          await recreate();
          res = await next(args);
        }
        // SendMessageBatch can refuse single entries; the caller resends them (journaled again).
        const failed = bodies.length && input.Entries ? failedBodies(input.Entries as { Id?: string; MessageBody?: string }[], res.output) : [];
        if (failed.length) await journal!.done(failed);
        return res;
      } catch (err) {
        // Not sent: nothing to replay (the caller answers 503 and the provider retries).
        if (bodies.length) await journal!.done(bodies).catch(() => undefined);
        throw err;
      }
    },
    { step: 'initialize', name: 'localResilience', override: true },
  );

  await replayPending('start');
  return {
    journal,
    pollerOptions: {
      probe: storageProbe(o.clients.dynamo, o.tableName),
      ...(journal ? { onProcessed: (bodies: string[]) => journal.done(bodies) } : {}),
    },
    async stop() {
      sqs.middlewareStack.remove('localResilience');
      await journal?.close();
    },
  };
}

function sentBodies(input: { MessageBody?: string; Entries?: { MessageBody?: string }[] }): string[] {
  if (typeof input.MessageBody === 'string') return [input.MessageBody];
  return (input.Entries ?? []).map((e) => e.MessageBody).filter((b): b is string => typeof b === 'string');
}

function failedBodies(entries: { Id?: string; MessageBody?: string }[], output: unknown): string[] {
  const ids = new Set(((output as { Failed?: { Id?: string }[] })?.Failed ?? []).map((f) => f.Id));
  return entries.filter((e) => ids.has(e.Id) && typeof e.MessageBody === 'string').map((e) => e.MessageBody!);
}

function isQueueMissing(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; Error?: { Code?: string } };
  return /QueueDoesNotExist|NonExistentQueue/.test(`${e?.name ?? ''} ${e?.Code ?? ''} ${e?.Error?.Code ?? ''}`);
}

const nameOf = (url: string) => url.split('/').pop()!;
