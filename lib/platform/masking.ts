/**
 * Personal data never leaves the service in clear: API output carries masked contacts, and every
 * log string passes `scrubPii`. Masks keep enough to recognise a customer on the phone
 * (country code, prefix, last four digits; first letter and domain of an e-mail).
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length <= 4) return '****';
  const plus = digits.startsWith('+') ? '+' : '';
  const d = digits.replace('+', '');
  // +86 138 ****5678: keep a country code of up to 2 digits only when the number is long enough to carry one.
  const cc = plus && d.length > 11 ? d.slice(0, d.length - 11) : '';
  const national = d.slice(cc.length);
  const head = national.length > 7 ? national.slice(0, 3) : '';
  return `${plus}${cc}${head}****${national.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***@${email.slice(at + 1)}`;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 7+ digits, optionally with a leading + and single spaces/dashes between groups. Not preceded or
// followed by a letter, digit, dot, colon or dash-digit, so ISO timestamps, UUIDs and decimal
// amounts stay readable.
const PHONE = /(?<![\w.:-])\+?\d(?:[ -]?\d){6,}(?![\w:.]|-\d)/g;

/** Masks e-mails and phone-number-like digit runs inside free text. */
export function scrubPii(text: string): string {
  if (!/\d{4}|@/.test(text)) return text;
  return text.replace(EMAIL, (m) => maskEmail(m)).replace(PHONE, (m) => maskPhone(m));
}
