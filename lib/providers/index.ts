import { aftership } from './aftership.ts';
import { alipay } from './alipay.ts';
import { douyin } from './douyin.ts';
import { easypost } from './easypost.ts';
import { kuaidi100 } from './kuaidi100.ts';
import { paypal } from './paypal.ts';
import { seventeenTrack } from './17track.ts';
import { shopify } from './shopify.ts';
import { standard } from './standard.ts';
import { stripe } from './stripe.ts';
import { wechatpay } from './wechatpay.ts';
import { woocommerce } from './woocommerce.ts';
import type { ProviderAdapter, ProviderId } from './types.ts';

/** The one registry of provider adapters. Adding a provider: one file, one line here, a sample, a test. */
export const providers: Record<ProviderId, ProviderAdapter<any, any>> = {
  shopify,
  woocommerce,
  douyin,
  standard,
  aftership,
  '17track': seventeenTrack,
  kuaidi100,
  easypost,
  stripe,
  paypal,
  alipay,
  wechatpay,
};

export function getProvider(id: string): ProviderAdapter<any, any> | undefined {
  return Object.hasOwn(providers, id) ? providers[id as ProviderId] : undefined;
}

export * from './types.ts';
