import { createDynamoClients } from '../platform/aws/dynamodb-client.ts';
import { OperatorStore } from '../operators/operator-store.ts';
import { ROLES, type Role } from '../operators/operator-types.ts';

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/**
 * `aftersales-hub operators add|list|revoke`: the admin routes of a running service, reached with
 * `--url` and `--token` like the other commands. The new token is printed once, alone on the last
 * line (scripts take `tail -1`), never logged, never passed in a URL.
 */
export class OperatorsUsageError extends Error {}

type Out = { log: (s: string) => void; error: (s: string) => void };
interface Opts {
  url: string;
  auth: Record<string, string>;
  role?: string;
  json?: boolean;
  /**
   * Bootstrap of a deployed stack: write the operator straight into this table with the caller's
   * own AWS credentials (its `TableName` output) — how the first admin exists before anyone can
   * sign in. Every later change goes through the running service.
   */
  table?: string;
}

export const OPERATORS_USAGE = `  operators add <name> --role viewer|agent|admin [--json]   create an operator; prints its token once
  operators list [--json]                                    names, roles, state (never tokens)
  operators revoke <name>                                    the token stops working at once
  operators add <name> --role admin --table <TableName>      first admin of a deployed stack (your AWS credentials)`;

export async function operatorsCommand(args: string[], o: Opts, out: Out = console): Promise<number> {
  const [sub, name] = args;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${o.url}${path}`, {
      method,
      headers: { ...o.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown> & { error?: { code?: string; message?: string } };
    if (!res.ok) out.error(`${method} ${path.split('/').slice(0, 2).join('/')} answered ${res.status}${data.error ? ` ${data.error.code}: ${data.error.message}` : ''}`);
    return { ok: res.ok, data };
  };
  switch (sub) {
    case 'add': {
      if (!name || !o.role) throw new OperatorsUsageError('operators add <name> --role viewer|agent|admin');
      if (o.table) {
        if (!isRole(o.role)) throw new OperatorsUsageError('--role must be viewer, agent or admin');
        const { ddb } = createDynamoClients({ AWS_REGION: process.env.AWS_REGION ?? 'us-east-1', DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT });
        const { record, token } = await new OperatorStore(ddb, o.table, () => new Date()).add(name, o.role, 'cli-bootstrap');
        out.log(o.json ? JSON.stringify({ name: record.name, role: record.role, token }) : `operator ${record.name} (${record.role}) created in ${o.table}. The token is shown only now:`);
        if (!o.json) out.log(token);
        return 0;
      }
      const r = await call('POST', '/operators', { name, role: o.role });
      if (!r.ok) return 1;
      const { token, role } = r.data as { token: string; role: string };
      if (o.json) out.log(JSON.stringify({ name: r.data.name, role, token }));
      else {
        out.log(`operator ${String(r.data.name)} (${role}) created. The token is shown only now; give it to ${String(r.data.name)} and store it in a password manager:`);
        out.log(token);
      }
      return 0;
    }
    case 'list': {
      const r = await call('GET', '/operators');
      if (!r.ok) return 1;
      const items = (r.data.items ?? []) as { name: string; role: string; createdAt: string; revokedAt?: string }[];
      if (o.json) out.log(JSON.stringify(items));
      else for (const op of items) out.log(`${op.name.padEnd(24)} ${op.role.padEnd(7)} ${op.revokedAt ? `revoked ${op.revokedAt}` : `active since ${op.createdAt}`}`);
      return 0;
    }
    case 'revoke': {
      if (!name) throw new OperatorsUsageError('operators revoke <name>');
      const r = await call('DELETE', `/operators/${encodeURIComponent(name)}`);
      if (!r.ok) return 1;
      out.log(o.json ? JSON.stringify(r.data) : `revoked ${name}`);
      return 0;
    }
    default:
      throw new OperatorsUsageError('operators add|list|revoke');
  }
}
