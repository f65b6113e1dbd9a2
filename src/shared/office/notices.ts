/**
 * The notice library (公告/告示): templates for the station's public board (公示栏), public safety
 * notices and appointment notices, filled in and printed on A4 or A5 (or saved as PDF).
 *
 * A template's texts carry placeholders `{{station}}`, `{{officer}}`, `{{phone}}`, … that the
 * printing form fills in; its QR code is a text with the same placeholders (a `tel:` number, a
 * web address). Default templates ship with the app, HQ publishes more to every station (by sync);
 * the head adds templates and edits any (an edited default is kept as the station's own version of
 * it).
 *
 * Printing records the filled notice (what was put up, by whom, when) and, while a shift is open,
 * writes a "notice printed" entry in its duty log.
 */
import { z } from 'zod';
import { optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';

export const NOTICE_KINDS = ['board', 'safety', 'appointment'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The fields a template can use, filled in when printing. */
export const NOTICE_FIELDS = ['station', 'address', 'officer', 'phone', 'dutyPhone', 'duties', 'date', 'time', 'place'] as const;
export type NoticeField = (typeof NOTICE_FIELDS)[number];

export const NOTICE_PAGE_SIZES = ['A4', 'A5'] as const;
export type NoticePageSize = (typeof NOTICE_PAGE_SIZES)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The placeholders a text uses, in order of first use. */
export const placeholdersOf = (...texts: (string | null)[]): string[] => {
  const found: string[] = [];
  for (const t of texts) for (const m of (t ?? '').matchAll(PLACEHOLDER)) if (!found.includes(m[1])) found.push(m[1]);
  return found;
};

/** Fills a text's placeholders; one left without a value stays visible as a blank line to write on. */
export const fillText = (template: string, values: Partial<Record<NoticeField, string | null>>): string =>
  template.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name as NoticeField];
    return v === undefined || v === null || v === '' ? '________' : v;
  });

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });

export const NOTICE_SOURCES = ['default', 'hq', 'station'] as const;
export type NoticeSource = (typeof NOTICE_SOURCES)[number];

export interface NoticeTemplate {
  id: string;
  /** 0 for a shipped default nobody has edited */
  version: number;
  kind: NoticeKind;
  name: string;
  title: string;
  body: string;
  footer: string | null;
  /** the QR code's content with placeholders; null: no QR code */
  qr: string | null;
  pageSize: NoticePageSize;
  /**
   * default: shipped with the app; hq: published by HQ to every station; station: the station's
   * own. Either of the first two may have been edited by the station since.
   */
  source: NoticeSource;
  /** the fields its texts use */
  fields: NoticeField[];
}

/** Unknown placeholders are refused: a typo would print braces on the station's board. */
const checkPlaceholders = (v: { title: string; body: string; footer: string | null; qr: string | null }, ctx: z.RefinementCtx) => {
  for (const [field, value] of Object.entries({ title: v.title, body: v.body, footer: v.footer, qr: v.qr })) {
    for (const name of placeholdersOf(value)) {
      if (!(NOTICE_FIELDS as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', message: 'office.notice.unknownField', path: [field], params: { name } });
    }
  }
};

/** The reader's language: the shipped templates have an English twin, shown and printed while unedited. */
export const NOTICE_LANGUAGES = ['zh', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];
const language = z.enum(NOTICE_LANGUAGES).default('zh');

export const officeNoticeTemplates = defineMethod<NoticeTemplate[]>()({
  name: 'office.noticeTemplates',
  input: z.strictObject({ lang: language }),
  access: 'office.notices',
  kind: 'read',
});

/** What a template says and how it prints: the head's form and HQ's published templates alike. */
const templateFields = {
  kind: choice(NOTICE_KINDS),
  name: text(40),
  title: text(60),
  body: optionalText(4000, true)
    .refine((v) => v !== null, { message: 'required' })
    .transform((v) => v as string),
  footer: optionalText(500, true),
  qr: optionalText(300),
  pageSize: choice(NOTICE_PAGE_SIZES).default('A4'),
};

/** A template as HQ publishes it to every station (HQ's item id becomes the template's id). */
export const noticeTemplateInput = z.strictObject(templateFields).superRefine(checkPlaceholders);
export type NoticeTemplateFields = z.output<typeof noticeTemplateInput>;

export const officeNoticeTemplateSave = defineMethod<NoticeTemplate>()({
  name: 'office.noticeTemplateSave',
  input: z
    .strictObject({
      /** absent for a new template */
      id: uuid.optional(),
      /** the version it was based on; 0 for a shipped default not yet edited */
      version: z.number().int().min(0).optional(),
      ...templateFields,
    })
    .superRefine(checkPlaceholders),
  access: 'office.noticeTemplates',
  kind: 'write',
});

export const officeNoticeTemplateRetire = defineMethod<{ ok: true }>()({
  name: 'office.noticeTemplateRetire',
  input: z.strictObject({ id: uuid, version: z.number().int().min(0), reason: text(200) }),
  access: 'office.noticeTemplates',
  kind: 'write',
});

const fieldValues = z.strictObject(Object.fromEntries(NOTICE_FIELDS.map((f) => [f, optionalText(f === 'duties' ? 500 : 100, f === 'duties')])) as Record<NoticeField, ReturnType<typeof optionalText>>);

export interface PrintedNotice {
  id: string;
  templateId: string;
  kind: NoticeKind;
  title: string;
  body: string;
  footer: string | null;
  qr: string | null;
  pageSize: NoticePageSize;
  printedAt: string;
  printedBy: string;
  /** the duty-log entry written for it; null when no shift was open */
  logEntryId: string | null;
}

/** Fills a template and records the notice as printed; the print route then shows it. */
export const officeNoticePrint = defineMethod<PrintedNotice>()({
  name: 'office.noticePrint',
  input: z.strictObject({
    templateId: uuid,
    /** the template's version the form was filled from: an edit in between is not printed unseen */
    templateVersion: z.number().int().min(0),
    pageSize: choice(NOTICE_PAGE_SIZES),
    values: fieldValues,
    lang: language,
  }),
  access: 'office.notices',
  kind: 'write',
});

export const officeNoticeGet = defineMethod<PrintedNotice>()({
  name: 'office.noticeGet',
  input: z.strictObject({ id: uuid }),
  access: 'office.notices',
  kind: 'read',
});

export const officeNoticeHistory = defineMethod<PrintedNotice[]>()({
  name: 'office.noticeHistory',
  input: z.strictObject({ limit: z.number().int().min(1).max(200).default(30) }),
  access: 'office.notices',
  kind: 'read',
});

export const officeNoticeMethods = [
  officeNoticeTemplates,
  officeNoticeTemplateSave,
  officeNoticeTemplateRetire,
  officeNoticePrint,
  officeNoticeGet,
  officeNoticeHistory,
] as const;
