import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Local durability for the embedded queue (issue 18: `npm start` killed with -9 right after 1,500
 * acks lost 1,179 deliveries, because fauxqs keeps messages in memory in the same process and has no
 * persistence option). fauxqs cannot be made durable, so every message sent to a journaled queue is
 * appended here *before* the send (and so before the webhook's 200), and marked processed once the
 * poller has deleted it. On start, what is still pending is sent again; the consumers deduplicate
 * (ingest: conditional write per delivery; notify: the notification's claim), so sending a message
 * that had in fact been processed costs a lookup, never a double effect.
 *
 * Guarantee: a message whose append resolved survives the process dying at any instant (SIGKILL,
 * OOM, a crash): the bytes are in the kernel once write() returns. Surviving a power cut too needs
 * `fsync: true` (one fdatasync per group of appends).
 *
 * Format: one line per record, append-only, rewritten (compacted) on open and when mostly done:
 *   + <hash> <queue name> <JSON string of the body>
 *   - <hash>
 * A torn last line (crash mid-write) is ignored: its append never resolved, so it was never acked.
 */
export interface JournalEntry {
  queue: string;
  body: string;
}

export interface JournalOptions {
  dir: string;
  fsync?: boolean;
  /** Compact when the file holds this many more lines than there are pending entries. */
  compactSlack?: number;
}

const FILE = 'queue-journal.log';

export const bodyHash = (body: string) => createHash('sha256').update(body).digest('base64url').slice(0, 32);

export class DurableQueueJournal {
  /** hash → entry and how many sends of that exact body are still unprocessed. */
  private readonly pendingByHash = new Map<string, JournalEntry & { count: number }>();
  private lines = 0;
  private queue: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;
  private compactWanted = false;

  private constructor(
    private fh: FileHandle,
    private readonly o: JournalOptions,
  ) {}

  /** Opens (or creates) the journal in `dir`, replays it and compacts it to the pending entries. */
  static async open(o: JournalOptions): Promise<DurableQueueJournal> {
    mkdirSync(o.dir, { recursive: true });
    const path = join(o.dir, FILE);
    const pending = new Map<string, JournalEntry & { count: number }>();
    if (existsSync(path)) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        // split(' ', 4) would drop the rest of the body: String#split's limit truncates.
        const [op, hash, queue, body] = splitFields(line, 4);
        if (op === '+' && hash && queue && body !== undefined) {
          let text: string;
          try {
            text = JSON.parse(body) as string;
          } catch {
            continue; // torn last line
          }
          const e = pending.get(hash);
          if (e) e.count++;
          else pending.set(hash, { queue, body: text, count: 1 });
        } else if (op === '-' && hash) {
          const e = pending.get(hash);
          if (e && --e.count <= 0) pending.delete(hash);
        }
      }
    }
    const j = new DurableQueueJournal(await open(path, 'a'), o);
    for (const [h, e] of pending) j.pendingByHash.set(h, e);
    await j.compact();
    return j;
  }

  /** Entries sent but not yet processed, oldest first. */
  pending(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const e of this.pendingByHash.values()) for (let i = 0; i < e.count; i++) out.push({ queue: e.queue, body: e.body });
    return out;
  }

  get pendingCount(): number {
    let n = 0;
    for (const e of this.pendingByHash.values()) n += e.count;
    return n;
  }

  /** Resolves once the entries are written; only then may the message be sent (and acked). */
  async append(entries: JournalEntry[]): Promise<void> {
    if (!entries.length) return;
    const hashes = entries.map((e) => bodyHash(e.body));
    // Counted before the write, so a compaction running meanwhile keeps them (at worst twice:
    // one extra, deduplicated replay; never one too few).
    entries.forEach((e, i) => {
      const cur = this.pendingByHash.get(hashes[i]!);
      if (cur) cur.count++;
      else this.pendingByHash.set(hashes[i]!, { ...e, count: 1 });
    });
    try {
      await this.write(entries.map((e, i) => `+ ${hashes[i]} ${e.queue} ${JSON.stringify(e.body)}\n`).join(''));
    } catch (err) {
      this.forget(hashes);
      throw err;
    }
  }

  /** The messages with these bodies were processed (or never sent): nothing to replay for them. */
  async done(bodies: string[]): Promise<void> {
    const hashes = this.forget(bodies.map(bodyHash));
    if (!hashes.length) return;
    // Losing a "-" line in a crash only means one extra, deduplicated replay.
    await this.write(hashes.map((h) => `- ${h}\n`).join(''));
    if (this.lines > this.pendingCount * 2 + (this.o.compactSlack ?? 5000)) {
      this.compactWanted = true;
      this.writing ??= this.flush();
      await this.writing;
    }
  }

  private forget(hashes: string[]): string[] {
    const known = hashes.filter((h) => this.pendingByHash.has(h));
    for (const h of known) {
      const e = this.pendingByHash.get(h);
      if (e && --e.count <= 0) this.pendingByHash.delete(h);
    }
    return known;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
    await this.fh.close();
  }

  /** Group commit: concurrent appends share one write (and one fdatasync). */
  private write(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.writing ??= this.flush();
    });
  }

  /** The one writer: appends and compactions never interleave. */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length || this.compactWanted) {
        if (this.compactWanted) {
          this.compactWanted = false;
          await this.compact().catch(() => undefined); // a failed compaction leaves the old file, still valid
          continue;
        }
        const batch = this.queue;
        this.queue = [];
        try {
          const text = batch.map((b) => b.line).join('');
          await this.fh.write(text);
          if (this.o.fsync) await this.fh.datasync();
          this.lines += countLines(text);
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Rewrites the file with only the pending entries: write aside, sync, rename over. */
  private async compact(): Promise<void> {
    const path = join(this.o.dir, FILE);
    const tmp = `${path}.tmp`;
    const out = await open(tmp, 'w');
    const entries = [...this.pendingByHash.entries()];
    const text = entries.map(([h, e]) => `+ ${h} ${e.queue} ${JSON.stringify(e.body)}\n`.repeat(e.count)).join('');
    await out.write(text);
    await out.sync();
    await out.close();
    await rename(tmp, path);
    const old = this.fh;
    this.fh = await open(path, 'a');
    await old.close();
    this.lines = countLines(text);
  }
}

/** The first `n - 1` space-separated fields, and the rest of the line (spaces included) as the last. */
function splitFields(line: string, n: number): (string | undefined)[] {
  const out: string[] = [];
  let at = 0;
  while (out.length < n - 1) {
    const sp = line.indexOf(' ', at);
    if (sp === -1) break;
    out.push(line.slice(at, sp));
    at = sp + 1;
  }
  out.push(line.slice(at));
  return out;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
