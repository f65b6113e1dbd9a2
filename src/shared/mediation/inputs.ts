/** The mediation contract's input validators: a party, a new case, the risk rules, the mediator pool. */
import { z } from 'zod';
import { idType, instant as instantField, normaliseIdDocument, optionalMobile, optionalText, personName, text, uuid } from '../fields.js';
import { localDate } from '../time.js';
import { AVAILABILITIES, CASE_SOURCES, DISPUTE_TYPES, PARTY_ROLES, TAG_KINDS } from './model.js';
import { DEFAULT_RISK_RULES } from './risk.js';

/** The date no one can be born after, anywhere: today in the earliest time zone (as intake does). */
const latestBirthDate = () => localDate(new Date(), 'Pacific/Kiritimati');

/** An enum whose missing value reads "required" and a wrong one "choose from the list". */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });

/** A required multi-line text (facts, minutes, terms). */
export const longText = (max: number) =>
  optionalText(max, true).transform((v, ctx) => {
    if (v === null) {
      ctx.issues.push({ code: 'custom', message: 'required', input: v });
      return z.NEVER;
    }
    return v;
  });

export const instant = instantField('mediation.dateTime');

export const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' });
export const flag = z.boolean({ error: 'invalidType' });

export const tagInput = z.strictObject({ kind: choice(TAG_KINDS), label: text(20) });
const tags = z.array(tagInput, { error: 'invalidType' }).max(30, { message: 'tooMany' }).default([]);

const partyFields = {
  name: personName,
  idType: idType.default('resident'),
  idNumber: z.string({ error: 'invalidType' }).nullish(),
  phone: optionalMobile,
  address: optionalText(120),
  role: choice(PARTY_ROLES),
  /** who speaks for the party (agent, guardian), with how to reach them */
  representative: optionalText(100),
  /** what this side wants */
  claim: optionalText(2000, true),
  tags,
};

/** A party to the dispute; the ID document is checked as the front desk checks it. */
export const partyInput = z.strictObject(partyFields).transform((v, ctx) => {
  const doc = normaliseIdDocument(v.idType, v.idNumber, latestBirthDate());
  if (!doc.ok) {
    ctx.issues.push({ code: 'custom', message: doc.key, path: ['idNumber'], input: v.idNumber });
    return z.NEVER;
  }
  return { ...v, idNumber: doc.value };
});
export type PartyInput = z.output<typeof partyInput>;

/** What the walk-in does not say about the visitor who becomes the first party. */
const walkInPartyInput = z.strictObject({
  role: choice(PARTY_ROLES).default('applicant'),
  address: partyFields.address,
  representative: partyFields.representative,
  claim: partyFields.claim,
  tags,
});

export const caseFields = {
  type: choice(DISPUTE_TYPES),
  /** where the dispute happened, as told */
  place: text(120),
  /** the standard address (一标) of the collection zone, once that zone knows it */
  addressId: uuid.nullish().transform((v) => v ?? null),
  facts: longText(4000),
  /** the matters in dispute, as the agreement lists them */
  matters: optionalText(2000, true),
  /** the evidence offered, described (the files themselves are attached with `mediation.attachFile`) */
  evidence: optionalText(2000, true),
  /** the duty officer's preliminary investigation notes */
  investigation: optionalText(4000, true),
  tags,
};

export const openCaseInput = z
  .strictObject({
    source: choice(CASE_SOURCES),
    walkInId: uuid.optional(),
    walkInParty: walkInPartyInput.optional(),
    /** the duty officer who referred the dispute (Art. 18), and when */
    referredById: uuid.optional(),
    referredAt: instant.optional(),
    ...caseFields,
    parties: z.array(partyInput, { error: 'invalidType' }).max(20, { message: 'tooMany' }).default([]),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', message, path: [path] });
    if (v.source === 'walkIn' && !v.walkInId) issue('walkInId', 'required');
    if (v.source !== 'walkIn' && v.walkInId) issue('walkInId', 'mediation.walkInSource');
    if (v.source !== 'walkIn' && v.walkInParty) issue('walkInParty', 'mediation.walkInSource');
    if (v.source === 'referral' && !v.referredById) issue('referredById', 'required');
    if (v.source === 'referral' && !v.referredAt) issue('referredAt', 'required');
    if (!v.referredById !== !v.referredAt) issue(v.referredById ? 'referredAt' : 'referredById', 'required');
    if (v.source !== 'walkIn' && v.parties.length === 0) issue('parties', 'mediation.partiesRequired');
  });
export type OpenCaseInput = z.output<typeof openCaseInput>;

export const caseRef = { id: uuid, version };

export const int = (min: number, max: number, key: string) =>
  z.number({ error: 'invalidType' }).int({ message: 'integer' }).min(min, { message: key }).max(max, { message: key });
const weight = int(0, 100, 'mediation.risk.range');

const windowRule = z.strictObject({ enabled: flag, weight, withinDays: int(1, 3650, 'mediation.risk.days') });
const flagRule = z.strictObject({ enabled: flag, weight });
const keywordRule = z.strictObject({
  enabled: flag,
  weight,
  // trimmed and duplicates folded: the list is what the head meant
  keywords: z
    .array(text(20), { error: 'invalidType' })
    .max(200, { message: 'tooMany' })
    .transform((list) => [...new Set(list)]),
});

export const riskRulesInput = z
  .strictObject({
    mediumThreshold: int(1, 100, 'mediation.risk.range'),
    highThreshold: int(1, 100, 'mediation.risk.range'),
    repeatParties: windowRule,
    repeatPlace: windowRule,
    priorFailure: windowRule,
    // a rule set written before this rule existed (an older HQ's push) gets its default
    partyUnderCare: flagRule.default(DEFAULT_RISK_RULES.partyUnderCare),
    threats: keywordRule,
    violence: keywordRule,
    escalation: keywordRule,
  })
  .refine((r) => r.mediumThreshold < r.highThreshold, { message: 'mediation.risk.thresholds', path: ['highThreshold'] });

export const poolFields = {
  name: personName,
  specialties: z.array(choice(DISPUTE_TYPES), { error: 'invalidType' }).max(DISPUTE_TYPES.length, { message: 'tooMany' }).transform((l) => [...new Set(l)]),
  organisation: optionalText(60),
  phone: optionalMobile,
  availability: choice(AVAILABILITIES).default('available'),
  note: optionalText(200),
  /** the station login of a mediator who is also staff, so "my cases" can be found */
  staffId: uuid.nullish().transform((v) => v ?? null),
};
