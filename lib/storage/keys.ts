/**
 * Key layout of the single table. One place that says which entity lives where, so no module
 * builds a key by string concatenation of its own.
 *
 * | entity            | pk                         | sk                | gsi1 (status/state)          | gsi2 (order)        | gsi3 (stall)   | gsi4 (batch)      | gsi5 (category/tier) |
 * |-------------------|----------------------------|-------------------|------------------------------|---------------------|----------------|-------------------|----------------------|
 * | raw event         | EVT#<provider>#<delivery>  | RAW               | QUARANTINE (when quarantined)| -                   | -              | -                 | -                    |
 */
export const rawEventKey = (provider: string, deliveryId: string) => ({ pk: `EVT#${provider}#${deliveryId}`, sk: 'RAW' });
export const QUARANTINE_INDEX_PK = 'QUARANTINE';
