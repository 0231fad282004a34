import type { ComplaintFilter, ComplaintPage } from '../complaints/complaint-store.ts';
import type { Complaint, Status, TimelineEntry } from '../complaints/domain/complaint-types.ts';
import type { ReplayResult } from '../intake/replay-quarantined.ts';
import type { RawEventRecord, RawEventStore } from '../intake/raw-event-store.ts';
import type { AlertStore } from '../logistics/alert-store.ts';
import type { NotificationStore } from '../notifications/notification-store.ts';
import type { Logger } from '../platform/logger.ts';
import type { OperatorStore } from '../operators/operator-store.ts';
import type { SessionStore } from '../operators/session-store.ts';
import type { HealthProbe } from './health-routes.ts';

/**
 * What the read/operate API may do, as narrow interfaces: routers see services and read views,
 * never a store's write methods, so a route cannot bypass the engine's rules.
 */
export interface ComplaintDesk {
  list(filter: DeskFilter, limit: number, cursor?: string): Promise<ComplaintPage>;
  get(id: string): Promise<Complaint | undefined>;
  /** `actor`: the operator's name, recorded on the timeline. */
  operate(id: string, change: { status?: Status; owner?: string; note?: string; version?: number; followUpDone?: boolean }, actor?: string): Promise<Complaint>;
  /** Every complaint, for /stats and the dashboard's figures. */
  all(): Promise<Complaint[]>;
  /** The raw contact of one complaint, for the operator's call; the engine writes the reveal to the timeline. */
  reveal(id: string, operator: { name: string; role: string }): Promise<{ phone?: string; email?: string }>;
  /** The timeline, oldest first, paged. */
  timeline(id: string, cursor?: string, limit?: number): Promise<{ items: DeskTimelineEntry[]; nextCursor?: string }>;
  qualityAlerts(state: 'open' | 'resolved'): Promise<QualityAlert[]>;
}

/** The index filters plus the ones contract §2 adds (`owner`, `breached`, `platform`). */
export type DeskFilter = ComplaintFilter & { owner?: string; breached?: boolean; platform?: string };

/** Contract §2 timeline entry; `actor` is the operator's name, a provider id or "system". */
export type DeskTimelineEntry = TimelineEntry & { actor?: string };

/** Contract §2 quality alert (repeated problems of one SKU or product batch). */
export interface QualityAlert {
  id: string;
  type: 'quality_batch';
  state: 'open' | 'resolved';
  sku?: string;
  batchId?: string;
  category: string;
  count: number;
  windowDays: number;
  complaintIds: string[];
  detectedAt: string;
}

/** `POST /stall-scan`: run now (local, 200 with the result) or hand over to the scanner function (deployed, 202). */
export type ScanTrigger = () => Promise<{ status: 200; result: unknown } | { status: 202; scanId: string }>;

export interface LogisticsView {
  alerts: Pick<AlertStore, 'list' | 'all'>;
  notifications: Pick<NotificationStore, 'list'>;
  carrierTerms: { agreedHours: number; compensationCny: number };
  triggerScan: ScanTrigger;
  /** Queues a failed notification's message again; the notifier's claim takes `failed` records. */
  retryNotification(incidentId: string, orderId: string): Promise<{ notificationId: string; queued: true }>;
}

export interface DeliveryAudit {
  records: Pick<RawEventStore, 'get' | 'listQuarantine'>;
  replay(record: RawEventRecord): Promise<ReplayResult>;
}

/** Operator accounts and browser sessions (lib/operators). */
export interface OperatorAccess {
  store: Pick<OperatorStore, 'add' | 'list' | 'revoke' | 'authenticate' | 'active' | 'everHadOperators'>;
  sessions: Pick<SessionStore, 'create' | 'get' | 'delete'>;
  sessionTtlSeconds: number;
}

export interface OperatorDeps {
  logger: Logger;
  now: () => Date;
  apiToken?: string;
  health: HealthProbe;
  complaints: ComplaintDesk;
  logistics: LogisticsView;
  deliveries: DeliveryAudit;
  operators: OperatorAccess;
}
