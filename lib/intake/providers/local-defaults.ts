import type { ProviderId } from './index.ts';

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
  paypal: { secret: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqJIkBo9dXulJjHvZOdD1
2s0uVjNtQQR41RRNgG9GhwmYLwLr9AsXeq5KL9UM1ysOnoq4UccrgPheHeiVqvHQ
Om+x6HKxLAknCMifxFCsCN1yPByFk5Z/BpzFZcbnV3YCrrkbcJriOMYjc1cYYetd
4lyU1+2DisPapDHYWqkYpMAjzdgg47TxUUln0MiEJGeFNegB0vle0/gmgskHNUQF
44P4vlnCg77O/vVTvQ3aYi9AB3SVaV6bnTQ4R9po00eCC0Q6BTdl3CPs+KhJKyuo
lTGq93drGxYClvNUyoWst7+p8e0n5eDd73DcTEsLAf7/Rl1sAuCX5G5jn/5KEpwU
LQIDAQAB
-----END PUBLIC KEY-----`, extra: { WEBHOOK_ID: 'WH-LOCAL-0000000000000000' } },
  alipay: { secret: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlOtjguZAKc2pwr0ZnqPv
n9Am6FEd7wH5BbUmOfofzYVMUfeb7sf3orpJxN2Gxlgf9Oxbq+kfRhKcud4/Frm6
3B14TTp+RMKIODLlup/y9plT2HfeBNejqKWzL90J6SpxA0QIz8/8uilw5utgARaN
zfFtPywlAjy8HLvdjLukIlDPAXTDC3kRoTFmG2E7rspNTKmd63xqISMpu2Fu9JOZ
SuoddgjHriIh2CLbZ/HbYMVjUhYHjoilOW0A55SopRqfjsV87vn2hX6XvhaJ1X6X
sPh+jCRo+09F+hov5QxVAe52jBKzk8qjzFFl6OycXw50vl7HLcMcR+itBg5cY6pO
mwIDAQAB
-----END PUBLIC KEY-----` },
  wechatpay: { secret: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAliboNQq3VVH1AD3bDyUH
iHwqCJ9d3RPXA5uUoJcoh8jdzQ6qy+gM6tLXiMLezRppzkBV7lwPaz7f5UuHcg2g
ST8gmvTlIcmdkXbaOpSfZddSGBHU0P1EdQiORmevsXuPgR0qYA/mxxkgtM8I5R8h
Y+cDokNTSFccXeqsHprL3a94cxMghnudpGEy9mmQqPK3I9rLy1OYiwo1aZA1Gewo
TCFCxwkAU2vq92o09o9VietxVIAkibVRQ6khpnqxKc5TSCc7QSmXQtEq+Ezx5CrT
zwqsFE7bT9xWsapYcG3E1U4VoEe1haDLpsdDeNF/8NFUsBg1Bk6czdBeQYNJLcK3
1wIDAQAB
-----END PUBLIC KEY-----`, extra: { APIV3_KEY: 'local0wechatpay0apiv3key00000032' } },
};
