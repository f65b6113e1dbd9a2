import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The local calendar date (YYYY-MM-DD) of an instant in the station's time zone. */
export const localDate = (instant: Date | string, timeZone: string): string =>
  dayjs(instant).tz(timeZone).format('YYYY-MM-DD');

/** Local date and time for display, e.g. 2026-11-28 09:05. */
export const localDateTime = (instant: Date | string, timeZone: string): string =>
  dayjs(instant).tz(timeZone).format('YYYY-MM-DD HH:mm');

export const localTime = (instant: Date | string, timeZone: string): string =>
  dayjs(instant).tz(timeZone).format('HH:mm');

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
