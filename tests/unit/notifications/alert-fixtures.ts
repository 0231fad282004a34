import type { TeamAlert } from '../../../lib/notifications/robots/team-alert.ts';

/** One alert of each kind, shared by the unit and integration tests of the robots. */
const at = '2026-12-01T10:00:00.000Z';
type ByKind = { [K in TeamAlert['kind']]: Extract<TeamAlert, { kind: K }> };
export const alerts: ByKind = {
  urgent_complaint: { kind: 'urgent_complaint', id: 'cmp_1:urgent', occurredAt: at, complaintId: 'cmp_1', orderId: 'SO-URG-1', callBy: '2026-12-01T10:15:00.000Z', category: 'logistics', amount: { value: 2199, currency: 'CNY' } },
  sla_breach: { kind: 'sla_breach', id: 'cmp_2:first_response', occurredAt: at, complaintId: 'cmp_2', orderId: 'SO-SLA-2', tier: 'routine', clock: 'first_response', dueAt: '2026-12-01T09:00:00.000Z' },
  stall: { kind: 'stall', id: 'alr_3', occurredAt: at, orderId: 'SO-STALL-3', carrier: 'sf-express', trackingNumber: 'SF300', hoursWithoutUpdate: 49.04, batchId: 'BATCH-CHERRY', batchSize: 20 },
  quality: { kind: 'quality', id: 'qa_4', occurredAt: at, sku: 'DRESS-RED-M', batchId: 'LOT-7', category: 'product_mismatch', count: 3, windowDays: 7 },
};

