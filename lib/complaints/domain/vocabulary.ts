/** The status and tier vocabularies, alone in a module so schemas and types can both import them without a cycle. */
export const STATUSES = ['under_review', 'awaiting_return', 'returning', 'processing', 'completed'] as const;
export const TIERS = ['urgent', 'routine', 'dispute'] as const;
export type Status = (typeof STATUSES)[number];
export type Tier = (typeof TIERS)[number];
/** The SLA clocks a breach can name. */
export const SLA_CLOCKS = ['first_response', 'review', 'resolution', 'followUp'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];
