/**
 * Key layout of the single table. One place that says which entity lives where, so no module
 * builds a key by string concatenation of its own.
 *
 * | entity            | pk                         | sk                | gsi1 (status/state)          | gsi2 (order)        | gsi3 (stall)   | gsi4 (batch)      | gsi5 (category/tier) |
 * |-------------------|----------------------------|-------------------|------------------------------|---------------------|----------------|-------------------|----------------------|
 * | raw event         | EVT#<provider>#<delivery>  | RAW               | QUARANTINE (when quarantined)| -                   | -              | -                 | -                    |
 * | complaint         | CMP#<id>                   | CMP               | CMP#STATUS#<s> / <tier>#<createdAt>#<id> | ORDER#<o> / CMP#<createdAt>#<id> | CMP#ALL / <createdAt>#<id> | CMP#TIER#<t> / <createdAt>#<id> | CMP#CAT#<c> / <status>#<tier>#<createdAt>#<id> |
 * | counter           | COUNTER#<name>             | COUNTER           | -                            | -                   | -              | -                 | -                    |
 *
 * gsi3 and gsi4 are overloaded: complaints use them under CMP#-prefixed partitions, shipments under
 * STALL#/BATCH# ones, so one index serves several access patterns without extra cost.
 */
export const rawEventKey = (provider: string, deliveryId: string) => ({ pk: `EVT#${provider}#${deliveryId}`, sk: 'RAW' });
export const QUARANTINE_INDEX_PK = 'QUARANTINE';

export const complaintKey = (id: string) => ({ pk: `CMP#${id}`, sk: 'CMP' });
export const counterKey = (name: string) => ({ pk: `COUNTER#${name}`, sk: 'COUNTER' });

/** The index attributes a complaint carries; recomputed on every save so a status change moves it. */
export function complaintIndexKeys(c: { id: string; orderId: string; status: string; tier: string; category: string; createdAt: string }) {
  const tail = `${c.createdAt}#${c.id}`;
  return {
    gsi1pk: `CMP#STATUS#${c.status}`,
    gsi1sk: `${c.tier}#${tail}`,
    gsi2pk: `ORDER#${c.orderId}`,
    gsi2sk: `CMP#${tail}`,
    gsi3pk: 'CMP#ALL',
    gsi3sk: tail,
    gsi4pk: `CMP#TIER#${c.tier}`,
    gsi4sk: tail,
    gsi5pk: `CMP#CAT#${c.category}`,
    gsi5sk: `${c.status}#${c.tier}#${tail}`,
  };
}
