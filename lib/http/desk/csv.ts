import { toPublicComplaint, type Complaint } from '../../complaints/domain/complaint-types.ts';

const COLUMNS = ['id', 'orderId', 'platform', 'category', 'tier', 'status', 'owner', 'customerName', 'phoneMasked', 'emailMasked', 'amount', 'currency', 'breached', 'createdAt', 'firstResponseDueAt', 'resolutionDueAt'] as const;

/**
 * RFC 4180 cells, and no formula injection: a cell a spreadsheet would evaluate (= + - @, tab, CR)
 * gets a leading apostrophe (OWASP "CSV injection"). Contacts only masked, as everywhere.
 */
const cell = (v: unknown) => {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function complaintsCsv(items: Complaint[]): string {
  const rows = items.map((c) => {
    const p = toPublicComplaint(c, { timeline: false }) as { customer: { name?: string; phoneMasked?: string; emailMasked?: string } };
    const r: Record<(typeof COLUMNS)[number], unknown> = {
      id: c.id, orderId: c.orderId, platform: c.platform, category: c.category, tier: c.tier, status: c.status, owner: c.owner,
      customerName: p.customer.name, phoneMasked: p.customer.phoneMasked, emailMasked: p.customer.emailMasked,
      amount: c.amount?.value, currency: c.amount?.currency, breached: c.sla.breached, createdAt: c.createdAt,
      firstResponseDueAt: c.sla.firstResponseDueAt, resolutionDueAt: c.sla.resolutionDueAt,
    };
    return COLUMNS.map((k) => cell(r[k])).join(',');
  });
  // BOM: Excel opens UTF-8 (Chinese names) correctly only with it.
  return `\uFEFF${COLUMNS.join(',')}\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
}
