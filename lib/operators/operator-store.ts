import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { collectPages, queryIndex } from '../platform/table/index-query.ts';
import { conditionalTransaction } from '../platform/table/conditional-write.ts';
import { withoutKeys } from '../platform/table/keys.ts';
import { operatorExists, operatorNotFound } from './errors.ts';
import type { OperatorRecord, Principal, Role } from './operator-types.ts';
import { newSecret, safeEqual, sha256 } from './secrets.ts';

/**
 * Key layout (beside lib/platform/table/keys.ts's table):
 *
 * | entity          | pk                     | sk       | gsi1                     |
 * |-----------------|------------------------|----------|--------------------------|
 * | operator        | OPERATOR#<name>        | OPERATOR | OPERATORS / <name>       |
 * | token → name    | OPTOKEN#<sha256(token)>| OPTOKEN  | -                        |
 * | "ever had one"  | OPERATORS              | MARKER   | -                        |
 *
 * The token item makes a bearer check two consistent reads (hash → name → account) without a scan;
 * the marker lets the service leave open local mode for good once the first operator exists.
 */
const operatorKey = (name: string) => ({ pk: `OPERATOR#${name}`, sk: 'OPERATOR' });
const tokenKey = (hash: string) => ({ pk: `OPTOKEN#${hash}`, sk: 'OPTOKEN' });
const MARKER_KEY = { pk: 'OPERATORS', sk: 'MARKER' };
const LIST_PK = 'OPERATORS';

export class OperatorStore {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date,
  ) {}

  /** Creates the account and returns its token: the only moment the token exists in clear. */
  async add(name: string, role: Role, createdBy: string): Promise<{ record: OperatorRecord; token: string }> {
    const token = newSecret('aso');
    const record: OperatorRecord = { name, role, tokenHash: sha256(token), createdAt: this.now().toISOString(), createdBy };
    // The account item (first) decides: a name already active cancels the whole transaction.
    const created = await conditionalTransaction(() =>
      this.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...operatorKey(name), gsi1pk: LIST_PK, gsi1sk: name, entity: 'operator', ...record },
                // A revoked name may be reissued; an active one never silently gets a second token.
                ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(revokedAt)',
              },
            },
            { Put: { TableName: this.tableName, Item: { ...tokenKey(record.tokenHash), entity: 'operator-token', name }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.tableName, Item: { ...MARKER_KEY, entity: 'operator-marker', since: record.createdAt } } },
          ],
        }),
      ),
    );
    if (!created.ok) throw operatorExists(name);
    return { record, token };
  }

  async get(name: string): Promise<OperatorRecord | undefined> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: operatorKey(name), ConsistentRead: true }));
    return res.Item ? withoutKeys<OperatorRecord>(res.Item) : undefined;
  }

  /** Active and revoked accounts, by name (one Query on gsi1's OPERATORS partition). */
  async list(): Promise<OperatorRecord[]> {
    return collectPages((cursor) => queryIndex<OperatorRecord>(this.ddb, this.tableName, { index: 'gsi1', pk: LIST_PK, limit: 200, cursor }));
  }

  /** Marks the account revoked and deletes its token item: the token stops working at once. */
  async revoke(name: string): Promise<OperatorRecord> {
    const current = await this.get(name);
    if (!current || current.revokedAt) throw operatorNotFound();
    const revokedAt = this.now().toISOString();
    try {
      await this.ddb.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: operatorKey(name),
                UpdateExpression: 'SET revokedAt = :t',
                ConditionExpression: 'tokenHash = :h AND attribute_not_exists(revokedAt)',
                ExpressionAttributeValues: { ':t': revokedAt, ':h': current.tokenHash },
              },
            },
            { Delete: { TableName: this.tableName, Key: tokenKey(current.tokenHash) } },
          ],
        }),
      );
    } catch (err) {
      // Revoked (or reissued) by someone else meanwhile: this name has no account to revoke now.
      if (err instanceof TransactionCanceledException) throw operatorNotFound();
      throw err;
    }
    return { ...current, revokedAt };
  }

  /** The account a bearer token belongs to, if it is active. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (!/^aso_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const hash = sha256(token);
    const link = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: tokenKey(hash), ConsistentRead: true }));
    const name = link.Item?.name as string | undefined;
    if (!name) return undefined;
    return this.active(name, hash);
  }

  /** The account by name when it is still active (sessions re-check this on every request). */
  async active(name: string, expectedHash?: string): Promise<Principal | undefined> {
    const op = await this.get(name);
    if (!op || op.revokedAt) return undefined;
    if (expectedHash !== undefined && !safeEqual(op.tokenHash, expectedHash)) return undefined;
    return { name: op.name, role: op.role };
  }

  /** Whether any operator was ever created (then there is no open mode any more, even after revokes). */
  async everHadOperators(): Promise<boolean> {
    const res = await this.ddb.send(new GetCommand({ TableName: this.tableName, Key: MARKER_KEY }));
    return res.Item !== undefined;
  }
}
