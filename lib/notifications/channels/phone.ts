/**
 * Phone numbers as shops send them: `+86 138 0013 8000`, `13800138000`, `0086-138...`, `+1 (206) 555-0100`.
 * Pure helpers; none of them logs or returns anything but the number itself.
 */

/** Digits with a leading `+`; `00` international prefix → `+`; an 11-digit number starting with 1[3-9] is taken as mainland China (+86). */
export function toE164(raw: string): string | undefined {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  if (!digits) return undefined;
  if (trimmed.startsWith('+')) return validE164(`+${digits}`);
  if (digits.startsWith('00')) return validE164(`+${digits.slice(2)}`);
  if (isMainlandMobileNational(digits)) return `+86${digits}`;
  // Without a country code we cannot know the country: refuse rather than guess.
  return undefined;
}

/** E.164: `+`, a non-zero digit, at most 15 digits in all (ITU-T E.164). */
const validE164 = (s: string) => (/^\+[1-9]\d{6,14}$/.test(s) ? s : undefined);

/** Mainland-China mobile numbers: 11 digits, `1[3-9]xxxxxxxxx` (MIIT numbering plan). */
const isMainlandMobileNational = (d: string) => /^1[3-9]\d{9}$/.test(d);

/**
 * A mainland-China mobile number, in the 11-digit national form Alibaba Cloud SendSms takes for
 * domestic messages (`PhoneNumbers`: "国内短信：11 位手机号码"), or undefined for any other number
 * (Hong Kong +852, Macao +853 and Taiwan +886 are international routes for Aliyun).
 */
export function mainlandChinaMobile(raw: string): string | undefined {
  const e164 = toE164(raw);
  if (!e164?.startsWith('+86')) return undefined;
  const national = e164.slice(3);
  return isMainlandMobileNational(national) ? national : undefined;
}
