/** What the patrol contract's parts share: statuses and kinds, limits, enums, versions, instants and months. */
import { z } from 'zod';
import type { ErrorKey } from '../errors.js';
import { instant as instantField } from '../fields.js';

export const PATROL_STATUSES = ['underway', 'ended', 'cancelled'] as const;
export type PatrolStatus = (typeof PATROL_STATUSES)[number];

/** patrol: earned on a patrol; award: given by the head; redemption: spent on goods; reversal: undoes one entry. */
export const LEDGER_KINDS = ['patrol', 'award', 'redemption', 'reversal'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const FINDING_OUTCOMES = ['dutyLog', 'appointment', 'mediation'] as const;
export type FindingOutcome = (typeof FINDING_OUTCOMES)[number];

/** A patrol longer than this was left running by mistake: its end is refused, so someone looks. */
export const MAX_PATROL_HOURS = 24;
/** Points rules and awards are whole points, within reason. */
export const MAX_POINTS = 10_000;

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });

export const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'invalid' });

/** A whole number in [min, max]; below min says `lowKey` (e.g. "points cannot be negative"). */
export const whole = (min: number, max: number, lowKey: ErrorKey) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') })
    .int({ message: 'integer' })
    .min(min, { message: lowKey })
    .max(max, { message: 'patrol.tooLarge' });

export const instant = instantField('patrol.dateTime');

export const month = z.string({ error: 'required' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'patrol.month' });
