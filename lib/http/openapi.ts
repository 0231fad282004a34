import generated from './openapi-schemas.json' with { type: 'json' };
import type { OpenApiSchemas } from './openapi-schemas.ts';

/**
 * OpenAPI 3.1 document. Its schemas are the route schemas' JSON Schema, generated from the zod
 * schemas into `openapi-schemas.json` (`npm run openapi:schemas`; a test fails when the file and
 * the schemas differ), so the function needs neither zod's JSON Schema generator nor the
 * documentation-only response schemas.
 */
export function openApiDocument(s: OpenApiSchemas = generated as OpenApiSchemas): Record<string, unknown> {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
  const errors = Object.fromEntries(
    [
      ['400', 'invalid request'],
      ['401', 'missing or invalid credentials / signature'],
      ['403', 'role not allowed (`forbidden`) or a cookie request failed the same-origin / CSRF check (`csrf_failed`)'],
      ['404', 'not found'],
      ['503', 'storage or queue unavailable'],
    ].map(([code, d]) => [code, json(ref('Error'), d)]),
  );
  const queryParams = (properties: Record<string, unknown>) => Object.entries(properties).map(([name, sch]) => ({ name, in: 'query', required: false, schema: sch }));
  const list = (item: string) => ({ type: 'object', properties: { items: { type: 'array', items: ref(item) }, nextCursor: { type: 'string' } }, required: ['items'] });
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

  return {
    openapi: '3.1.0',
    info: { title: 'after-sales webhook hub', version: '0.1.0', description: 'Webhook intake for marketplaces, couriers and payment providers; complaint records, stall alerts and proactive notifications.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an operator token (`aftersales-hub operators add`) or API_TOKEN (the built-in admin)' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'hub_session',
          description: 'browser session from POST /session; state-changing requests must be same-origin (Origin / Sec-Fetch-Site) and send the page CSRF token as `x-csrf-token` or form field `_csrf`',
        },
      },
      schemas: s.components,
    },
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      '/health': { get: { summary: 'storage and queues answer', security: [], responses: { '200': json({ type: 'object', properties: { ok: { const: true } } }), '503': json({ type: 'object' }, 'not ready') } } },
      '/webhooks/{provider}': {
        post: {
          summary: 'receive one provider delivery (signature-verified)',
          security: [],
          parameters: [{ name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: [...s.providerIds] } }],
          requestBody: { required: true, content: { 'application/json': { schema: {} }, 'application/x-www-form-urlencoded': { schema: {} } } },
          responses: {
            '200': { description: "stored durably and queued; the provider's required ack body (e.g. Alipay `success`) or {received,id}" },
            '202': json({ type: 'object' }, 'signed correctly but not understood: kept in quarantine'),
            ...errors,
            '413': json(ref('Error'), 'body larger than the limit'),
            '415': json(ref('Error'), 'content type or encoding the provider never sends'),
          },
        },
      },
      '/complaints': { get: { summary: 'list complaints (index-backed filters, cursor pagination)', parameters: queryParams(s.queries.complaintList), responses: { '200': json(list('Complaint')), ...errors } } },
      '/complaints/{id}': {
        get: { summary: 'one complaint with its timeline', parameters: [idParam], responses: { '200': json(ref('Complaint')), ...errors } },
        patch: {
          summary: 'operator update: legal status transitions, owner, note; optimistic concurrency via version or If-Match',
          parameters: [idParam, { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: s.bodies.complaintPatch } } },
          responses: { '200': json(ref('Complaint')), '409': json(ref('Error'), 'version conflict or illegal transition'), ...errors },
        },
      },
      '/complaints/{id}/timeline': {
        get: { summary: 'the timeline, paged, oldest first; `actor` names the operator, provider or "system"', parameters: [idParam, ...queryParams(s.queries.timeline)], responses: { '200': json(ref('TimelinePage')), ...errors } },
      },
      '/complaints/{id}/reveal': {
        post: {
          summary: 'role agent/admin: the raw phone / e-mail of this complaint, once per call; written to the timeline with the operator name (viewer: 403)',
          parameters: [idParam],
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } },
          responses: { '200': json(ref('Reveal')), ...errors },
        },
      },
      '/alerts': {
        get: {
          summary: 'stall alerts (type=logistics_stall, paged) or quality alerts (type=quality_batch) by state',
          parameters: queryParams(s.queries.alertList),
          responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: { oneOf: [ref('Alert'), ref('QualityAlert')] } }, nextCursor: { type: 'string' } }, required: ['items'] }), ...errors },
        },
      },
      '/incidents/{incidentId}/notifications/{orderId}/retry': {
        post: {
          summary: 'role agent/admin: queue a failed proactive notification again',
          parameters: [
            { name: 'incidentId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '202': json({ type: 'object', properties: { notificationId: { type: 'string' }, queued: { const: true } }, required: ['notificationId', 'queued'] }, 'queued'),
            '409': json(ref('Error'), 'the notification is not failed'),
            ...errors,
          },
        },
      },
      '/operators': {
        get: { summary: 'role admin: operator accounts (never tokens)', responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('Operator') } }, required: ['items'] }), ...errors } },
        post: {
          summary: 'role admin: create an operator; the answer holds its token, the only time it is shown',
          requestBody: { required: true, content: { 'application/json': { schema: s.bodies.operatorCreate } } },
          responses: { '201': json(ref('OperatorCreated'), 'created'), '409': json(ref('Error'), 'an active operator has that name'), ...errors },
        },
      },
      '/operators/{name}': {
        delete: { summary: 'role admin: revoke an operator; its token and sessions stop working at once', parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json(ref('Operator')), ...errors } },
      },
      '/session': {
        post: {
          summary: 'browser sign-in: trade a token for the hub_session cookie (HttpOnly, SameSite=Strict, Secure on https), 303 to /',
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: s.bodies.session }, 'application/x-www-form-urlencoded': { schema: s.bodies.session } } },
          responses: { '303': { description: 'signed in; Set-Cookie hub_session' }, '401': json(ref('Error'), 'invalid or revoked token'), '403': json(ref('Error'), 'cross-origin sign-in refused (csrf_failed)') },
        },
      },
      '/session/logout': { post: { summary: 'end the browser session', responses: { '303': { description: 'signed out; cookie cleared' }, ...errors } } },
      '/desk/complaints.csv': { get: { summary: 'CSV export of a filtered complaint list (contacts masked)', parameters: queryParams(s.queries.complaintList).filter((p) => p.name !== 'cursor' && p.name !== 'limit'), responses: { '200': { description: 'text/csv' }, ...errors } } },
      '/notifications': { get: { summary: 'proactive notifications by incident, batch or order', parameters: queryParams(s.queries.notificationList), responses: { '200': json(list('Notification')), ...errors } } },
      '/quarantine': { get: { summary: 'deliveries kept because they could not be understood', responses: { '200': json({ type: 'object' }), ...errors } } },
      '/quarantine/{id}/replay': { post: { summary: "re-run a quarantined delivery through today's adapter", parameters: [idParam], responses: { '202': json({ type: 'object' }, 'replayed'), '422': json({ type: 'object' }, 'still not understood'), ...errors } } },
      '/deliveries/ignored': {
        get: {
          summary: 'deliveries of topics the adapters ignore, counted per arrival day, provider and topic (never stored in full)',
          parameters: ['from', 'to'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, description: name === 'to' ? 'last UTC day, default today' : 'first UTC day, default 6 days before `to`; at most 31 days' })),
          responses: {
            '200': json({
              type: 'object',
              required: ['from', 'to', 'total', 'items'],
              properties: {
                from: { type: 'string' },
                to: { type: 'string' },
                total: { type: 'integer' },
                items: { type: 'array', items: { type: 'object', required: ['day', 'provider', 'topic', 'count'], properties: { day: { type: 'string' }, provider: { type: 'string' }, topic: { type: 'string' }, count: { type: 'integer' } } } },
              },
            }),
            ...errors,
          },
        },
      },
      '/deliveries/{provider}/{deliveryId}': {
        get: {
          summary: 'audit view of one delivery (never its payload)',
          parameters: [
            { name: 'provider', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'deliveryId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': json({ type: 'object' }), ...errors },
        },
      },
      '/stats': {
        get: {
          summary: 'counts by category, tier and status; SLA breaches; medians; `breakdown=sku,batch` adds bySku and byBatch (these read one counter per SKU or batch)',
          parameters: queryParams(s.queries.stats),
          responses: { '200': json(ref('Stats')), ...errors },
        },
      },
      '/carrier-delays': { get: { summary: 'carrier delay ledger: delayed orders and compensation owed per carrier', responses: { '200': json({ type: 'object' }), ...errors } } },
      '/stall-scan': { post: { summary: 'run a stall scan now', responses: { '200': json({ type: 'object' }), ...errors } } },
      '/openapi.json': { get: { summary: 'this document', security: [], responses: { '200': json({ type: 'object' }) } } },
      '/docs': { get: { summary: 'API documentation page', security: [], responses: { '200': { description: 'HTML' } } } },
    },
  };
}
