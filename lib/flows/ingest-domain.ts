import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ComplaintPort } from '../complaints/complaint-port.ts';
import { ComplaintService, type ComplaintSignals } from '../complaints/complaint-service.ts';
import { ComplaintStore } from '../complaints/complaint-store.ts';
import type { EventHandler } from '../intake/ingest-worker.ts';
import { AlertStore } from '../logistics/alert-store.ts';
import type { ShipmentEventDeps } from '../logistics/apply-shipment-event.ts';
import { IncidentStore } from '../logistics/incident-store.ts';
import { ShipmentStore } from '../logistics/shipment-store.ts';
import type { SectionConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createDomain, logisticsComplaintLookup } from './apply-canonical-events.ts';
import { orderFactsFrom, shipmentFacts } from './order-facts.ts';
import type { Shipment } from '../logistics/shipment-types.ts';
import type { CanonicalEvent } from '../canonical/canonical.ts';

export type IngestDomainConfig = SectionConfig<'complaints'> & Pick<SectionConfig<'logistics'>, 'STALL_THRESHOLD_HOURS' | 'STALL_TAG_THRESHOLDS'> & { TABLE_NAME: string };

export interface IngestDomain {
  handleEvents: EventHandler;
  complaints: ComplaintService;
  shipmentDeps: ShipmentEventDeps;
}

/**
 * What the ingest worker runs for canonical events: shipments first, then the complaint engine.
 * Built in dependency order (shipments → complaints with order facts from shipments → the
 * shipment path with the complaint port), so no wiring is patched after construction.
 * An `order.shipped` also hands its facts (contact, items, product batch) to the complaint engine,
 * which keeps them for complaints still to come and joins them into the order's existing ones.
 */
export function composeIngestDomain(o: { ddb: DynamoDBDocumentClient; config: IngestDomainConfig; logger: Logger; now: () => Date; complaintPort?: ComplaintPort; signals?: Partial<ComplaintSignals> }): IngestDomain {
  const table = o.config.TABLE_NAME;
  const shipments = new ShipmentStore(o.ddb, table);
  const complaintStore = new ComplaintStore(o.ddb, table);
  // Parcels the domain is applying right now, by order: a complaint their event opens takes the
  // order's facts from the record in hand instead of querying the order's parcels (gsi2 + fetch).
  const inFlight = new Map<string, Shipment>();
  const fromStore = orderFactsFrom(shipments);
  const orderFacts = async (orderId: string) => {
    const s = inFlight.get(orderId);
    return s ? shipmentFacts(s) : fromStore(orderId);
  };
  const complaints = new ComplaintService({ store: complaintStore, config: o.config, now: o.now, logger: o.logger, orderFacts, signals: o.signals });
  const shipmentDeps: ShipmentEventDeps = {
    shipments,
    alerts: new AlertStore(o.ddb, table),
    incidents: new IncidentStore(o.ddb, table),
    complaints: o.complaintPort ?? complaints,
    rules: { defaultHours: o.config.STALL_THRESHOLD_HOURS, tagHours: o.config.STALL_TAG_THRESHOLDS },
    logger: o.logger,
    now: o.now,
    logisticsComplaint: logisticsComplaintLookup((id) => complaintStore.get(id)),
  };
  const inner = createDomain({ stall: shipmentDeps, complaints, inFlight });
  // The order's facts go to the complaint engine beside the shipment's write, not after it: both are
  // idempotent, and the delivery is marked done only once both have finished.
  const handleEvents: EventHandler = async (events, context) => {
    await Promise.all([inner(events, context), ...events.map(attachFacts)]);
  };
  const attachFacts = async (e: CanonicalEvent) => {
    if (e.type !== 'order.shipped') return;
    const d = e.data;
    // Only a batch the shop named is a product batch; the derived shipping group is not.
    await complaints.attachOrderFacts(d.orderId, {
      tags: d.tags,
      amount: d.amount,
      promisedBy: d.promisedBy,
      platform: d.platform,
      customer: d.customer,
      items: d.items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, ...(d.batchId ? { batchId: d.batchId } : {}) })),
      source: { at: d.shippedAt, id: d.trackingNumber },
    });
  };
  handleEvents.prefetchKeys = inner.prefetchKeys;
  return { handleEvents, complaints, shipmentDeps };
}
