import * as z from 'zod/mini';
import '../platform/zod-locale.ts';

export const ROLES = ['viewer', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: an operator account, the built-in `admin` (API_TOKEN), or `anonymous` (open local mode). */
export interface Principal {
  name: string;
  role: Role;
}

/** Each role includes the ones before it: viewer reads, agent also operates, admin also manages. */
export const roleAllows = (has: Role, needs: Role) => ROLES.indexOf(has) >= ROLES.indexOf(needs);

/**
 * Names end up as timeline actors next to provider ids and "system", so those (and the built-in
 * `admin`) are reserved: an actor name must say unambiguously who acted.
 */
export const RESERVED_NAMES = new Set(['admin', 'system', 'anonymous', 'operator', 'stall-scanner']);
export const operatorName = z
  .string()
  .check(
    z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'letters, digits, dot, dash, underscore; at most 64'),
    z.refine((n) => !RESERVED_NAMES.has(n.toLowerCase()), 'reserved name'),
  );

/** What the store keeps: never the token, only its SHA-256. */
export interface OperatorRecord {
  name: string;
  role: Role;
  tokenHash: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
}

export type OperatorView = Omit<OperatorRecord, 'tokenHash'>;
export const toOperatorView = ({ tokenHash: _t, ...rest }: OperatorRecord): OperatorView => rest;
