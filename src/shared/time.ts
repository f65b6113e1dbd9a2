import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

// Intl formatters are costly to make and cheap to use: one per time zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
const partsIn = (instant: Date | string, timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(typeof instant === 'string' ? new Date(instant) : instant)) parts[p.type] = p.value;
  return parts;
};

/** The local calendar date (YYYY-MM-DD) of an instant in the station's time zone. */
export const localDate = (instant: Date | string, timeZone: string): string => {
  const p = partsIn(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
};

/** Local date and time for display, e.g. 2026-11-28 09:05. */
export const localDateTime = (instant: Date | string, timeZone: string): string => {
  const p = partsIn(instant, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

export const localTime = (instant: Date | string, timeZone: string): string => {
  const p = partsIn(instant, timeZone);
  return `${p.hour}:${p.minute}`;
};

/**
 * The start of the minute an instant falls in, in epoch milliseconds. Staff give times to the minute
 * (and forms drop the seconds), so a time typed for "now" must not count as earlier than an event
 * the core stamped a few seconds into the same minute.
 */
export const startOfMinute = (instant: string | number): number => {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant;
  return Math.floor(ms / 60_000) * 60_000;
};

/** The UTC instant at which a local calendar date starts in the given time zone. */
export const startOfLocalDate = (date: string, timeZone: string): Date => dayjs.tz(date, timeZone).toDate();

export const isValidTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const isIsoDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value, 'YYYY-MM-DD').format('YYYY-MM-DD') === value;

/** The calendar date `days` after (or before) a YYYY-MM-DD date. */
export const addDays = (date: string, days: number): string => dayjs(date).add(days, 'day').format('YYYY-MM-DD');

/** The UTC instant of a local wall-clock time (HH:MM) on a local date in the given time zone. */
export const localInstant = (date: string, hhmm: string, timeZone: string): Date => dayjs.tz(`${date} ${hhmm}`, timeZone).toDate();

/** Whole years from a birth date to a day, both YYYY-MM-DD. */
export const ageOn = (birthDate: string, day: string): number => {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
};

/**
 * How far ahead of the core's clock a typed time may lie and still count as "now": the desk, a LAN
 * browser and the core each keep their own clock, and forms drop the seconds.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;
