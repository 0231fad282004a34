import type { ComplaintFilter, ComplaintPage } from '../complaints/complaint-store.ts';
import type { Complaint, Status } from '../complaints/domain/complaint-types.ts';
import type { PublicTimelineEntry } from '../complaints/domain/public-complaint.ts';
import type { Breakdown, Stats } from '../complaints/domain/stats.ts';
import type { QualityAlert } from '../complaints/quality-store.ts';
import type { AuditReader } from '../intake/audit/audit-reader.ts';
import type { ReplayResult } from '../intake/replay-quarantined.ts';
import type { RawEventRecord, RawEventStore } from '../intake/raw-event-store.ts';
import type { AlertStore } from '../logistics/alert-store.ts';
import type { NotificationReader } from '../notifications/notification-reader.ts';
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
  /** GET /stats from counters maintained on write: O(1) reads, plus one per SKU or batch counter for each asked-for breakdown. */
  stats(opts?: { breakdown?: readonly Breakdown[] }): Promise<Stats>;
  /** POST /complaints/:id/reveal: raw contact for agent/admin, audited on the timeline; ComplaintError 'forbidden' for viewer. */
  reveal(id: string, operator: { name: string; role: string }): Promise<{ phone?: string; email?: string }>;
  /** GET /complaints/:id/timeline: oldest first, paged, entries already scrubbed. Throws not_found. */
  timeline(id: string, cursor?: string, limit?: number): Promise<{ items: PublicTimelineEntry[]; nextCursor?: string }>;
  /** GET /alerts?type=quality_batch&state= */
  qualityAlerts(state?: 'open' | 'resolved'): Promise<QualityAlert[]>;
}

/** The index filters plus the ones contract §2 adds (`owner`, `breached`, `platform`). */
export type DeskFilter = ComplaintFilter & { owner?: string; breached?: boolean; platform?: string };

export type { QualityAlert };

/** `POST /stall-scan`: run now (local, 200 with the result) or hand over to the scanner function (deployed, 202). */
export type ScanTrigger = () => Promise<{ status: 200; result: unknown } | { status: 202; scanId: string }>;

export interface LogisticsView {
  alerts: Pick<AlertStore, 'list' | 'all'>;
  notifications: Pick<NotificationReader, 'list' | 'counts'>;
  carrierTerms: { agreedHours: number; compensationCny: number };
  triggerScan: ScanTrigger;
  /** Queues a failed notification's message again; the notifier's claim takes `failed` records. */
  retryNotification(incidentId: string, orderId: string): Promise<{ notificationId: string; queued: true }>;
}

export interface DeliveryAudit {
  records: Pick<RawEventStore, 'get' | 'listQuarantine' | 'ignoredCounts'>;
  /** Audit storage (S3 deployed, the folder locally) where a done delivery's body went; absent: bodies stay in the record. */
  bodies?: AuditReader;
  replay(record: RawEventRecord): Promise<ReplayResult>;
}

/** Operator accounts and browser sessions (lib/operators). */
export interface OperatorAccess {
  /** Open local mode (no API_TOKEN, no operator yet → anonymous admin): the local stack only, never deployed. */
  openWhenEmpty?: boolean;
  store: Pick<OperatorStore, 'add' | 'list' | 'revoke' | 'authenticate' | 'active' | 'everHadOperators'>;
  sessions: Pick<SessionStore, 'create' | 'get' | 'delete'>;
  sessionTtlSeconds: number;
}

/** Who may call (operator-auth on both operator fronts): API_TOKEN, the operator accounts, browser sessions. */
export interface OperatorAuthDeps {
  apiToken?: string;
  operators: OperatorAccess;
}

/** The JSON read/operate API (`operator-api`): every route a program calls, and the one the desk's script PATCHes. */
export interface ApiDeps extends OperatorAuthDeps {
  logger: Logger;
  now: () => Date;
  health: HealthProbe;
  complaints: ComplaintDesk;
  logistics: LogisticsView;
  deliveries: DeliveryAudit;
}

/**
 * The browser desk (`desk`): the pages, the CSV export, the forms they post, the sign-in. It reads the
 * quarantine list but never replays (the page's replay button calls the API) and reads no audit body.
 */
export interface DeskDeps extends OperatorAuthDeps {
  logger: Logger;
  now: () => Date;
  complaints: ComplaintDesk;
  logistics: Pick<LogisticsView, 'alerts' | 'notifications' | 'retryNotification'>;
  deliveries: { records: Pick<RawEventStore, 'listQuarantine'> };
}
