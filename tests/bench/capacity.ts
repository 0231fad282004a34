/**
 * Consumed-capacity accounting for the benchmark: DynamoDB's own numbers, not a count of calls.
 *
 * One `build`-step middleware on a DynamoDB client (a DocumentClient shares its client's stack, so
 * one attachment sees both). It edits the serialised request, because there the wire format is the
 * same whichever client built it:
 *  - adds `ReturnConsumedCapacity: INDEXES` to every read and write, so each response says how many
 *    units the table and each GSI took (DynamoDB Local reports them, GSIs and item size included);
 *  - on UpdateItem without ReturnValues, asks for ALL_NEW and strips it again from the output, so
 *    the recorder learns the item's new image without the caller seeing any difference;
 *  - keeps the last image of every item written while `trackImages` is on, so each write is
 *    recorded with its before and after image (the heat model needs both: a GSI key change is a
 *    delete under the old key plus a put under the new one).
 * Nothing is asserted here; the recorder only adds up what DynamoDB reports.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Wire = Record<string, AttributeValue>;

export interface Units {
  total: number;
  table: number;
  gsi: Record<string, number>;
}

export interface WriteRecord {
  command: string;
  /** `EVT`, `CMP`, `SHIP`, `COUNTER`, ... : the pk up to its first `#`. */
  entity: string;
  key: { pk: string; sk: string };
  pre?: Record<string, unknown>;
  post?: Record<string, unknown>;
  /** DynamoDB item size (bytes, its rules) of the image written; undefined for deletes. */
  bytes?: number;
  units: Units;
  failed?: boolean;
}

export interface Usage {
  calls: number;
  /** Calls that started while no other call of this recorder was in flight: sequential round trips. */
  sequentialRoundTrips: number;
  reads: Units;
  writes: Units;
  /** Items DynamoDB returned or examined for reads (ScannedCount for queries). */
  itemsRead: number;
  conditionalFailures: number;
  /**
   * Index units DynamoDB Local reported for transactions beyond one write per index entry (see
   * `chargeTransaction`): what the figures would add if DynamoDB charged them twice too.
   */
  transactionIndexSurplus: number;
  log: WriteRecord[];
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

const emptyUnits = (): Units => ({ total: 0, table: 0, gsi: {} });
function addUnits(into: Units, cc: { CapacityUnits?: number; Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> } | undefined) {
  if (!cc) return;
  into.total += cc.CapacityUnits ?? 0;
  into.table += cc.Table?.CapacityUnits ?? 0;
  for (const [name, v] of Object.entries(cc.GlobalSecondaryIndexes ?? {})) into.gsi[name] = (into.gsi[name] ?? 0) + (v.CapacityUnits ?? 0);
}
function addUnitsOf(into: Units, u: Units) {
  into.total += u.total;
  into.table += u.table;
  for (const [name, v] of Object.entries(u.gsi)) into.gsi[name] = (into.gsi[name] ?? 0) + v;
}
export function sumUnits(a: Units, b: Units, scale = 1): Units {
  const out: Units = { total: a.total + b.total * scale, table: a.table + b.table * scale, gsi: { ...a.gsi } };
  for (const [k, v] of Object.entries(b.gsi)) out.gsi[k] = (out.gsi[k] ?? 0) + v * scale;
  return out;
}

/** DynamoDB's item size rules: attribute name bytes + value bytes; maps/lists 3 B + 1 B per element. */
export function attributeSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if (v.B !== undefined) {
    // On the wire binary is base64 text; from the SDK it is bytes.
    const b: unknown = v.B;
    return typeof b === 'string' ? Buffer.from(b, 'base64').length : (b as Uint8Array).length;
  }
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((a, s) => a + Buffer.byteLength(s), 0);
  if (v.NS) return v.NS.reduce((a, n) => a + attributeSize({ N: n }), 0);
  if (v.BS) return v.BS.reduce((a, b) => a + attributeSize({ B: b }), 0);
  if (v.L) return 3 + v.L.reduce((a, e) => a + 1 + attributeSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((a, [k, e]) => a + 1 + Buffer.byteLength(k) + attributeSize(e), 0);
  return 0;
}
export const itemSize = (item: Wire) => Object.entries(item).reduce((a, [k, v]) => a + Buffer.byteLength(k) + attributeSize(v), 0);
/** Size of an item given as plain values (as the document client writes it). */
export const imageSize = (img: Record<string, unknown>) => itemSize(marshall(img, { removeUndefinedValues: true, convertClassInstanceToMap: false }) as Wire);

const keyOf = (item: Record<string, unknown>) => ({ pk: String(item.pk), sk: String(item.sk) });
const entityOf = (pk: string) => pk.split('#')[0]!;

type Stack = { add: (mw: unknown, opts: { step: 'build'; name: string; priority?: 'low' | 'normal' | 'high'; override?: boolean }) => void };

export class CapacityRecorder {
  private usage: Usage = CapacityRecorder.empty();
  private inFlight = 0;
  /** Units are added only while counting; images are kept whenever trackImages is on. */
  counting = true;
  trackImages = false;
  keepLog = false;
  private images = new Map<string, Record<string, unknown>>();

  static empty(): Usage {
    return { calls: 0, sequentialRoundTrips: 0, reads: emptyUnits(), writes: emptyUnits(), itemsRead: 0, conditionalFailures: 0, transactionIndexSurplus: 0, log: [] };
  }

  /** Attach to a DynamoDBClient (or a DocumentClient: it shares its client's middleware stack). */
  attach(client: { middlewareStack: unknown }): this {
    (client.middlewareStack as Stack).add((next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => (args: unknown) => this.handle(next, ctx, args), {
      step: 'build',
      name: 'benchConsumedCapacity',
      priority: 'low',
      override: true,
    });
    return this;
  }

  /** Returns what was recorded since the last take and starts afresh. */
  take(): Usage {
    const u = this.usage;
    this.usage = CapacityRecorder.empty();
    return u;
  }

  image(pk: string, sk: string) {
    return this.images.get(`${pk}\u0000${sk}`);
  }

  forgetImages() {
    this.images.clear();
  }

  private async handle(next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }, args: unknown) {
    const request = (args as { request?: { body?: unknown; headers: Record<string, string> } }).request;
    // The wire operation, whichever client (document or plain) built the command.
    const op = request?.headers['x-amz-target']?.split('.')[1] ?? (ctx.commandName ?? '').replace(/Command$/, '');
    const isRead = READS.has(op);
    const isWrite = WRITES.has(op);
    let input: Record<string, unknown> | undefined;
    let askedNew = false;
    // The serialiser hands over a string or bytes, depending on the SDK version. Bytes are read
    // through their buffer: Buffer.from(bytes) would call the SDK adapter's valueOf (and warn).
    const body = request?.body;
    const raw = body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8') : body;
    if ((isRead || isWrite) && request && typeof raw === 'string') {
      input = JSON.parse(raw) as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      if (op === 'UpdateItem' && this.trackImages && (!input.ReturnValues || input.ReturnValues === 'NONE')) {
        input.ReturnValues = 'ALL_NEW';
        askedNew = true;
      }
      const text = JSON.stringify(input);
      // Hand the body back in the form it came (the JSON codec wants bytes when it gave bytes).
      request.body = request.body instanceof Uint8Array ? new TextEncoder().encode(text) : text;
      request.headers['content-length'] = String(Buffer.byteLength(text));
    }
    if (this.counting) {
      this.usage.calls++;
      if (this.inFlight === 0) this.usage.sequentialRoundTrips++;
    }
    this.inFlight++;
    let result: { output: Record<string, unknown> } | undefined;
    try {
      result = (await next(args)) as { output: Record<string, unknown> };
      return result;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException' || (err as Error).name === 'TransactionCanceledException') {
        if (this.counting) this.usage.conditionalFailures++;
        // A failed conditional write is still charged by DynamoDB (at least 1 unit per item); the
        // error carries no ConsumedCapacity, so count the table's unit here.
        if (this.counting && isWrite) addUnits(this.usage.writes, { CapacityUnits: 1, Table: { CapacityUnits: 1 } });
      }
      throw err;
    } finally {
      this.inFlight--;
      if (result && input) this.record(op, isRead, input, result.output, askedNew);
    }
  }

  /**
   * DynamoDB Local under-reports a transaction's table units: it charges 2 × the transaction's
   * summed size (two 400-byte puts: 2 units), where DynamoDB charges each item 2 units per KB (4).
   * The table's share is recomputed per item: a put from its image, an update, delete or condition
   * check from the item's last known image (DynamoDB charges the larger of before and after; the
   * after image of a transactional update is not returned, so a growing item is a little under),
   * at least 1 KB.
   * DynamoDB Local also doubles the GSI shares. The two underlying writes are of "every item in
   * the transaction" (prepare, commit); index entries are not among them: "changes made with
   * transactions are propagated to global secondary indexes ... after the transaction completes"
   * (Developer Guide, "Amazon DynamoDB Transactions: How it works", capacity management and
   * TransactWriteItems sections). So each index entry is charged once, as for a standard write,
   * and the surplus is kept aside (`transactionIndexSurplus`) for the benchmark to print.
   */
  private chargeTransaction(units: Units, input: Record<string, unknown>): number {
    let surplus = 0;
    for (const [ix, v] of Object.entries(units.gsi)) {
      surplus += v / 2;
      units.gsi[ix] = v / 2;
    }
    units.total -= surplus;
    let table = 0;
    for (const t of input.TransactItems as { Put?: { Item: Wire }; Update?: { Key: Wire }; Delete?: { Key: Wire }; ConditionCheck?: { Key: Wire } }[]) {
      const wire = t.Update?.Key ?? t.Delete?.Key ?? t.ConditionCheck?.Key;
      const key = wire && keyOf(unmarshall(wire));
      const pre = key ? this.images.get(`${key.pk}\u0000${key.sk}`) : undefined;
      const bytes = t.Put ? itemSize(t.Put.Item) : pre ? imageSize(pre) : 0;
      table += 2 * Math.max(1, Math.ceil(bytes / 1024));
    }
    units.total += table - units.table;
    units.table = table;
    return surplus;
  }

  private record(op: string, isRead: boolean, input: Record<string, unknown>, output: Record<string, unknown>, askedNew: boolean) {
    const ccs = ([] as unknown[]).concat(output.ConsumedCapacity ?? []) as Parameters<typeof addUnits>[1][];
    const units = emptyUnits();
    for (const cc of ccs) addUnits(units, cc);
    const surplus = op === 'TransactWriteItems' ? this.chargeTransaction(units, input) : 0;
    if (this.counting) {
      this.usage.transactionIndexSurplus += surplus;
      const into = isRead ? this.usage.reads : this.usage.writes;
      addUnitsOf(into, units);
      if (isRead) this.usage.itemsRead += Number(output.ScannedCount ?? (output.Item ? 1 : 0)) + ((output.Responses ? Object.values(output.Responses as Record<string, unknown[]>).flat().length : 0) as number);
    }
    if (askedNew) {
      const attrs = output.Attributes;
      delete output.Attributes;
      output.__benchNew = attrs;
    }
    if (isRead || !(this.trackImages || this.keepLog)) {
      delete output.__benchNew;
      return;
    }
    // One record per item written, with its before/after image.
    const writes: { command: string; post?: Wire; key?: Wire }[] = [];
    if (op === 'PutItem') writes.push({ command: op, post: input.Item as Wire });
    if (op === 'UpdateItem') writes.push({ command: op, post: (output.__benchNew ?? output.Attributes) as Wire | undefined, key: input.Key as Wire });
    if (op === 'DeleteItem') writes.push({ command: op, key: input.Key as Wire });
    if (op === 'BatchWriteItem') {
      for (const reqs of Object.values(input.RequestItems as Record<string, { PutRequest?: { Item: Wire }; DeleteRequest?: { Key: Wire } }[]>)) {
        for (const r of reqs) writes.push(r.PutRequest ? { command: 'BatchPut', post: r.PutRequest.Item } : { command: 'BatchDelete', key: r.DeleteRequest!.Key });
      }
    }
    if (op === 'TransactWriteItems') {
      for (const t of input.TransactItems as { Put?: { Item: Wire }; Update?: { Key: Wire }; Delete?: { Key: Wire } }[]) {
        if (t.Put) writes.push({ command: 'TransactPut', post: t.Put.Item });
        else if (t.Update) writes.push({ command: 'TransactUpdate', key: t.Update.Key });
        else if (t.Delete) writes.push({ command: 'TransactDelete', key: t.Delete.Key });
      }
    }
    delete output.__benchNew;
    for (const [i, w] of writes.entries()) {
      const post = w.post ? unmarshall(w.post) : undefined;
      const key = keyOf(post ?? unmarshall(w.key!));
      const id = `${key.pk}\u0000${key.sk}`;
      const pre = this.images.get(id);
      if (this.trackImages) {
        if (post) this.images.set(id, post);
        else if (w.command.includes('Delete')) this.images.delete(id);
      }
      if (this.counting && this.keepLog) {
        // Batch/transaction capacity is reported per table, not per item: the first item carries it.
        this.usage.log.push({ command: w.command, entity: entityOf(key.pk), key, pre, post, bytes: w.post ? itemSize(w.post) : undefined, units: i === 0 ? units : emptyUnits() });
      }
    }
  }
}
