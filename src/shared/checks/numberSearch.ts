/**
 * What a typed search may match of people's ID and phone numbers: the one rule every search and
 * filter that takes a number follows.
 *
 * A reader who may see the numbers in full (`person.unmask`) finds a person by any part of them:
 * the last digits of an ID number, the start or the end of a phone. A reader who sees them masked
 * finds a person only by the whole number, or by the characters the mask already shows them (the
 * last 4 of an ID number, the first 3 or the last 4 of a mobile, or a mask typed as a list shows
 * it: `2201**********1234`). Anything else matches nobody, decided from the query alone and before
 * the database is asked: so the answer (what is found, how many, how fast) never depends on a
 * hidden digit. Otherwise one digit more at a time, "is the person still found?", gives the whole
 * number back in a few dozen searches.
 */
import { normaliseIdentifier } from './identifier.js';
import { idNumberShownEnds, parseResidentId } from './idNumber.js';
import { normaliseMobile, phoneShownEnds } from './phone.js';

export type NumberField = 'idNumber' | 'phone';

/**
 * A whole ID number as typed into a lookup, as it is stored: full-width digits and spaces
 * normalised, `x` as `X`, a legacy 15-digit number converted to 18.
 */
export const wholeIdNumber = (raw: string): string => {
  const q = normaliseIdentifier(raw);
  if (q.length === 15) {
    const legacy = parseResidentId(q, '9999-12-31');
    if (legacy.ok) return legacy.value.idNumber;
  }
  return q;
};

/** A whole phone number as typed into a lookup, as it is stored (a mobile without +86). */
export const wholePhone = (raw: string): string => {
  const q = normaliseIdentifier(raw);
  return normaliseMobile(q) ?? q;
};

/** Numbers of one field that start with `head`, end with `tail` and have the length asked. */
export interface NumberTerm {
  field: NumberField;
  /** '' for any start */
  head: string;
  /** '' for any end */
  tail: string;
  /** exactly this long (a whole number, a typed mask); null for any length from `minLength` */
  length: number | null;
  /** a shorter number's mask shows fewer characters than the query names: it is not matched */
  minLength: number;
}

/** true when the term names one whole number (an equality, not a range) */
export const isWholeNumber = (t: NumberTerm): boolean => t.tail === '' && t.length === t.head.length;

const shown = (field: NumberField, length: number) => {
  if (field === 'phone') return phoneShownEnds(length);
  const keep = idNumberShownEnds(length);
  return { head: keep, tail: keep };
};

/** May a reader who sees the field masked look for numbers of this length with these ends? */
const withinMask = (field: NumberField, length: number, head: string, tail: string) => {
  const s = shown(field, length);
  return head.length <= s.head && tail.length <= s.tail;
};

/**
 * The length from which on every number's mask shows `head` and `tail` entire (numbers are at most
 * 40 long; a short phone shows all of itself, a long one only its ends, so this counts down).
 */
const shortestShowing = (field: NumberField, head: string, tail: string) => {
  const longest = 40;
  if (!withinMask(field, longest, head, tail)) return Infinity;
  let n = longest;
  while (n > head.length + tail.length && withinMask(field, n - 1, head, tail)) n -= 1;
  return n;
};

/** Numbers of the field with these ends, of any length that keeps the search within what the reader sees. */
const ends = (field: NumberField, head: string, tail: string, mayUnmask: boolean): NumberTerm[] => {
  if (mayUnmask) return [{ field, head, tail, length: null, minLength: 0 }];
  const minLength = shortestShowing(field, head, tail);
  return Number.isFinite(minLength) ? [{ field, head, tail, length: null, minLength }] : [];
};

const whole = (field: NumberField, value: string): NumberTerm => ({ field, head: value, tail: '', length: value.length, minLength: value.length });

/**
 * The number terms of a typed query, in the order their hits are listed; none when the query is
 * not a number (a name, an address) or asks more than the reader may see.
 */
export const numberTerms = (raw: string, mayUnmask: boolean): NumberTerm[] => {
  const q = normaliseIdentifier(raw);
  // a mask typed or pasted as a list shows it: the characters around the stars, at that length
  const mask = /^([0-9A-Z]*)\*+([0-9A-Z]*)$/.exec(q);
  if (mask) {
    const [, head, tail] = mask;
    if (head.length + tail.length < 3) return [];
    const fields: NumberField[] = /^\d*$/.test(head + tail) && (head === '' || head.startsWith('1')) ? ['idNumber', 'phone'] : ['idNumber'];
    return fields
      .filter((f) => mayUnmask || withinMask(f, q.length, head, tail))
      .map((field) => ({ field, head, tail, length: q.length, minLength: q.length }));
  }
  if (!/^\d{3,17}[\dX]?$/.test(q)) return [];
  const terms: NumberTerm[] = [];
  // an ID number in full, a mobile number from its start (in full for a masked reader), either from its end
  if (q.length === 18 || q.length === 15) terms.push(whole('idNumber', wholeIdNumber(q)));
  if (q.startsWith('1') && q.length <= 11) terms.push(...(q.length === 11 && !mayUnmask ? [whole('phone', q)] : ends('phone', q, '', mayUnmask)));
  terms.push(...ends('idNumber', '', q, mayUnmask));
  if (q.length >= 4) terms.push(...ends('phone', '', q, mayUnmask));
  return terms;
};
