/**
 * The provider ids without their adapters, for modules that only name providers (the operator
 * API's OpenAPI document), so they do not bundle all twelve adapters. The registry in providers/index.ts
 * must hold exactly one adapter per id (its `satisfies` makes the compiler check both ways).
 */
export const PROVIDER_IDS = ['shopify', 'woocommerce', 'douyin', 'standard', 'aftership', '17track', 'kuaidi100', 'easypost', 'stripe', 'paypal', 'alipay', 'wechatpay'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
