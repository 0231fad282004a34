/** Dashboard labels. `?lang=zh|en` wins, then Accept-Language, then Chinese (the teams' working language). */
export const LABELS = {
  en: {
    title: 'After-sales desk',
    lanes: { under_review: 'Under review', awaiting_return: 'Awaiting return', returning: 'Returning', processing: 'Processing', completed: 'Completed' },
    tiers: { urgent: 'Urgent', routine: 'Routine', dispute: 'Dispute' },
    categories: { product_mismatch: 'Not as described', logistics: 'Logistics', usage: 'Usage', service: 'Service attitude', other: 'Other / special' },
    board: 'Complaint board',
    alerts: 'Open stall alerts',
    hoursWithoutUpdate: 'h without update',
    fanout: 'Batch notifications',
    quarantine: 'Quarantine',
    replay: 'Replay',
    byCategory: 'Complaints by category',
    byTier: 'Complaints by tier',
    resolution: 'Median time to resolution (minutes) by day',
    breached: 'SLA breached',
    due: 'due in',
    overdue: 'overdue by',
    none: 'Nothing here',
    total: 'complaints',
    status: { queued: 'queued', sent: 'sent', failed: 'failed', skipped: 'skipped' },
  },
  zh: {
    title: '售后工作台',
    lanes: { under_review: '审核中', awaiting_return: '待退货', returning: '退货中', processing: '处理中', completed: '已完成' },
    tiers: { urgent: '一级 紧急', routine: '二级 常规', dispute: '三级 争议' },
    categories: { product_mismatch: '商品不符', logistics: '物流异常', usage: '使用问题', service: '服务态度', other: '其他特殊' },
    board: '投诉看板',
    alerts: '物流停滞告警',
    hoursWithoutUpdate: '小时无更新',
    fanout: '同批次通知',
    quarantine: '隔离区',
    replay: '重放',
    byCategory: '按问题类型',
    byTier: '按响应级别',
    resolution: '每日解决时长中位数（分钟）',
    breached: 'SLA 超时',
    due: '剩余',
    overdue: '已超时',
    none: '暂无',
    total: '条投诉',
    status: { queued: '排队', sent: '已发送', failed: '失败', skipped: '跳过' },
  },
} as const;

export type Lang = keyof typeof LABELS;

export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === 'en' || query === 'zh') return query;
  if (query?.startsWith('zh')) return 'zh';
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
