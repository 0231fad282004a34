import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../platform/table/definitions.ts';
import type { Principal, Role } from './operator-types.ts';
import { newSecret, sha256 } from './secrets.ts';

/**
 * Browser sessions, server-side: the cookie holds a random id, the table only its SHA-256 (pk
 * `SESSION#<hash>`), with the table's TTL attribute so DynamoDB drops expired ones. TTL deletion is
 * lazy, so `get` checks the expiry itself.
 */
export interface SessionRecord extends Principal {
  createdAt: string;
  /** Epoch seconds (the TTL attribute). */
  expiresAt: number;
  /** Signed in with API_TOKEN: valid only while that token is configured. */
  builtin?: boolean;
}

const sessionKey = (hash: string) => ({ pk: `SESSION#${hash}`, sk: 'SESSION' });

export class SessionStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  async create(p: Principal & { builtin?: boolean }, ttlSeconds: number): Promise<{ id: string; expiresAt: Date }> {
    const id = newSecret('ses');
    const now = this.now();
    const expiresAt = Math.floor(now.getTime() / 1000) + ttlSeconds;
    const record: SessionRecord = { name: p.name, role: p.role as Role, createdAt: now.toISOString(), [TTL_ATTRIBUTE]: expiresAt, ...(p.builtin ? { builtin: true } : {}) };
    await this.ddb.send(new PutCommand({ TableName: this.tableName, Item: { ...sessionKey(sha256(id)), entity: 'session', ...record } }));
    return { id, expiresAt: new Date(expiresAt * 1000) };
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    if (!/^ses_[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: sessionKey(sha256(id)), ConsistentRead: true }));
    const s = res.Item as SessionRecord | undefined;
    if (!s || s.expiresAt * 1000 <= this.now().getTime()) return undefined;
    return { name: s.name, role: s.role, createdAt: s.createdAt, expiresAt: s.expiresAt, builtin: s.builtin };
  }

  async delete(id: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.tableName, Key: sessionKey(sha256(id)) }));
  }
}
