/**
 * The proactive delay warning (domain §4, the cherries case): say sorry, say what happened, say
 * what we are doing about it. The remedy line is configuration (a coupon, a free upgrade), the
 * rest is fixed text per locale. Pure: no I/O, no clock.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const DELAY_WARNING_TEMPLATE = 'delay_warning';

export interface DelayWarningFacts {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  promisedBy?: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  /**
   * The variable parts on their own, for channels whose wording is a provider-side pre-approved
   * template (Alibaba Cloud SMS: the project fills the variables, channels.md).
   */
  params?: { carrier: string; date: string; remedy: string };
}

/** `zh`, `zh_CN`, `zh-Hans-CN` → zh-CN; `en-GB` → en; anything else → the default. */
export function resolveLocale(requested: string | undefined, fallback: Locale): Locale {
  const l = (requested ?? '').toLowerCase().replace('_', '-');
  if (l.startsWith('zh')) return 'zh-CN';
  if (l.startsWith('en')) return 'en';
  return fallback;
}

export function renderDelayWarning(locale: Locale, f: DelayWarningFacts, remedy: Record<Locale, string>): RenderedMessage {
  const day = f.promisedBy?.slice(0, 10);
  const params = { carrier: f.carrier, date: day ?? '', remedy: remedy[locale] };
  if (locale === 'zh-CN') {
    return {
      params,
      subject: `订单 ${f.orderId} 物流延误提醒`,
      text: [
        `您好，非常抱歉地通知您：与您的订单 ${f.orderId}（${f.carrier} ${f.trackingNumber}）同批发出的包裹在运输途中出现延误，物流信息已较长时间没有更新，您的包裹可能会${day ? `晚于承诺的 ${day} ` : '晚于预期'}送达。`,
        `我们已联系快递公司核实原因并全程跟进。${remedy['zh-CN']}`,
        '如有任何问题，请直接回复此消息，我们会第一时间为您处理。',
      ].join('\n'),
    };
  }
  return {
    params,
    subject: `Delivery delay for order ${f.orderId}`,
    text: [
      `We are sorry: parcels shipped together with your order ${f.orderId} (${f.carrier} ${f.trackingNumber}) are delayed in transit and their tracking has not updated for a while, so yours may arrive later than ${day ? `the promised ${day}` : 'expected'}.`,
      `We have contacted the carrier and are following it closely. ${remedy.en}`,
      'Reply to this message if there is anything we can do for you.',
    ].join('\n'),
  };
}
