/**
 * Zod building blocks for the contract. Messages are i18n keys (under `errors.`); the router and
 * the forms turn zod issues into field errors with `toFieldErrors`.
 */
import { z } from 'zod';
import { ID_TYPES, OTHER_DOCUMENT_PATTERN, parseResidentId } from './checks/idNumber.js';
import { normaliseIdentifier } from './checks/identifier.js';
import { checkMobile, checkPublicPhone } from './checks/phone.js';
import { runtimeErrorKey, type ErrorKey, type FieldError } from './errors.js';
import { isIsoDate, isValidTimeZone } from './time.js';

/** Length in characters as a person counts them (𠮷 is one), not UTF-16 units. */
const charCount = (s: string) => [...s].length;

// Control characters other than tab and newline never belong in a typed field.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A required single-line text, trimmed, at most `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: 'required' })
    .transform((s) => s.trim())
    .check((ctx) => {
      const v = ctx.value;
      if (v.length === 0) ctx.issues.push({ code: 'custom', message: 'required', input: v });
      else if (charCount(v) > max) ctx.issues.push({ code: 'custom', message: 'tooLong', params: { max }, input: v });
      else if (CONTROL.test(v) || /[\r\n]/.test(v)) ctx.issues.push({ code: 'custom', message: 'characters', input: v });
    });

/** An optional text; empty means absent (null). Multi-line allowed when `multiline`. */
export const optionalText = (max: number, multiline = false) =>
  z
    .string({ error: 'invalidType' })
    .transform((s) => s.trim())
    .check((ctx) => {
      const v = ctx.value;
      if (charCount(v) > max) ctx.issues.push({ code: 'custom', message: 'tooLong', params: { max }, input: v });
      else if (CONTROL.test(v) || (!multiline && /[\r\n]/.test(v)))
        ctx.issues.push({ code: 'custom', message: 'characters', input: v });
    })
    .transform((s) => (s === '' ? null : s))
    .nullish()
    .transform((s) => s ?? null);

/** A person's name: letters of any script, including characters outside the BMP; no digits-only. */
export const personName = text(50);

export const mobile = z.string({ error: 'required' }).transform((raw, ctx) => {
  if (raw.trim() === '') {
    ctx.issues.push({ code: 'custom', message: 'required', input: raw });
    return z.NEVER;
  }
  const r = checkMobile(raw);
  if (!r.ok) {
    ctx.issues.push({ code: 'custom', message: r.problem, input: raw });
    return z.NEVER;
  }
  return r.value;
});

export const optionalMobile = z
  .string({ error: 'invalidType' })
  .nullish()
  .transform((raw, ctx) => {
    if (raw === null || raw === undefined || raw.trim() === '') return null;
    const r = checkMobile(raw);
    if (!r.ok) {
      ctx.issues.push({ code: 'custom', message: r.problem, input: raw });
      return z.NEVER;
    }
    return r.value;
  });

export const publicPhone = z.string({ error: 'required' }).transform((raw, ctx) => {
  if (raw.trim() === '') {
    ctx.issues.push({ code: 'custom', message: 'required', input: raw });
    return z.NEVER;
  }
  const r = checkPublicPhone(raw);
  if (!r.ok) {
    ctx.issues.push({ code: 'custom', message: r.problem, input: raw });
    return z.NEVER;
  }
  return r.value;
});

/**
 * A working phone that may be left empty: a mobile or a landline with its area code, by the same rule
 * as the station's duty phones (a school's office, a property company, a unit's security office).
 */
export const optionalPublicPhone = z
  .string({ error: 'invalidType' })
  .nullish()
  .transform((raw, ctx) => {
    if (raw === null || raw === undefined || raw.trim() === '') return null;
    const r = checkPublicPhone(raw);
    if (!r.ok) {
      ctx.issues.push({ code: 'custom', message: r.problem, input: raw });
      return z.NEVER;
    }
    return r.value;
  });

export const idType = z.enum(ID_TYPES, { error: 'invalidOption' });

export const isoDate = z.string({ error: 'required' }).refine(isIsoDate, { message: 'date' });

/**
 * An instant with its offset (`2026-11-28T09:05+08:00`, seconds optional), stored as UTC ISO-8601;
 * anything else is refused with the zone's `messageKey`.
 */
export const instant = (messageKey: ErrorKey) =>
  z.string({ error: 'required' }).transform((raw, ctx) => {
    // the calendar date is checked apart: Date.parse rolls 30 February over into March
    const ok =
      /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(raw) &&
      isIsoDate(raw.slice(0, 10));
    if (!ok) {
      ctx.issues.push({ code: 'custom', message: messageKey, input: raw });
      return z.NEVER;
    }
    return new Date(raw).toISOString();
  });

export const timeZone = z.string({ error: 'required' }).refine(isValidTimeZone, { message: 'timeZone' });

export const uuid = z.string({ error: 'required' }).regex(/^[0-9a-f-]{36}$/i, { message: 'invalidId' });

export const password = z
  .string({ error: 'required' })
  .check((ctx) => {
    const v = ctx.value;
    if (v.length === 0) ctx.issues.push({ code: 'custom', message: 'required', input: v });
    else if (v.length < 8) ctx.issues.push({ code: 'custom', message: 'password.tooShort', params: { min: 8 }, input: v });
    else if (v.length > 128) ctx.issues.push({ code: 'custom', message: 'tooLong', params: { max: 128 }, input: v });
    else if (!/[A-Za-z]/.test(v) || !/\d/.test(v)) ctx.issues.push({ code: 'custom', message: 'password.weak', input: v });
  });

/**
 * Checks an identity document against its type and normalises it (full-width characters and
 * spaces from an input method fold away, a 15-digit resident number becomes 18 digits). `today` is the station's local date. Used inside `superRefine`/`transform`
 * of objects that carry `idType` + `idNumber`.
 */
export const normaliseIdDocument = (
  type: (typeof ID_TYPES)[number],
  raw: string | null | undefined,
  today: string,
): { ok: true; value: string | null } | { ok: false; key: ErrorKey } => {
  const value = normaliseIdentifier(raw ?? '');
  if (type === 'none') return value === '' ? { ok: true, value: null } : { ok: false, key: 'idNumber.typeNone' };
  if (value === '') return { ok: false, key: 'required' };
  if (type === 'resident') {
    const r = parseResidentId(value, today);
    return r.ok ? { ok: true, value: r.value.idNumber } : { ok: false, key: `idNumber.${r.problem}` as const };
  }
  return OTHER_DOCUMENT_PATTERN.test(value) ? { ok: true, value } : { ok: false, key: 'idNumber.document' };
};

/** Zod issues → field errors whose messages are i18n keys. */
export const toFieldErrors = (error: z.ZodError): FieldError[] =>
  error.issues.map((issue) => {
    // an unknown key is named as the field, so the error says which one
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const field = [...issue.path.map(String), ...(unknownKey ? [unknownKey] : [])].join('.');
    const params = (issue as { params?: Record<string, string | number> }).params;
    let key = issue.message;
    // zod's own messages are English sentences; map them onto our keys.
    if (!/^[a-zA-Z.]+$/.test(key)) {
      if (issue.code === 'invalid_type') key = issue.input === undefined ? 'required' : 'invalidType';
      else if (issue.code === 'too_big') key = 'tooLong';
      else if (issue.code === 'too_small') key = 'required';
      else if (issue.code === 'invalid_value') key = 'invalidOption';
      else if (issue.code === 'unrecognized_keys') key = 'unknownField';
      else key = 'invalid';
    }
    const out: FieldError = { field, key: runtimeErrorKey(key) };
    if (params) out.params = params;
    else if (issue.code === 'too_big') out.params = { max: Number(issue.maximum) };
    return out;
  });
