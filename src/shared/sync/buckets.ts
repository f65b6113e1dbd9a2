import { z } from 'zod';
import { text } from '../fields.js';
import { riskRulesInput } from '../mediation/contract.js';
import { DISPUTE_TYPES } from '../mediation/model.js';
import { noticeTemplateInput } from '../office/notices.js';
import { HOLIDAY_NAME_MAX } from '../roster/contract.js';
import { standardListInput } from '../office/tasks.js';
import { isIsoDate } from '../time.js';
import type { PublishedBucket } from './protocol.js';

/** a calendar date that exists (not 2026-02-30) */
const isoDate = z.string({ error: 'required' }).refine(isIsoDate, { message: 'date' });

/**
 * What an item of each published bucket looks like. HQ checks an item with it before
 * publishing; a station checks it again before applying (the station's own edit rules, where the
 * bucket feeds station data, run on top). A new bucket is a name in PUBLISHED_BUCKETS, a shape
 * here and, if a zone's table takes its items, an applier in src/main/sync/buckets.ts.
 */
export const REFERENCE_SCHEMAS: Record<PublishedBucket, z.ZodType<Record<string, unknown>>> = {
  mediators: z.strictObject({
    name: z.string().trim().min(1).max(40),
    specialties: z.array(z.enum(DISPUTE_TYPES)).max(9),
    organisation: z.string().max(60).nullable().default(null),
    phone: z.string().max(20).nullable().default(null),
    active: z.boolean().default(true),
  }),
  directives: z.strictObject({
    title: z.string().trim().min(1).max(100),
    body: z.string().trim().min(1).max(5000),
    issuedAt: z.string().max(40).optional(),
    /** codes of the stations it is for; absent → every station */
    stations: z.array(z.string().max(32)).max(1000).optional(),
  }),
  /** a whole standard task list, exactly as the head's "apply a list" sends it */
  taskList: standardListInput,
  /** one notice template, exactly as the head's template form sends it (without id and version) */
  noticeTemplates: noticeTemplateInput,
  /**
   * one day of the holiday calendar: a day off (workday false) or a weekend day worked instead
   * (调休, workday true). A date is one item (HQ publishes a date again over its item); withdrawn
   * takes a date published by mistake back out of the calendar.
   */
  holidays: z.strictObject({
    date: isoDate,
    name: text(HOLIDAY_NAME_MAX),
    workday: z.boolean({ error: 'invalidType' }).default(false),
    withdrawn: z.literal(true, { error: 'invalidType' }).optional(),
  }),
  /** the mediation zone's early-warning rule set, exactly as the head's settings form sends it */
  riskRules: riskRulesInput as unknown as z.ZodType<Record<string, unknown>>,
};
