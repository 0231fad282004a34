import { createHash } from 'node:crypto';

/**
 * Deterministic ids: a scan that runs twice, overlaps itself or is rerun after a crash computes
 * the same ids, so every "create" is a conditional put that the second writer loses harmlessly.
 */
const h = (prefix: string, ...parts: string[]) => `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22)}`;

/** One alert per parcel and stall episode (the episode is the parcel's newest courier event time). */
export const alertIdFor = (trackingNumber: string, episode: string) => h('alr', trackingNumber, episode);
/** An incident is named after the batch and the alert that opened it. */
export const incidentIdFor = (batchId: string, foundingAlertId: string) => h('inc', batchId, foundingAlertId);
/** One notification per order and incident. */
export const notificationIdFor = (incidentId: string, orderId: string) => h('ntf', incidentId, orderId);
