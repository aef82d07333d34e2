/**
 * PII scrubbing for free text people type (user feedback): the mobile SDK's own patterns and
 * placeholders (seed-contracts §1, "PII scrubbing"), applied again on the server because a
 * feedback message is written by a person, not by code, and is shown to everyone on the project.
 * Events are scrubbed by `scrub.ts` instead, which knows their structure.
 */
import { isLuhnValid } from './scrub.js';

// Order matters: secrets first (a JWT or token can contain digit runs), then addresses, then
// numbers, card numbers before phone numbers since both are digit runs with separators.
const PATTERNS: [RegExp, string | ((match: string) => string)][] = [
  [/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, '[token]'],
  [/\b(?:pio_live|flt)_[A-Za-z0-9]{8,}/g, '[token]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[jwt]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[email]'],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g, '[iban]'],
  [/\b(?:\d[ -]?){12,18}\d\b/g, (m) => (isLuhnValid(m.replace(/[ -]/g, '')) ? '[card]' : m)],
  [/(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\d|\.\d)/g, '[ip]'],
  [/(?<![\w@+])\+?\(?\d[\d\s().-]{6,20}\d(?![\w@])/g, (m) => (isPhoneNumber(m) ? '[phone]' : m)],
];

/**
 * Whether a run of digits and separators reads as a phone number: 9 to 15 digits (E.164), not a
 * date, and either written with a `+` or separators, or long enough (10+) not to be an order number.
 */
function isPhoneNumber(match: string): boolean {
  const digits = match.replace(/\D/g, '');
  if (digits.length < 9 || digits.length > 15) return false;
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}/.test(match)) return false;
  return match.startsWith('+') || /[\s().-]/.test(match) || digits.length >= 10;
}

/** Replaces emails, phone numbers, card numbers, IBANs, IPs, JWTs and tokens by placeholders. */
export function scrubPii(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) {
    const replace = typeof replacement === 'string' ? () => replacement : replacement;
    out = out.replace(re, replace);
  }
  return out;
}
