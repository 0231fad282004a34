import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditRecord, AuditSink } from './audit-sink.ts';

/** File-name-safe and reversible: delivery ids are provider-chosen strings. */
const safe = (s: string) => encodeURIComponent(s).replace(/\./g, '%2E');

/**
 * Local audit storage: `<dir>/<yyyy-mm-dd>/<provider>/<deliveryId>.json`, one file per delivery
 * (no per-object price locally). Day folders older than the retention are removed on the first
 * write of each day, so the folder holds the same window as the dedup records.
 */
export class FolderAuditSink implements AuditSink {
  private sweptDay?: string;

  constructor(
    private readonly dir: string,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  pathOf(r: Pick<AuditRecord, 'provider' | 'deliveryId' | 'receivedAt'>): string {
    return join(this.dir, r.receivedAt.slice(0, 10), safe(r.provider), `${safe(r.deliveryId)}.json`);
  }

  async put(records: AuditRecord[]): Promise<void> {
    await Promise.all(
      records.map(async (r) => {
        const path = this.pathOf(r);
        await mkdir(join(path, '..'), { recursive: true });
        // A redelivery writes the same content again: the file is the same either way.
        await writeFile(path, JSON.stringify(r));
      }),
    );
    await this.sweep();
  }

  async get(provider: string, deliveryId: string, receivedAt: string): Promise<AuditRecord | undefined> {
    try {
      return JSON.parse(await readFile(this.pathOf({ provider, deliveryId, receivedAt }), 'utf8')) as AuditRecord;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async sweep() {
    const today = this.now().toISOString().slice(0, 10);
    if (this.sweptDay === today) return;
    this.sweptDay = today;
    const oldest = new Date(this.now().getTime() - this.retentionDays * 86_400_000).toISOString().slice(0, 10);
    const days = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(days.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d < oldest).map((d) => rm(join(this.dir, d), { recursive: true, force: true })));
  }
}
