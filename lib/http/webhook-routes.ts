import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError } from '../errors.ts';
import { acceptDelivery } from '../intake/accept-delivery.ts';
import type { Runtime } from '../runtime.ts';
import type { AppEnv } from './app.ts';

/** `POST /webhooks/:provider` (contract §1). */
export function webhookRoutes(rt: Runtime) {
  const app = new Hono<AppEnv>();
  app.post(
    '/:provider',
    bodyLimit({
      maxSize: rt.config.BODY_LIMIT_BYTES,
      onError: (c) =>
        c.json({ error: { code: 'payload_too_large', message: `body exceeds ${rt.config.BODY_LIMIT_BYTES} bytes`, requestId: c.get('requestId') } }, 413),
    }),
    async (c) => {
      const provider = c.req.param('provider');
      c.set('provider', provider.slice(0, 40));
      // No provider compresses webhook bodies; refusing encodings closes the zip-bomb door.
      const encoding = c.req.header('content-encoding');
      if (encoding && encoding.toLowerCase() !== 'identity') {
        throw new HttpError(415, 'unsupported_content_encoding', 'compressed bodies are not accepted');
      }
      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      const rawBody = Buffer.from(await c.req.arrayBuffer());
      const outcome = await acceptDelivery(provider, { headers, rawBody, receivedAt: rt.now() }, rt.acceptDeps);
      switch (outcome.kind) {
        case 'quarantined':
          rt.logger.warn('delivery quarantined', { requestId: c.get('requestId'), provider, deliveryId: outcome.deliveryId, reason: outcome.reason });
          return c.json({ received: true, id: outcome.deliveryId, quarantined: true, reason: outcome.reason }, 202);
        case 'handshake':
        case 'accepted':
          return c.body(outcome.ack.body, outcome.ack.status as 200, { 'content-type': outcome.ack.contentType });
      }
    },
  );
  return app;
}
