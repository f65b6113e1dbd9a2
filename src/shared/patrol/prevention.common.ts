/** What the prevention contract's parts share: the clock-skew limit, versions, counts, reasons, instants, clock times and months. */
import { z } from 'zod';
import { text, uuid } from '../fields.js';
import type { KeyIn } from '../errors.js';
import { isIsoDate } from '../time.js';

/** A PC clock a little ahead of the core's is not an error. */
export const CLOCK_SKEW_MS = 2 * 60_000;

export const k = (key: KeyIn<'prevention'>) => `prevention.${key}` as const;

export const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'invalid' });
export const whole = (min: number, max: number, key: KeyIn<'prevention'> = 'range') =>
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') })
    .int({ message: 'integer' })
    .min(min, { message: k(key) })
    .max(max, { message: k(key) });
export const optionalUuid = uuid.nullish().transform((v) => v ?? null);
export const reason = text(200);

/** An instant with its offset (2026-11-28T21:30:00+08:00 or …Z), stored as UTC ISO-8601. */
export const instant = z.string({ error: 'required' }).transform((raw, ctx) => {
  // the calendar date is checked apart: Date.parse rolls 30 February over into March
  const ok =
    /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(raw) && isIsoDate(raw.slice(0, 10));
  if (!ok) {
    ctx.issues.push({ code: 'custom', message: k('dateTime'), input: raw });
    return z.NEVER;
  }
  return new Date(raw).toISOString();
});

/** A local wall-clock time, HH:MM. */
export const clock = z.string({ error: 'required' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: k('clock') });
/** A calendar month, YYYY-MM. */
export const month = z.string({ error: 'required' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: k('month') });
