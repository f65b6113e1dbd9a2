import i18next, { type TFunction } from 'i18next';
import { AppError, type ErrorParams } from '../../shared/errors.js';
import type { RosterCellChange, RosterSettings } from '../../shared/roster/contract.js';
import { isNightShift, shiftLetter } from '../../shared/roster/model.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';
import { errorText } from '../app/i18n.js';
import { messageParams } from '../app/messages.js';

type ShiftTypes = RosterSettings['shiftTypes'];

export const rosterPath = (month?: string) => (month ? `/roster?month=${month}` : '/roster');
export const wallChartPath = (month: string) => `/print/roster/${month}`;
export const personPrintPath = (month: string, staffId: string) => `/print/roster/${month}/${staffId}`;

/** Colours per shift, in the order the station lists them: nights dark, days light, readable in print. */
const DAY_COLOURS = ['#ffe58f', '#d9f7be', '#bae0ff', '#ffd8bf', '#efdbff', '#b5f5ec'];
const NIGHT_COLOURS = ['#2f54eb', '#531dab', '#08979c', '#1d39c4'];

export const shiftColours = (shifts: ShiftTypes): Map<string, { bg: string; fg: string }> => {
  const out = new Map<string, { bg: string; fg: string }>();
  let day = 0;
  let night = 0;
  for (const s of shifts) {
    // a 24-hour shift covers the night too, but it is the post's only shift: a light colour reads better
    if (isNightShift(s) && s.minutes < 1440) out.set(s.id, { bg: NIGHT_COLOURS[night++ % NIGHT_COLOURS.length], fg: '#fff' });
    else out.set(s.id, { bg: DAY_COLOURS[day++ % DAY_COLOURS.length], fg: '#000' });
  }
  return out;
};

/** A shift's name in the reader's language (a default shift's in theirs, a name the head typed as typed), else its id. */
export const shiftLabel = (s: { id: string; name?: string }): string => (s.name ? displayShiftName(s.name, i18next.language) : s.id);

export const shiftName = (shifts: ShiftTypes, id: string): string => {
  const s = shifts.find((x) => x.id === id);
  return s ? shiftLabel(s) : id;
};

/** What a grid cell shows: the shift's letter, else its id. */
export const shiftMark = (shifts: ShiftTypes, id: string): string => {
  const s = shifts.find((x) => x.id === id);
  return s ? (shiftLetter(s) ?? s.id) : id;
};

export const clockEnd = (start: string, minutes: number): string => {
  const end = (Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) + minutes) % 1440;
  return `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
};

export const shiftTime = (s: ShiftTypes[number]) => `${s.start}–${clockEnd(s.start, s.minutes)}`;

/**
 * A rule issue or refusal in the user's language. The core names people and shifts by id in some
 * parameters; these are turned into names and localised words here (display only).
 */
export const issueText = (t: TFunction, issue: { key: string; params?: ErrorParams }, shifts: ShiftTypes): string => {
  const p: ErrorParams = { ...(issue.params ?? {}) };
  if (typeof p.qualification === 'string') p.qualification = t(`roster.roles.${p.qualification}`, { defaultValue: p.qualification });
  if (typeof p.previous === 'string') p.previous = shiftName(shifts, p.previous);
  // two shifts that overlap, by their stored names (a shipped one in the reader's language)
  for (const k of ['a', 'b'] as const) if (typeof p[k] === 'string') p[k] = displayShiftName(p[k], i18next.language);
  if (p.shiftName === undefined) p.shiftName = typeof p.shift === 'string' ? shiftName(shifts, p.shift) : typeof p.what === 'string' ? p.what : '';
  if (typeof p.rules === 'string')
    p.rules = p.rules
      .split(',')
      .filter(Boolean)
      .map((r) => t(`errors.roster.ruleNames.${r}`, { defaultValue: r }));
  if (p.names === undefined || p.names === '' || (Array.isArray(p.names) && p.names.length === 0)) p.names = p.name ?? '—';
  if (p.state !== undefined) p.state = t(`roster.swap.states.${p.state}`, { defaultValue: String(p.state) });
  return t(`errors.${issue.key}`, { ...messageParams(t, p), defaultValue: t('errors.invalid') });
};

/** What a re-roster changed, in one sentence: "3 个班次调整：张三 03-15 白班→休息；…". */
export const changesText = (t: TFunction, changes: RosterCellChange[], people: { staffId: string; name: string }[], shifts: ShiftTypes): string => {
  if (changes.length === 0) return t('roster.reroster.noChanges');
  const name = new Map(people.map((p) => [p.staffId, p.name]));
  const shift = (id: string | null) => (id === null ? t('roster.reroster.off') : shiftName(shifts, id));
  const list = changes.map((c) => t('roster.reroster.change', { name: name.get(c.staffId) ?? '—', date: c.date.slice(5), from: shift(c.from), to: shift(c.to) })).join(t('roster.reroster.separator'));
  return t(changes.length === 1 ? 'roster.reroster.changesOne' : 'roster.reroster.changes', { count: changes.length, list });
};

/** An error from a roster call: roster keys with their parameters localised, the rest as usual. */
export const rosterErrorText = (t: TFunction, error: unknown, shifts: ShiftTypes = []): string => {
  // roster forms mark their own fields; the sentence alone names the problem
  if (error instanceof AppError && error.key.startsWith('roster.')) return issueText(t, error, shifts);
  return errorText(t, error);
};

/** Saves a file the core made (Excel as base64, iCalendar as text) through the browser's download. */
export const download = (fileName: string, content: { base64: string; type: string } | { text: string; type: string }) => {
  let blob: Blob;
  if ('base64' in content) {
    const bytes = Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0));
    blob = new Blob([bytes], { type: content.type });
  } else blob = new Blob([content.text], { type: content.type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

export const dayOfMonth = (date: string) => Number(date.slice(8, 10));
