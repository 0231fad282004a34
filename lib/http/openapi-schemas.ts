import * as z from 'zod/mini';
import '../platform/zod-locale.ts';
import { PROVIDER_IDS } from '../intake/provider-ids.ts';
import { alertSchema, complaintSchema, errorBody, notificationSchema, operatorCreated, operatorViewSchema, qualityAlertSchema, revealSchema, statsSchema, timelineEntrySchema, timelinePage } from './response-schemas.ts';
import { alertListQuery, complaintListQuery, complaintPatchBody, notificationListQuery, operatorCreateBody, sessionBody, statsQuery, timelineQuery } from './schemas.ts';

/** The parts of the OpenAPI document that come from the route schemas, as plain JSON Schema. */
export interface OpenApiSchemas {
  components: Record<string, unknown>;
  /** Query parameters per route schema: name → JSON Schema of the value. */
  queries: Record<'complaintList' | 'timeline' | 'alertList' | 'notificationList' | 'stats', Record<string, unknown>>;
  bodies: Record<'complaintPatch' | 'operatorCreate' | 'session', unknown>;
  providerIds: readonly string[];
}

/**
 * Converts the zod schemas to JSON Schema. Only `npm run openapi:schemas` and the drift test call
 * this: zod's JSON Schema generator is ~25 kB of the operator bundle and slow at cold start, so the
 * function serves the committed `openapi-schemas.json` this writes.
 */
export function openApiSchemasFromZod(): OpenApiSchemas {
  const schema = (s: z.ZodMiniType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const properties = (s: z.ZodMiniType) => (schema(s) as { properties?: Record<string, unknown> }).properties ?? {};
  // A refined object (`.check(refine)`) documents as the object it refines.
  const objectShape = (s: z.ZodMiniType) => ((s as unknown as { def?: { in?: z.ZodMiniType } }).def?.in ?? s) as z.ZodMiniType;
  return {
    components: {
      Error: schema(errorBody),
      Complaint: schema(complaintSchema),
      TimelineEntry: schema(timelineEntrySchema),
      TimelinePage: schema(timelinePage),
      Reveal: schema(revealSchema),
      Alert: schema(alertSchema),
      QualityAlert: schema(qualityAlertSchema),
      Notification: schema(notificationSchema),
      Stats: schema(statsSchema),
      Operator: schema(operatorViewSchema),
      OperatorCreated: schema(operatorCreated),
    },
    queries: {
      complaintList: properties(complaintListQuery),
      timeline: properties(timelineQuery),
      alertList: properties(alertListQuery),
      notificationList: properties(objectShape(notificationListQuery)),
      stats: properties(statsQuery),
    },
    bodies: {
      complaintPatch: schema(objectShape(complaintPatchBody)),
      operatorCreate: schema(operatorCreateBody),
      session: schema(sessionBody),
    },
    providerIds: [...PROVIDER_IDS],
  };
}
