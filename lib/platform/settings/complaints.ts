import '../zod-locale.ts';
import { int, list, num, numberMap } from './kinds.ts';

/** The complaint engine: SLA clocks, high-value and quality thresholds, currency conversion. */
export const complaintSettings = {
  SUPPORT_TEAM: list(''),
  HIGH_VALUE_CNY: num(2000),
  FX_RATES_TO_CNY: numberMap('CNY=1,USD=7.1,EUR=7.7,GBP=9.0,HKD=0.91,JPY=0.047,CAD=5.2,AUD=4.7,SGD=5.3,CLP=0.0076'),
  SLA_URGENT_FIRST_RESPONSE_MINUTES: num(15),
  SLA_URGENT_RESOLUTION_HOURS: num(4),
  SLA_ROUTINE_FIRST_RESPONSE_MINUTES: num(60),
  SLA_ROUTINE_REVIEW_HOURS: num(24),
  SLA_ROUTINE_RESOLUTION_HOURS: num(48),
  SLA_DISPUTE_FIRST_RESPONSE_MINUTES: num(30),
  SLA_DISPUTE_RESOLUTION_HOURS: num(72),
  /** 回访: the follow-up call is due this many hours after a complaint completes. */
  SLA_FOLLOW_UP_HOURS: num(24),
  /** A provider time further than this in the future starts SLA clocks at receipt instead. */
  CLOCK_SKEW_MINUTES: num(5),
  /** Quality signal: this many complaints about one SKU / product batch within the window open one alert. */
  QUALITY_ALERT_THRESHOLD: int(3, 1),
  QUALITY_ALERT_WINDOW_DAYS: num(7, 0.01),
  QUALITY_ALERT_CATEGORIES: list('product_mismatch,usage'),
};
