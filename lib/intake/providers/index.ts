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
import type { ProviderAdapter } from './types.ts';
import type { ProviderId } from '../provider-ids.ts';

/**
 * THE registry of provider adapters: ids, kinds, content types and secrets' names derive from it;
 * the local default secrets and the sample signers are typed by its ids, so the compiler names any
 * provider they miss. Adding a provider: one file, one line here and its id in ../provider-ids.ts, a sample, a signer, a test.
 */
export const providers = {
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
} as const satisfies Record<ProviderId, ProviderAdapter<any, any>>;

export { PROVIDER_IDS, type ProviderId } from '../provider-ids.ts';

export function getProvider(id: string): ProviderAdapter<any, any> | undefined {
  return Object.hasOwn(providers, id) ? providers[id as ProviderId] : undefined;
}

export * from './types.ts';
