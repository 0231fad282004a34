import type { ComplaintFilter, ComplaintPage } from '../complaints/complaint-store.ts';
import type { Complaint, Status } from '../complaints/domain/complaint-types.ts';
import type { ReplayResult } from '../intake/replay-quarantined.ts';
import type { RawEventRecord, RawEventStore } from '../intake/raw-event-store.ts';
import type { AlertStore } from '../logistics/alert-store.ts';
import type { NotificationStore } from '../notifications/notification-store.ts';
import type { Logger } from '../platform/logger.ts';
import type { HealthProbe } from './health-routes.ts';

/**
 * What the read/operate API may do, as narrow interfaces: routers see services and read views,
 * never a store's write methods, so a route cannot bypass the engine's rules.
 */
export interface ComplaintDesk {
  list(filter: ComplaintFilter, limit: number, cursor?: string): Promise<ComplaintPage>;
  get(id: string): Promise<Complaint | undefined>;
  operate(id: string, change: { status?: Status; owner?: string; note?: string; version?: number }, actor?: string): Promise<Complaint>;
  /** Every complaint, for /stats and the dashboard's figures. */
  all(): Promise<Complaint[]>;
}

/** `POST /stall-scan`: run now (local, 200 with the result) or hand over to the scanner function (deployed, 202). */
export type ScanTrigger = () => Promise<{ status: 200; result: unknown } | { status: 202; scanId: string }>;

export interface LogisticsView {
  alerts: Pick<AlertStore, 'list' | 'all'>;
  notifications: Pick<NotificationStore, 'list'>;
  carrierTerms: { agreedHours: number; compensationCny: number };
  triggerScan: ScanTrigger;
}

export interface DeliveryAudit {
  records: Pick<RawEventStore, 'get' | 'listQuarantine'>;
  replay(record: RawEventRecord): Promise<ReplayResult>;
}

export interface OperatorDeps {
  logger: Logger;
  now: () => Date;
  apiToken?: string;
  health: HealthProbe;
  complaints: ComplaintDesk;
  logistics: LogisticsView;
  deliveries: DeliveryAudit;
}
