import type { ProviderId } from '../../lib/intake/providers/index.ts';
import { aftershipSigner } from './aftership.ts';
import { alipaySigner } from './alipay.ts';
import { douyinSigner } from './douyin.ts';
import { easypostSigner } from './easypost.ts';
import { kuaidi100Signer } from './kuaidi100.ts';
import { paypalSigner } from './paypal.ts';
import { seventeenTrackSigner } from './17track.ts';
import { shopifySigner } from './shopify.ts';
import { standardSigner } from './standard.ts';
import { stripeSigner } from './stripe.ts';
import { wechatpaySigner } from './wechatpay.ts';
import { woocommerceSigner } from './woocommerce.ts';
import type { ProviderSigner } from './types.ts';

export const signers: Record<ProviderId, ProviderSigner> = {
  shopify: shopifySigner,
  woocommerce: woocommerceSigner,
  douyin: douyinSigner,
  standard: standardSigner,
  aftership: aftershipSigner,
  '17track': seventeenTrackSigner,
  kuaidi100: kuaidi100Signer,
  easypost: easypostSigner,
  stripe: stripeSigner,
  paypal: paypalSigner,
  alipay: alipaySigner,
  wechatpay: wechatpaySigner,
};

export type { ProviderSigner, SignedDelivery, SignOptions } from './types.ts';
