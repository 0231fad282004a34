import type { Config } from '../../platform/config.ts';
import type { CanonicalEvent, Category } from '../../canonical/canonical.ts';
import {
  CATEGORY_RULES,
  DISPUTE_KEYWORDS,
  DISPUTE_TAGS,
  matchKeywords,
  REPEAT_CLAIMS_THRESHOLD,
  SAFETY_KEYWORDS,
  URGENT_TAGS,
} from './classification-rules.ts';
import type { Tier } from './complaint-types.ts';

export interface ClassifyFacts {
  priorClaimsByCustomer: number;
  orderTags: string[];
  orderAmount?: { value: number; currency: string };
  promisedBy?: string;
}

export interface Classification {
  category: Category;
  tier: Tier;
  flags: string[];
  reasons: string[];
}

type RateConfig = Pick<Config, 'HIGH_VALUE_CNY' | 'FX_RATES_TO_CNY' | 'SLA_URGENT_RESOLUTION_HOURS'>;

/** The words of an event a human would read: reason, text, description, note. */
export function eventText(e: CanonicalEvent): string {
  const d = e.data as Record<string, unknown>;
  return [d.reason, d.text, d.description, d.note].filter((x) => typeof x === 'string').join(' ');
}

/** Value in CNY via the configured rate table; undefined for a currency the table does not know. */
export function toCny(amount: { value: number; currency: string }, rates: Record<string, number>): number | undefined {
  const rate = rates[amount.currency.toUpperCase()];
  return rate === undefined ? undefined : amount.value * rate;
}

export function categoryOf(e: CanonicalEvent): { category: Category; reason: string } {
  const explicit = 'category' in e.data ? e.data.category : undefined;
  if (explicit) return { category: explicit, reason: `category given by ${e.provider}` };
  if (e.type === 'tracking.updated') return { category: 'logistics', reason: `courier status ${e.data.status}` };
  const text = eventText(e);
  for (const rule of CATEGORY_RULES) {
    const hits = matchKeywords(text, rule.keywords);
    if (hits.length) return { category: rule.category, reason: `keywords: ${hits.join(', ')}` };
  }
  if (e.type === 'aftersale.requested' && e.data.dispute) return { category: 'other', reason: 'payment dispute without a stated reason' };
  if (e.type === 'aftersale.requested' && (e.data.type === 'return_refund' || e.data.type === 'exchange')) return { category: 'product_mismatch', reason: `after-sales type ${e.data.type}` };
  return { category: 'other', reason: 'no rule matched' };
}

/**
 * Tier rules, in the domain page's words. Safety is never downgraded: a dispute that mentions a
 * safety word is urgent AND keeps the manual_review flag, because "speed first" beats process when a
 * person may be hurt.
 */
export function tierOf(e: CanonicalEvent, facts: ClassifyFacts, config: RateConfig): { tier: Tier; flags: string[]; reasons: string[] } {
  const text = eventText(e);
  const reasons: string[] = [];
  let urgent = false;
  let dispute = false;

  const safety = matchKeywords(text, SAFETY_KEYWORDS);
  if (safety.length) (urgent = true), reasons.push(`safety: ${safety.join(', ')}`);

  const tags = new Set([...facts.orderTags, ...((('tags' in e.data ? e.data.tags : undefined) as string[] | undefined) ?? [])].map((t) => t.toLowerCase()));
  const urgentTags = URGENT_TAGS.filter((t) => tags.has(t));
  if (urgentTags.length) (urgent = true), reasons.push(`time-critical goods: ${urgentTags.join(', ')}`);

  if (facts.promisedBy) {
    const atRisk = Date.parse(facts.promisedBy) < Date.parse(e.occurredAt) + config.SLA_URGENT_RESOLUTION_HOURS * 3600_000;
    if (atRisk) (urgent = true), reasons.push(`promised date ${facts.promisedBy} at risk`);
  }

  const amount = ('amount' in e.data ? e.data.amount : undefined) ?? facts.orderAmount;
  if (amount) {
    const cny = toCny(amount, config.FX_RATES_TO_CNY);
    if (cny === undefined) reasons.push(`no rate for ${amount.currency}: value rule skipped`);
    else if (cny > config.HIGH_VALUE_CNY) (urgent = true), reasons.push(`high value: ${Math.round(cny)} CNY > ${config.HIGH_VALUE_CNY}`);
  }

  if (e.type === 'aftersale.requested' && e.data.dispute) (dispute = true), reasons.push('payment dispute / chargeback');
  const disputeWords = matchKeywords(text, DISPUTE_KEYWORDS);
  if (disputeWords.length) (dispute = true), reasons.push(`dispute words: ${disputeWords.join(', ')}`);
  if (DISPUTE_TAGS.some((t) => tags.has(t))) (dispute = true), reasons.push('customised goods');
  if (e.type === 'aftersale.requested' && e.data.itemOpened === true && e.data.type === 'return_refund') (dispute = true), reasons.push('opened-then-return');
  if (facts.priorClaimsByCustomer >= REPEAT_CLAIMS_THRESHOLD) (dispute = true), reasons.push(`repeated claims: ${facts.priorClaimsByCustomer} before`);

  const flags = dispute ? ['manual_review'] : [];
  return { tier: urgent ? 'urgent' : dispute ? 'dispute' : 'routine', flags, reasons };
}

export function classify(e: CanonicalEvent, facts: ClassifyFacts, config: RateConfig): Classification {
  const c = categoryOf(e);
  const t = tierOf(e, facts, config);
  return { category: c.category, tier: t.tier, flags: t.flags, reasons: [c.reason, ...t.reasons] };
}

export const TIER_RANK: Record<Tier, number> = { routine: 0, dispute: 1, urgent: 2 };
