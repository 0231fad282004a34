import * as z from 'zod/mini';
import '../../platform/zod-locale.ts';
import type { Locale } from '../templates.ts';

/**
 * What the service team hears in its group chat (issue 17, contract "Team alert robots"): an
 * urgent complaint opened (with its call-by time), an SLA breach, a stall alert opened (carrier,
 * hours, batch size), a quality alert opened; each names the order or SKU. Customer contact
 * details never travel in an alert: the agent reveals them on the desk page, with audit.
 *
 * `id` is the alert's own stable id (complaint id + kind, stall alert id, quality alert id): the
 * same alert raised twice dedups to one message per robot.
 */
const iso = z.string().check(z.minLength(1));
const common = { id: z.string().check(z.minLength(1), z.maxLength(200)), occurredAt: iso, link: z.optional(z.string().check(z.url())) };

export const teamAlertSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('urgent_complaint'),
    ...common,
    complaintId: z.string().check(z.minLength(1)),
    orderId: z.string().check(z.minLength(1)),
    /** The first-contact deadline: the urgent tier promises a proactive call within 15 minutes. */
    callBy: iso,
    category: z.optional(z.string()),
    reason: z.optional(z.string().check(z.maxLength(200))),
    amount: z.optional(z.object({ value: z.number(), currency: z.string() })),
  }),
  z.object({
    kind: z.literal('sla_breach'),
    ...common,
    complaintId: z.string().check(z.minLength(1)),
    orderId: z.string().check(z.minLength(1)),
    tier: z.string().check(z.minLength(1)),
    clock: z.enum(['first_response', 'review', 'resolution', 'follow_up']),
    dueAt: iso,
    owner: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('stall'),
    ...common,
    orderId: z.string().check(z.minLength(1)),
    carrier: z.string().check(z.minLength(1)),
    trackingNumber: z.string().check(z.minLength(1)),
    hoursWithoutUpdate: z.number().check(z.nonnegative()),
    batchId: z.optional(z.string()),
    /** Orders of the batch still on their way: the ones warned proactively. */
    batchSize: z.number().check(z.int(), z.nonnegative()),
    incidentId: z.optional(z.string()),
  }),
  z.object({
    kind: z.literal('quality'),
    ...common,
    sku: z.optional(z.string()),
    batchId: z.optional(z.string()),
    category: z.string().check(z.minLength(1)),
    count: z.number().check(z.int(), z.positive()),
    windowDays: z.number().check(z.positive()),
  }),
]);

export type TeamAlert = z.infer<typeof teamAlertSchema>;
export type TeamAlertKind = TeamAlert['kind'];

/** The text of an alert, robot-neutral: a title and lines of `label: value`. */
export interface AlertText {
  title: string;
  /** Severity, for robots that colour a card: red for urgent/breach, orange for stall/quality. */
  severity: 'critical' | 'warning';
  fields: { label: string; value: string }[];
  link?: string;
}

const CLOCK: Record<Locale, Record<'first_response' | 'review' | 'resolution' | 'follow_up', string>> = {
  'zh-CN': { first_response: '首次响应', review: '审核', resolution: '解决', follow_up: '回访' },
  en: { first_response: 'first response', review: 'review', resolution: 'resolution', follow_up: 'follow-up' },
};

/**
 * Times as the team reads them: China time for zh-CN teams (they work in UTC+8, no DST), UTC for
 * the others, minutes precision.
 */
export function formatTime(isoTime: string, locale: Locale): string {
  const t = Date.parse(isoTime);
  if (Number.isNaN(t)) return isoTime;
  if (locale === 'zh-CN') return `${new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`;
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const hours = (h: number) => (Math.round(h * 10) / 10).toString();

/** Pure: the alert's wording in the team's language. */
export function alertText(a: TeamAlert, locale: Locale): AlertText {
  const zh = locale === 'zh-CN';
  const f = (label: string, value: string | undefined) => (value === undefined || value === '' ? [] : [{ label, value }]);
  switch (a.kind) {
    case 'urgent_complaint':
      return {
        title: zh ? `【紧急投诉】订单 ${a.orderId}` : `[Urgent complaint] order ${a.orderId}`,
        severity: 'critical',
        fields: [
          ...f(zh ? '订单' : 'Order', a.orderId),
          ...f(zh ? '投诉' : 'Complaint', a.complaintId),
          ...f(zh ? '请在此前致电客户' : 'Call the customer by', formatTime(a.callBy, locale)),
          ...f(zh ? '类型' : 'Category', a.category),
          ...f(zh ? '原因' : 'Reason', a.reason),
          ...f(zh ? '金额' : 'Amount', a.amount ? `${a.amount.value.toFixed(2)} ${a.amount.currency}` : undefined),
        ],
        link: a.link,
      };
    case 'sla_breach':
      return {
        title: zh ? `【SLA 超时】订单 ${a.orderId} ${CLOCK['zh-CN'][a.clock]}超时` : `[SLA breach] order ${a.orderId}: ${CLOCK.en[a.clock]} overdue`,
        severity: 'critical',
        fields: [
          ...f(zh ? '订单' : 'Order', a.orderId),
          ...f(zh ? '投诉' : 'Complaint', a.complaintId),
          ...f(zh ? '级别' : 'Tier', a.tier),
          ...f(zh ? '时限' : 'Due', formatTime(a.dueAt, locale)),
          ...f(zh ? '负责人' : 'Owner', a.owner ?? (zh ? '未分配' : 'unassigned')),
        ],
        link: a.link,
      };
    case 'stall':
      return {
        title: zh ? `【物流停滞】订单 ${a.orderId} ${hours(a.hoursWithoutUpdate)} 小时无更新` : `[Tracking stalled] order ${a.orderId}: no update for ${hours(a.hoursWithoutUpdate)} h`,
        severity: 'warning',
        fields: [
          ...f(zh ? '订单' : 'Order', a.orderId),
          ...f(zh ? '快递' : 'Carrier', `${a.carrier} ${a.trackingNumber}`),
          ...f(zh ? '无更新时长' : 'Without update', zh ? `${hours(a.hoursWithoutUpdate)} 小时` : `${hours(a.hoursWithoutUpdate)} h`),
          ...f(zh ? '批次' : 'Batch', a.batchId),
          ...f(zh ? '同批待送达订单' : 'Orders of the batch on their way', String(a.batchSize)),
        ],
        link: a.link,
      };
    case 'quality': {
      const subject = a.sku ? `SKU ${a.sku}` : `${zh ? '批次' : 'batch'} ${a.batchId ?? '?'}`;
      return {
        title: zh ? `【质量预警】${subject} ${a.windowDays} 天内 ${a.count} 起投诉` : `[Quality alert] ${subject}: ${a.count} complaints in ${a.windowDays} days`,
        severity: 'warning',
        fields: [
          ...f('SKU', a.sku),
          ...f(zh ? '批次' : 'Batch', a.batchId),
          ...f(zh ? '类型' : 'Category', a.category),
          ...f(zh ? '投诉数' : 'Complaints', String(a.count)),
          ...f(zh ? '统计窗口' : 'Window', zh ? `${a.windowDays} 天` : `${a.windowDays} days`),
        ],
        link: a.link,
      };
    }
  }
}
