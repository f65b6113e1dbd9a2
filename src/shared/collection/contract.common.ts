/** What the collection contract's parts share: enums, versions, optional dates and ids, counts, a staff reference. */
import { z } from 'zod';
import { isoDate, uuid } from '../fields.js';
import { localDate } from '../time.js';

/** The date no one can be born after, anywhere: today in the earliest time zone (as intake does). */
export const latestBirthDate = () => localDate(new Date(), 'Pacific/Kiritimati');

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });
export const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' });
export const optionalDate = isoDate.nullish().transform((v) => v ?? null);
export const optionalUuid = uuid.nullish().transform((v) => v ?? null);
export const count = (max: number) => z.number({ error: (i) => (i.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'collection.range' }).max(max, { message: 'collection.range' });

export interface StaffRef {
  id: string;
  name: string;
}
