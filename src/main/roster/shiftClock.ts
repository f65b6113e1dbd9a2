/**
 * Shifts in time: the rostered shifts worked around an instant (who is on duty now), and the
 * station's usual shifts from its shift types alone, for a shift opened by hand.
 */
import type { EntityManager } from 'typeorm';
import type { RosterSettings } from '../../shared/roster/contract.js';
import { addDays, localDate, localInstant } from '../../shared/time.js';
import { cellsBetween } from './roster.service.js';

export interface DutySlot {
  staffId: string;
  shiftId: string;
  from: Date;
  to: Date;
}

/** The shifts worked around an instant: the previous day's (a night crossing midnight) to tomorrow's. */
export const dutySlots = async (manager: EntityManager, now: Date, timeZone: string, settings: RosterSettings): Promise<DutySlot[]> => {
  const today = localDate(now, timeZone);
  const cells = await cellsBetween(manager, addDays(today, -1), addDays(today, 1));
  const shifts = new Map(settings.shiftTypes.map((s) => [s.id, s]));
  return cells.flatMap((c) => {
    const s = shifts.get(c.shiftId);
    if (!s) return [];
    // the wall clock of the start, then the shift's length in real minutes
    const from = localInstant(c.date, s.start, timeZone);
    const to = new Date(from.getTime() + s.minutes * 60_000);
    return [{ staffId: c.staffId, shiftId: c.shiftId, from, to }];
  });
};

/** One of the station's shift types worked from a local date: its name and the instants it spans. */
export interface UsualShift {
  dutyDate: string;
  shiftKey: string;
  name: string;
  startsAt: string;
  endsAt: string;
}

/**
 * The station's usual shifts around an instant, from its shift types alone (whoever is rostered or
 * not): the one under way (the latest started, when types overlap) and the next to start.
 */
export const usualShifts = (now: Date, timeZone: string, settings: RosterSettings): { current: UsualShift | null; next: UsualShift | null } => {
  const today = localDate(now, timeZone);
  const t = now.getTime();
  const spans = [addDays(today, -1), today, addDays(today, 1)].flatMap((date) =>
    settings.shiftTypes.flatMap((s) => {
      if (!s.start) return [];
      const from = localInstant(date, s.start, timeZone);
      return [{ dutyDate: date, shiftKey: s.id, name: s.name ?? s.id, from: from.getTime(), to: from.getTime() + s.minutes * 60_000 }];
    }),
  );
  const view = (x: (typeof spans)[number] | undefined): UsualShift | null =>
    x ? { dutyDate: x.dutyDate, shiftKey: x.shiftKey, name: x.name, startsAt: new Date(x.from).toISOString(), endsAt: new Date(x.to).toISOString() } : null;
  const current = spans.filter((x) => x.from <= t && t < x.to).sort((a, b) => b.from - a.from || a.to - b.to)[0];
  const next = spans.filter((x) => x.from > t).sort((a, b) => a.from - b.from)[0];
  return { current: view(current), next: view(next) };
};
