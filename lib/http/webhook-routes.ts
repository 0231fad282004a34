import { Hono } from 'hono';
import { scrubPii } from '../platform/masking.ts';
import { bodyLimit } from 'hono/body-limit';
import { HttpError } from '../platform/errors.ts';
import { acceptDelivery, type AcceptDeps } from '../intake/accept-delivery.ts';
import type { Logger } from '../platform/logger.ts';
import type { AppEnv } from './base-app.ts';

export interface WebhookDeps {
  accept: AcceptDeps;
  logger: Logger;
}

/** `POST /webhooks/:provider` (contract §1). */
export function webhookRoutes(d: WebhookDeps) {
  const limit = d.accept.bodyLimitBytes;
  const app = new Hono<AppEnv>();
  app.post(
    '/:provider',
    bodyLimit({
      maxSize: limit,
      onError: async (c) => {
        // Read (and drop) a bounded amount of what the client is still sending, so it gets to see
        // the 413 instead of a reset connection; past the cap the socket is simply cut.
        await drain(c.req.raw.body, 4 * limit);
        return c.json({ error: { code: 'payload_too_large', message: `body exceeds ${limit} bytes`, requestId: c.get('requestId') } }, 413);
      },
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
      const outcome = await acceptDelivery(provider, { headers, rawBody, receivedAt: d.accept.now(), query: c.req.query() }, d.accept);
      switch (outcome.kind) {
        case 'quarantined':
          d.logger.warn('delivery quarantined', { requestId: c.get('requestId'), provider, deliveryId: outcome.deliveryId, reason: outcome.reason });
          return c.json({ received: true, id: outcome.deliveryId, quarantined: true, reason: scrubPii(outcome.reason) }, 202, { 'x-delivery-id': outcome.deliveryId });
        case 'handshake':
          return c.body(outcome.ack.body, outcome.ack.status as 200, { 'content-type': outcome.ack.contentType });
        case 'accepted':
          // x-delivery-id lets tools look the delivery up (GET /deliveries/...) whatever the provider's ack body.
          return c.body(outcome.ack.body, outcome.ack.status as 200, { 'content-type': outcome.ack.contentType, 'x-delivery-id': outcome.deliveryId });
      }
    },
  );
  return app;
}

async function drain(body: ReadableStream<Uint8Array> | null, capBytes: number): Promise<void> {
  if (!body || body.locked) return;
  const reader = body.getReader();
  let seen = 0;
  try {
    while (seen <= capBytes) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
    }
    await reader.cancel();
  } catch {
    /* client went away: nothing to drain */
  }
}
