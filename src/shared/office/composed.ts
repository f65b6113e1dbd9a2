/**
 * A duty log entry the app writes itself (a patrol ended, something found on patrol, a visitor's
 * poor rating to follow up, a notice printed) is a kind with its values, kept in the entry's `composed` column as JSON: the
 * screens and prints word it in the reader's language. The entry's people, action and result keep
 * the Chinese text as well, since a station not yet updated and HQ read those. What the values hold
 * that someone typed (a route's and checkpoints' names, a finding, a notice's title) stays as typed.
 */
import type { RatingLevel, RatingReason } from '../intake/hall.js';
import type { NoticePageSize } from './notices.js';

/** Each kind with its values. */
export interface ComposedEntryValues {
  /** a patrol ended: who went, its route, when it ran, the checkpoints passed of all, what it found */
  patrolEnded: { people: string[]; route: string; startedAt: string; endedAt: string; passed: number; checkpoints: string[]; findings: string[] };
  /** something found on patrol, logged to follow up: who was on the patrol (the place and the finding stay as typed) */
  patrolFinding: { people: string[] };
  /** a visitor rated the service poorly: who (the number as stored), how, and why; to be called back */
  poorRating: { visitorName: string; queueNo: string; level: RatingLevel; reasons: RatingReason[] };
  /** a notice printed from a template, on a page size */
  noticePrinted: { title: string; pageSize: NoticePageSize };
}
export type ComposedEntryKind = keyof ComposedEntryValues;
export type ComposedEntry = { [K in ComposedEntryKind]: { kind: K } & ComposedEntryValues[K] }[ComposedEntryKind];

export const COMPOSED_ENTRY_KINDS = ['patrolEnded', 'patrolFinding', 'poorRating', 'noticePrinted'] as const satisfies readonly ComposedEntryKind[];

/** One entry of a kind, with its values: `composedEntry('noticePrinted', { title, pageSize })`. */
export const composedEntry = <K extends ComposedEntryKind>(kind: K, values: ComposedEntryValues[K]): ComposedEntry => ({ kind, ...values }) as ComposedEntry;

/** A duty log entry's columns that the app may compose: as stored, or as worded for a reader. */
export interface EntryColumns {
  people: string | null;
  place: string | null;
  action: string | null;
  result: string | null;
}

/** The column's text read back: a known kind, or nothing (an entry someone typed, or of a kind this version does not know). */
export const readComposed = (stored: string | null | undefined): ComposedEntry | null => {
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as { kind?: unknown };
    if (parsed && typeof parsed === 'object' && (COMPOSED_ENTRY_KINDS as readonly unknown[]).includes(parsed.kind)) return parsed as ComposedEntry;
  } catch {
    // not ours: the stored text is what shows
  }
  return null;
};
