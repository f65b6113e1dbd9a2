import dayjs from 'dayjs';

/**
 * How a form's values become a method's input, the same in every zone: an empty or blank text
 * field is absent (null; the core trims what is there), a date picker gives the calendar day.
 */
export const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** A date picker's value as the calendar day `YYYY-MM-DD`; nothing picked is null. */
export const isoDate = (v: unknown): string | null => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : null);
