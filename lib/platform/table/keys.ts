import { fnv1a } from '../fnv1a.ts';
/**
 * Key layout of the single table. One place that says which entity lives where, so no module
 * builds a key by string concatenation of its own.
 *
 * | entity            | pk                         | sk                | gsi1 (status/state)          | gsi2 (order)        | gsi3 (stall)   | gsi4 (batch)      | gsi5 (category/tier) |
 * |-------------------|----------------------------|-------------------|------------------------------|---------------------|----------------|-------------------|----------------------|
 * | raw event         | EVT#<provider>#<delivery>  | RAW               | QUARANTINE#S<nn> (when quarantined)| -                   | -              | -                 | -                    |
 * | complaint         | CMP#<id>                   | CMP               | CMP#S<nn>#STATUS#<s> / <tier>#<createdAt>#<id> | ORDER#<o> / CMP#<createdAt>#<id> | CMP#S<nn>#ALL / <createdAt>#<id> | CMP#S<nn>#TIER#<t> / <createdAt>#<id> | CMP#S<nn>#CAT#<c> / <status>#<tier>#<createdAt>#<id> |
 * | timeline entry    | CMP#<id>                   | TL#<at>#<eventId> | -                            | -                   | -              | -                 | -                    |
 * | complaint stats   | CMPSTATS#S<nn>             | TOTAL / DAY#<d>   | -                            | -                   | -              | -                 | -                    |
 * | pending refunds   | ORDERREFUNDS#<o>           | PENDING           | -                            | -                   | -              | -                 | -                    |
 * | quality window    | QUALITY#<sku|batch>#<key>  | WINDOW            | -                            | -                   | -              | -                 | -                    |
 * | quality alert     | QALERT#<id>                | QALERT            | QALERT#<state> / <detectedAt>#<id> | -             | -              | -                 | -                    |
 * | counter           | COUNTER#<name>             | COUNTER           | -                            | -                   | -              | -                 | -                    |
 * | shipment          | SHIP#<trackingNumber>      | SHIP              | -                            | ORDER#<o> / SHIP#<tn> (once the order is known) | STALL#<YYYY-MM-DDTHH>#S<nn> / <dueAt>#<tn> (only while it can still stall; nn = hash(tn) % STALL_SHARDS) | BATCH#<b> / <o>#<tn> (once the order is known) | - |
 * | stall alert       | ALERT#<id>                 | ALERT             | ALERT#<state> / <detectedAt>#<id> | -                   | -              | -                 | -                    |
 * | open incident     | BATCH#<b>                  | INCIDENT#OPEN     | -                            | -                   | -              | -                 | -                    |
 * | notification count | NOTIFCOUNT#<incidentId>   | S<slot>           | -                            | -                   | -              | -                 | -                    |
 * | notification      | NOTIF#<incidentId>#<o>     | NOTIF             | -                            | ORDER#<o> / NOTIF#<queuedAt>#<id> | -  | INC#<incidentId> / <o> | NOTIF#BATCH#<b> / <queuedAt>#<id> |
 * | stall scan cursor | STALLSCAN                  | CURSOR            | -                            | -                   | -              | -                 | -                    |
 *
 * gsi6 (due clock) holds complaints only: CMPDUE#S<nn> / <dueAt>#<id> while a clock runs.
 *
 * Shipments are keyed by tracking number, not by carrier + number: carrier slugs differ between
 * sources (a shop says `sf-express`, a tracking aggregator `sfexpress`), tracking numbers do not.
 * The stall bucket is the hour of max(dueAt, time of the write), so a write never lands in an
 * hour bucket the scanner has already passed (see `lib/shipments/shipment-rules.ts`).
 * The open-incident item is a per-batch lock: at most one open incident per batch at a time.
 *
 * S<nn> is the complaint's write shard (COMPLAINT_SHARDS, hash of the id); readers fan out over shards.
 * gsi3 and gsi4 are overloaded: complaints use them under CMP#-prefixed partitions, shipments under
 * STALL#/BATCH# ones, so one index serves several access patterns without extra cost.
 */
export const rawEventKey = (provider: string, deliveryId: string) => ({ pk: `EVT#${provider}#${deliveryId}`, sk: 'RAW' });
/**
 * Quarantined deliveries are listed newest first from gsi1, write-sharded: a provider sending a
 * flood of unparseable payloads (~165/s at a 5,000/s burst) must not heat one partition. The
 * shard is a hash of provider + delivery id; the list fans out over the shards (queryShards).
 */
export const QUARANTINE_SHARDS = 8;
export const quarantineIndexPk = (provider: string, deliveryId: string) => `QUARANTINE#${shardLabel(fnv1a(`${provider}:${deliveryId}`) % QUARANTINE_SHARDS)}`;
/** The unsharded key quarantines written before sharding carry (kept until replayed): listed as one more partition. */
export const LEGACY_QUARANTINE_INDEX_PK = 'QUARANTINE';
export const quarantinePartitions = () => [...Array.from({ length: QUARANTINE_SHARDS }, (_, s) => `QUARANTINE#${shardLabel(s)}`), LEGACY_QUARANTINE_INDEX_PK];

/**
 * Topics an adapter ignores are counted per arrival day, provider and topic, never stored in full.
 * The day's counters are write-sharded (hash of provider + delivery id): 5% of a 5,000/s burst
 * is 250 counted deliveries a second, which one partition would take at 500 write units (a
 * transaction's write counts twice); over 8 shards each takes ~60.
 */
export const IGNORED_SHARDS = 8;
export const ignoredCountKey = (day: string, provider: string, deliveryId: string, topic: string) => ({
  pk: `IGNORED#${day}#${shardLabel(fnv1a(`${provider}:${deliveryId}`) % IGNORED_SHARDS)}`,
  sk: `${provider}#${topic}`,
});
export const ignoredCountPartitions = (day: string) => Array.from({ length: IGNORED_SHARDS }, (_, s) => `IGNORED#${day}#${shardLabel(s)}`);

export const complaintKey = (id: string) => ({ pk: `CMP#${id}`, sk: 'CMP' });
export const counterKey = (name: string) => ({ pk: `COUNTER#${name}`, sk: 'COUNTER' });

/**
 * Complaint index keys are write-sharded: no index partition is shared by every complaint (or by
 * every complaint of one status/tier/category), so per-event writes spread over
 * COMPLAINT_SHARDS partitions and listings fan out over them (lib/complaints/complaint-store.ts).
 * The shard is a hash of the id, so a complaint stays in its shard for life.
 */
export const COMPLAINT_SHARDS = 16;
export const complaintShard = (id: string) => fnv1a(id) % COMPLAINT_SHARDS;
/** A write shard as it appears in a key: `S04`. */
export const shardLabel = (n: number) => `S${String(n).padStart(2, '0')}`;
export const complaintStatusPk = (shard: number, status: string) => `CMP#${shardLabel(shard)}#STATUS#${status}`;
export const complaintAllPk = (shard: number) => `CMP#${shardLabel(shard)}#ALL`;
export const complaintTierPk = (shard: number, tier: string) => `CMP#${shardLabel(shard)}#TIER#${tier}`;
export const complaintCategoryPk = (shard: number, category: string) => `CMP#${shardLabel(shard)}#CAT#${category}`;

/** The index attributes a complaint carries; recomputed on every save so a status change moves it. */
export function complaintIndexKeys(c: { id: string; orderId: string; status: string; tier: string; category: string; createdAt: string; dueAt?: string }) {
  const tail = `${c.createdAt}#${c.id}`;
  const s = complaintShard(c.id);
  return {
    ...(c.dueAt ? { gsi6pk: complaintDuePk(s), gsi6sk: `${c.dueAt}#${c.id}` } : {}),
    gsi1pk: complaintStatusPk(s, c.status),
    gsi1sk: `${c.tier}#${tail}`,
    gsi2pk: orderIndexPk(c.orderId),
    gsi2sk: `CMP#${tail}`,
    gsi3pk: complaintAllPk(s),
    gsi3sk: tail,
    gsi4pk: complaintTierPk(s, c.tier),
    gsi4sk: tail,
    gsi5pk: complaintCategoryPk(s, c.category),
    gsi5sk: `${c.status}#${c.tier}#${tail}`,
  };
}

/** A timeline entry: its own item under the complaint's key, sorted by provider time; its existence is the per-event duplicate guard. */
export const timelineKey = (complaintId: string, at: string, eventId: string) => ({ pk: `CMP#${complaintId}`, sk: `TL#${at}#${eventId}` });
export const TIMELINE_PREFIX = 'TL#';
/**
 * Due-time index, sharded and sparse (only complaints with a running clock): the complaint's gsi6
 * entry at its earliest running clock. Releases before session 26 kept it as base-table items
 * under the same key (`complaintDueKey`); the sweep still reads those and drops each once its
 * complaint has moved on, so they drain without a migration.
 */
export const complaintDuePk = (shard: number) => `CMPDUE#${shardLabel(shard)}`;
export const complaintDueKey = (id: string, dueAt: string) => ({ pk: complaintDuePk(complaintShard(id)), sk: `${dueAt}#${id}` });
/** Sharded stats counters: sk `TOTAL#<slot>` (fixed counts), `FR#…` / `RES#…` (histogram bucket groups), `SKU#…` / `SKUB#…` (one SKU or batch each) and `DAY#<YYYY-MM-DD>[#<group>]` (resolutions that day): lib/complaints/domain/stats.ts. */
export const complaintStatsPk = (shard: number) => `CMPSTATS#${shardLabel(shard)}`;
/** Payment refunds of an order that arrived before any request: kept as an order fact until a request claims them. */
export const pendingRefundsKey = (orderId: string) => ({ pk: `ORDERREFUNDS#${orderId}`, sk: 'PENDING' });
/** The facts an order's `order.shipped` named (items with their product batch), for its complaints to come. */
export const orderFactsKey = (orderId: string) => ({ pk: `ORDERFACTS#${orderId}`, sk: 'FACTS' });
/** Quality signal: the rolling window of complaints about one SKU or product batch, and its alerts. */
export const qualityWindowKey = (kind: 'sku' | 'batch', key: string) => ({ pk: `QUALITY#${kind}#${key}`, sk: 'WINDOW' });
export const qualityAlertKey = (id: string) => ({ pk: `QALERT#${id}`, sk: 'QALERT' });
export const qualityAlertStatePk = (state: string) => `QALERT#${state}`;
export function qualityAlertIndexKeys(a: { id: string; state: string; detectedAt: string }) {
  return { gsi1pk: qualityAlertStatePk(a.state), gsi1sk: `${a.detectedAt}#${a.id}` };
}

export const shipmentKey = (trackingNumber: string) => ({ pk: `SHIP#${trackingNumber}`, sk: 'SHIP' });
export const orderIndexPk = (orderId: string) => `ORDER#${orderId}`;
export const batchIndexPk = (batchId: string) => `BATCH#${batchId}`;
/**
 * Stall buckets are write-sharded: every fresh courier event moves its parcel into the hour 48 h
 * ahead, so one `STALL#<hour>` partition would take every such write (~3,000 units/s at a 5,000
 * webhooks/s burst against DynamoDB's 1,000 per partition). The shard is a hash of the tracking
 * number, so a parcel's slot is reproducible from the record alone; the scanner reads every shard
 * of an hour (lib/logistics/stall-scanner.ts), still only what is due.
 */
export const STALL_SHARDS = 16;
export const stallShard = (trackingNumber: string) => fnv1a(trackingNumber) % STALL_SHARDS;
/** `hour` is `YYYY-MM-DDTHH` (UTC). */
export const stallBucketPk = (hour: string, shard: number) => `STALL#${hour}#${shardLabel(shard)}`;
/**
 * The unsharded bucket key items written before sharding still carry; the scanner reads it as one
 * more partition per hour so a parcel indexed by an older release is not skipped (each such item
 * moves to its shard on its next write). Drop once no item older than the stall horizon remains.
 */
export const legacyStallBucketPk = (hour: string) => `STALL#${hour}`;
/** Every partition of one stall hour: its shards, then the legacy key. */
export const stallBucketPartitions = (hour: string) => [...Array.from({ length: STALL_SHARDS }, (_, s) => stallBucketPk(hour, s)), legacyStallBucketPk(hour)];

/** The index attributes a shipment carries; `stall` absent = not in the stall index. */
export function shipmentIndexKeys(s: { trackingNumber: string; orderId?: string; batchId?: string }, stall?: { hour: string; dueAt: string }) {
  return {
    ...(s.orderId ? { gsi2pk: orderIndexPk(s.orderId), gsi2sk: `SHIP#${s.trackingNumber}` } : {}),
    ...(stall ? { gsi3pk: stallBucketPk(stall.hour, stallShard(s.trackingNumber)), gsi3sk: `${stall.dueAt}#${s.trackingNumber}` } : {}),
    ...(s.orderId && s.batchId ? { gsi4pk: batchIndexPk(s.batchId), gsi4sk: `${s.orderId}#${s.trackingNumber}` } : {}),
  };
}

export const alertKey = (id: string) => ({ pk: `ALERT#${id}`, sk: 'ALERT' });
export const alertStatePk = (state: string) => `ALERT#${state}`;
/** Alerts are listed by state only; nothing reads an order's alerts, so they stay out of gsi2 (an index write saved per alert change). */
export function alertIndexKeys(a: { id: string; state: string; detectedAt: string }) {
  return {
    gsi1pk: alertStatePk(a.state),
    gsi1sk: `${a.detectedAt}#${a.id}`,
  };
}

export const openIncidentKey = (batchId: string) => ({ pk: batchIndexPk(batchId), sk: 'INCIDENT#OPEN' });

export const notificationKey = (incidentId: string, orderId: string) => ({ pk: `NOTIF#${incidentId}#${orderId}`, sk: 'NOTIF' });
export const incidentIndexPk = (incidentId: string) => `INC#${incidentId}`;
/**
 * An incident's notifications counted by status, kept with every change of one (in its
 * transaction), so the board reads a fixed number of items whatever the batch's size. Each change
 * adds to one of NOTIFICATION_COUNT_SLOTS items at random: a batch's fan-out writes at once, and
 * two transactions on one item cancel each other.
 */
export const NOTIFICATION_COUNT_SLOTS = 8;
export const notificationCountPk = (incidentId: string) => `NOTIFCOUNT#${incidentId}`;
export const notificationCountKey = (incidentId: string, slot: number) => ({ pk: notificationCountPk(incidentId), sk: `S${slot}` });
export const notificationBatchPk = (batchId: string) => `NOTIF#BATCH#${batchId}`;
export function notificationIndexKeys(n: { id: string; incidentId: string; orderId: string; batchId?: string; queuedAt: string }) {
  return {
    gsi2pk: orderIndexPk(n.orderId),
    gsi2sk: `NOTIF#${n.queuedAt}#${n.id}`,
    gsi4pk: incidentIndexPk(n.incidentId),
    gsi4sk: n.orderId,
    ...(n.batchId ? { gsi5pk: notificationBatchPk(n.batchId), gsi5sk: `${n.queuedAt}#${n.id}` } : {}),
  };
}

export const stallScanCursorKey = () => ({ pk: 'STALLSCAN', sk: 'CURSOR' });

/** Strips the key and index attributes: what is left is the record itself. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, gsi4pk: _7, gsi4sk: _8, gsi5pk: _9, gsi5sk: _10, gsi6pk: _11, gsi6sk: _12, ...rest } = item;
  return rest as T;
}
