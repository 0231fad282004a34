import type { ProviderId } from './types.ts';

/**
 * Documented default secrets for LOCAL development only, so that the samples in `events/` verify out
 * of the box. Used only when the stage is `local` and no `WEBHOOK_SECRET_<ID>` is set; a deployed
 * stack reads Secrets Manager and never falls back to these. None of them protects anything real.
 * For public-key providers the value is a throwaway test public key; its private half lives in
 * `events/keys/` for the sample signer.
 */
export const LOCAL_DEFAULT_SECRETS: Record<ProviderId, { secret: string; extra?: Record<string, string> }> = {
  standard: { secret: 'whsec_bG9jYWwtc3RhbmRhcmQtd2ViaG9va3Mtc2VjcmV0LTAx' },
  shopify: { secret: 'local-shopify-app-secret' },
  woocommerce: { secret: 'local-woocommerce-secret' },
  douyin: { secret: 'local-douyin-app-secret', extra: { APP_KEY: '7000000000000000001' } },
  aftership: { secret: 'local-aftership-secret' },
  '17track': { secret: 'local-17track-key' },
  kuaidi100: { secret: 'local-kuaidi100-salt' },
  easypost: { secret: 'local-easypost-secret' },
  stripe: { secret: 'whsec_local_stripe_endpoint_secret' },
  paypal: { secret: 'PLACEHOLDER' },
  alipay: { secret: 'PLACEHOLDER' },
  wechatpay: { secret: 'PLACEHOLDER' },
};
