/** What the prevention contract's parts share: the clock-skew limit, versions, counts, reasons, instants, clock times and months. */
import { z } from 'zod';
import { instant as instantField, text, uuid } from '../fields.js';
import type { KeyIn } from '../errors.js';


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

export const instant = instantField(k('dateTime'));

/** A local wall-clock time, HH:MM. */
export const clock = z.string({ error: 'required' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: k('clock') });
/** A calendar month, YYYY-MM. */
export const month = z.string({ error: 'required' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: k('month') });
