import type { Category } from '../../canonical/canonical.ts';

/**
 * The rules an after-sales team reads and changes: keyword lists per category and per tier signal,
 * Chinese and English. First matching category rule wins, in this order (the domain page's shares:
 * product 35%, logistics 28%, usage 20%, service 10%, other 7%; more specific signals first).
 */
export const CATEGORY_RULES: readonly { category: Category; keywords: readonly string[] }[] = [
  { category: 'other', keywords: ['定制', '私人订制', 'customised', 'customized', 'custom-made', 'personalised', 'personalized', '恶意', 'malicious'] },
  { category: 'logistics', keywords: ['物流', '快递', '没收到', '未收到', '丢件', '延误', '停滞', '破损', '压坏', '摔碎', 'courier', 'delivery', 'delayed', 'lost parcel', 'not received', 'damaged in transit', 'damaged', 'broken', 'crushed', 'tracking'] },
  { category: 'product_mismatch', keywords: ['色差', '颜色', '尺码', '偏小', '偏大', '不符', '与描述', '假货', '没有加热', 'colour', 'color', 'size', 'too small', 'too large', 'not as described', 'does not match', 'fake', 'missing function'] },
  { category: 'usage', keywords: ['连不上', '无法连接', '不会用', '过敏', '少配件', '缺配件', '安装', 'won\'t connect', 'cannot connect', 'pairing', 'allergy', 'allergic', 'missing parts', 'assembly', 'how to use'] },
  { category: 'service', keywords: ['态度', '不回复', '回复慢', '推卸', '敷衍', 'attitude', 'rude', 'slow reply', 'no reply', 'ignored', 'blame'] },
];

/** Personal-safety words: always urgent (spoiled food, electrical leakage, allergic reaction, fire, injury). */
export const SAFETY_KEYWORDS = ['变质', '发霉', '漏电', '触电', '过敏', '起火', '冒烟', '爆炸', '受伤', '烫伤', 'spoiled', 'rotten', 'mould', 'mold', 'electric leakage', 'electrical leakage', 'electric shock', 'allergic reaction', 'fire', 'smoke', 'explode', 'injury', 'injured', 'burn'] as const;
/** Order tags that make time critical. */
export const URGENT_TAGS = ['perishable', 'fresh', 'gift', 'flowers', 'birthday', 'holiday'] as const;
/** Words and tags that send a complaint to manual review (dispute tier). */
export const DISPUTE_KEYWORDS = ['定制', 'customised', 'customized', 'custom-made', '恶意', 'malicious', '拒收', 'chargeback', '拒付'] as const;
export const DISPUTE_TAGS = ['custom', 'customised', 'customized'] as const;
/** Repeated claims by the same customer at or above this count of PRIOR complaints → dispute. */
export const REPEAT_CLAIMS_THRESHOLD = 2;

/** Case-insensitive; provider codes like `PRODUCT_NOT_RECEIVED` read as words. */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const t = text.toLowerCase().replace(/[_]+/g, ' ');
  return keywords.filter((k) => t.includes(k.toLowerCase()));
}
