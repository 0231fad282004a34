import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OperatorAccess } from '../http/operator-deps.ts';
import { OperatorStore } from '../operators/operator-store.ts';
import { SessionStore } from '../operators/session-store.ts';

/** Operator accounts and browser sessions, as both operator fronts check them (operator-api and desk). */
export function operatorAccess(o: { ddb: DynamoDBDocumentClient; tableName: string; now: () => Date; stage: string; sessionTtlSeconds?: number }): OperatorAccess {
  return {
    store: new OperatorStore(o.ddb, o.tableName, o.now),
    sessions: new SessionStore(o.ddb, o.tableName, o.now),
    /** Browser session lifetime; default 12 h (one working shift). */
    sessionTtlSeconds: o.sessionTtlSeconds ?? 12 * 3600,
    openWhenEmpty: o.stage === 'local',
  };
}
