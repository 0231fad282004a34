import type { EventConfirmer } from './event-confirmer.ts';
import type { InboundRequest, ProviderSecrets } from './providers/types.ts';

/**
 * PayPal's own verdict on a delivery: `POST /v1/notifications/verify-webhook-signature` with the
 * five transmission headers, our webhook id and the event, authenticated with an OAuth2
 * client-credentials token (developer.paypal.com/api/webhooks/v1/#verify-webhook-signature).
 * PayPal answers `{"verification_status":"SUCCESS"|"FAILURE"}`. The event is sent as the parsed raw
 * body, never re-built from our parse, so PayPal judges exactly what we received.
 *
 * Deployed this closes the CRC32 gap of the offline check (a forged body with the captured
 * headers' CRC32 fails PayPal's own comparison). Locally it is off: PayPal cannot be reached and
 * simulator events cannot be confirmed (PayPal docs). Credentials are the provider's second keys
 * `CLIENT_ID` / `CLIENT_SECRET`; they are sent only to `apiBase`, which is configuration, never a
 * header of the request (PAYPAL-CERT-URL is attacker-controlled).
 */
export interface PaypalEventConfirmerOptions {
  /** `https://api-m.paypal.com` (live) or `https://api-m.sandbox.paypal.com`; tests point it at a local server. */
  apiBase: string;
  /** Per-call deadline; the ack path must stay under the provider's timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class PaypalEventConfirmer implements EventConfirmer {
  private token?: { value: string; expiresAt: number };

  constructor(private readonly o: PaypalEventConfirmerOptions) {}

  async confirm(req: InboundRequest, secrets: ProviderSecrets): Promise<'confirmed' | 'rejected'> {
    const webhookId = secrets.extra.WEBHOOK_ID;
    if (!webhookId) return 'rejected';
    const h = req.headers;
    const body = {
      auth_algo: h['paypal-auth-algo'],
      cert_url: h['paypal-cert-url'],
      transmission_id: h['paypal-transmission-id'],
      transmission_sig: h['paypal-transmission-sig'],
      transmission_time: h['paypal-transmission-time'],
      webhook_id: webhookId,
      webhook_event: JSON.parse(req.rawBody.toString('utf8')) as unknown,
    };
    const res = await this.call('/v1/notifications/verify-webhook-signature', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.accessToken(secrets)}` },
      body: JSON.stringify(body),
    });
    if (res.status === 401) this.token = undefined; // expired early: the next call fetches a new one
    if (!res.ok) throw new Error(`verify-webhook-signature answered ${res.status}`);
    const verdict = ((await res.json()) as { verification_status?: string }).verification_status;
    return verdict === 'SUCCESS' ? 'confirmed' : 'rejected';
  }

  private async accessToken(secrets: ProviderSecrets): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const id = secrets.extra.CLIENT_ID;
    const secret = secrets.extra.CLIENT_SECRET;
    if (!id || !secret) throw new Error('PayPal client credentials are not configured');
    const res = await this.call('/v1/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    // Never echo the body: a failed token call may describe the credentials.
    if (!res.ok) throw new Error(`PayPal token endpoint answered ${res.status}`);
    const t = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!t.access_token) throw new Error('PayPal token endpoint returned no token');
    // Renew a minute early so a token never expires between our check and PayPal's.
    this.token = { value: t.access_token, expiresAt: Date.now() + Math.max(0, (t.expires_in ?? 0) - 60) * 1000 };
    return t.access_token;
  }

  private call(path: string, init: RequestInit): Promise<Response> {
    return (this.o.fetch ?? fetch)(new URL(path, this.o.apiBase), { ...init, redirect: 'error', signal: AbortSignal.timeout(this.o.timeoutMs ?? 3_000) });
  }
}

/**
 * Deployed wiring: on when `PAYPAL_VERIFY_API_BASE` is set (the stack sets it to PayPal's API host),
 * off otherwise — the local default.
 */
export function confirmersFor(config: { PAYPAL_VERIFY_API_BASE?: string }): Record<string, EventConfirmer> {
  const apiBase = config.PAYPAL_VERIFY_API_BASE;
  return apiBase ? { paypal: new PaypalEventConfirmer({ apiBase }) } : {};
}
