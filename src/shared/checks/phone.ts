/** Mobile numbers (with an optional +86 / 0086 prefix) and landlines. Pure, shared by forms and core. */
import { halfWidth } from './identifier.js';

const MOBILE = /^1[3-9]\d{9}$/;
/** area code 0xx(x) + 7–8 digit number, optional extension: 0438-1234567, 010-12345678-123 */
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
/** short public numbers such as 110, 12345 */
const SERVICE = /^(110|119|120|122|12345|96110)$/;

export type PhoneProblem = 'phone.characters' | 'phone.mobile' | 'phone.format';

// full-width digits and ＋ from a Chinese input method are the same number
const stripSeparators = (raw: string) => halfWidth(raw).trim().replace(/[\s()（）]/g, '');

/** Normalises a mobile number to its 11 digits; null when it is not one. */
export const normaliseMobile = (raw: string): string | null => {
  let s = stripSeparators(raw).replace(/-/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  return MOBILE.test(s) ? s : null;
};

export const checkMobile = (raw: string): { ok: true; value: string } | { ok: false; problem: PhoneProblem } => {
  const value = normaliseMobile(raw);
  if (value) return { ok: true, value };
  const s = stripSeparators(raw);
  if (!/^[+\d-]+$/.test(s)) return { ok: false, problem: 'phone.characters' };
  return { ok: false, problem: 'phone.mobile' };
};

/** A public phone number: mobile, landline or a short service number. */
export const checkPublicPhone = (raw: string): { ok: true; value: string } | { ok: false; problem: PhoneProblem } => {
  const mobile = normaliseMobile(raw);
  if (mobile) return { ok: true, value: mobile };
  const s = stripSeparators(raw);
  if (!/^[+\d-]+$/.test(s)) return { ok: false, problem: 'phone.characters' };
  if (LANDLINE.test(s) || SERVICE.test(s)) return { ok: true, value: s };
  return { ok: false, problem: 'phone.format' };
};

/**
 * What a masked phone number shows: the first 3 and the last 4 digits (a number too short to hide
 * anything in, such as 110, is shown whole). The mask and the searches of a reader who sees the
 * mask both follow this.
 */
export const phoneShownEnds = (length: number): { head: number; tail: number } =>
  length < 7 ? { head: length, tail: 0 } : { head: 3, tail: 4 };

export const maskPhone = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const { head, tail } = phoneShownEnds(value.length);
  if (head === value.length) return value;
  return `${value.slice(0, head)}${'*'.repeat(value.length - head - tail)}${value.slice(-tail)}`;
};
