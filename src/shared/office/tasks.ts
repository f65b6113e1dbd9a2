/**
 * The standard task list (标准化任务清单): HQ's "four functions, twelve tasks" standard, the tasks
 * the head assigns from it (or by hand) to people with a due date and a recurrence, and their
 * completion with evidence.
 *
 * Access. The head manages the standard and assigns, changes and cancels tasks. Whoever a task is
 * assigned to (officer, auxiliary, grid worker, or the head) completes it; the core checks that
 * the person completing is the assignee or the head. Everyone who can be assigned sees their own
 * tasks, and the photos they were done with; the head sees everyone's.
 */
import { z } from 'zod';
import { optionalText, text, uuid } from '../fields.js';
import { checkFileType, extensionsOf, fileContentInput, fileNameInput, type FileContent, type FileTypeName } from '../files.js';
import { defineMethod } from '../method.js';
import { walkInRoutesOf } from '../intake/zones.js';
import { can } from '../permissions.js';
import type { Role } from '../roles.js';
import { isIsoDate } from '../time.js';

export const TASK_FUNCTIONS = ['population', 'security', 'information', 'mediation'] as const;
export type TaskFunction = (typeof TASK_FUNCTIONS)[number];

export const RECURRENCES = ['none', 'daily', 'weekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

/** Records a completed task can point at as its evidence. */
export const LINK_KINDS = ['walkIn', 'mediationCase', 'resident'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/**
 * Whether a role sees records of a kind at all, and so may link a task to one, find one among the
 * link options or read a linked one's label: a grid worker sees no front-desk visitor and no
 * mediation case. The core refuses by it; the task screen offers only these kinds.
 */
export const maySeeLinkKind = (role: Role | undefined, kind: LinkKind): boolean => {
  if (kind === 'walkIn') return walkInRoutesOf(role).length > 0;
  if (kind === 'mediationCase') return can(role, 'mediation.view');
  return can(role, 'collection.view');
};

/** A task is done with a photo taken on a phone or a camera: JPEG or PNG, as the bytes say. */
export const PHOTO_TYPES: readonly FileTypeName[] = ['jpeg', 'png'];
export const PHOTO_EXTENSIONS = extensionsOf(PHOTO_TYPES);
/** Ample for a phone's photo; a station's disk keeps years of them. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTO_MB = MAX_PHOTO_BYTES / (1024 * 1024);

/** The most tasks a published standard may hold (HQ's has 48). */
export const MAX_STANDARD_TASKS = 200;

const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalidOption') });

const version = z.number({ error: (issue) => (issue.input === undefined ? 'required' : 'invalidType') }).int({ message: 'integer' }).min(1, { message: 'invalid' });

const localDay = z.string({ error: 'required' }).refine(isIsoDate, { message: 'date' });

// ───────────────────────────── the standard ─────────────────────────────

export const standardTaskInput = z.strictObject({
  code: z
    .string({ error: 'required' })
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, { message: 'office.standard.code' }),
  function: choice(TASK_FUNCTIONS),
  zh: text(60),
  en: text(120),
  recurrence: choice(RECURRENCES).default('none'),
});

/**
 * A standard task list as HQ publishes it (and as `resources/task-standard.json` ships it): every
 * function has at least one task, codes are unique.
 */
export const standardListInput = z
  .strictObject({
    listId: z
      .string({ error: 'required' })
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,60}$/, { message: 'office.standard.listId' }),
    title: text(100),
    titleEn: optionalText(200),
    publishedAt: localDay,
    tasks: z.array(standardTaskInput, { error: 'required' }).min(1, { message: 'required' }).max(MAX_STANDARD_TASKS, { message: 'tooLong' }),
  })
  .superRefine((v, ctx) => {
    v.tasks.forEach((task, i) => {
      if (v.tasks.findIndex((t) => t.code === task.code) !== i) ctx.addIssue({ code: 'custom', message: 'office.standard.duplicateCode', path: ['tasks', i, 'code'], params: { code: task.code } });
    });
    for (const f of TASK_FUNCTIONS) {
      if (!v.tasks.some((t) => t.function === f)) ctx.addIssue({ code: 'custom', message: 'office.standard.functionMissing', path: ['tasks'], params: { function: f } });
    }
  });
export type StandardList = z.output<typeof standardListInput>;

export interface StandardTask {
  code: string;
  function: TaskFunction;
  zh: string;
  en: string;
  recurrence: Recurrence;
}

export interface TaskStandard {
  /** shipped with the app, or published by HQ (and applied at this station) */
  source: 'default' | 'hq';
  listId: string;
  title: string;
  titleEn: string | null;
  publishedAt: string;
  appliedAt: string | null;
  tasks: StandardTask[];
}

// ───────────────────────────── tasks ─────────────────────────────

export interface TaskLink {
  kind: LinkKind;
  id: string;
  /** what the record is called: a queue number, a case number, a resident's masked name */
  label: string;
  /** a walk-in's queue number as stored, which the label holds: shown in the reader's language */
  queueNo?: string;
}

/** A photo a task was done with; its bytes come with `office.taskPhoto`. */
export interface TaskPhoto {
  id: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface Task {
  id: string;
  version: number;
  /** the standard task it was assigned from, null for a task typed by hand */
  standardCode: string | null;
  function: TaskFunction;
  title: string;
  note: string | null;
  assignee: { id: string; name: string; role: Role };
  assignedBy: string;
  /** the local date it was assigned on */
  assignedOn: string;
  dueDate: string;
  recurrence: Recurrence;
  status: 'open' | 'done' | 'cancelled';
  /** open and its due date has passed */
  overdue: boolean;
  doneAt: string | null;
  doneBy: string | null;
  /** done after its due date */
  doneLate: boolean;
  evidenceNote: string | null;
  evidenceLink: TaskLink | null;
  evidencePhotos: TaskPhoto[];
  /** the next occurrence a recurring task's completion created */
  nextTaskId: string | null;
  cancelReason: string | null;
}

export const officeTaskStandard = defineMethod<TaskStandard>()({
  name: 'office.taskStandard',
  input: z.strictObject({}),
  access: 'office.tasks',
  kind: 'read',
});

/**
 * Replaces the standard with a published list. HQ's published list is applied through the same
 * service function when it arrives by sync; the head may apply one by hand (a file from HQ).
 */
export const officeTaskStandardReplace = defineMethod<TaskStandard>()({
  name: 'office.taskStandardReplace',
  input: standardListInput,
  access: 'office.assignTasks',
  kind: 'write',
});

export const TASK_SCOPES = ['mine', 'all'] as const;
export const TASK_STATUS_FILTERS = ['open', 'done', 'cancelled', 'all'] as const;

export const officeTaskList = defineMethod<Task[]>()({
  name: 'office.taskList',
  input: z.strictObject({
    /** everyone's tasks is the head's view; others always get their own */
    scope: choice(TASK_SCOPES).default('mine'),
    status: choice(TASK_STATUS_FILTERS).default('open'),
    limit: z.number().int().min(1).max(500).default(200),
  }),
  access: 'office.tasks',
  kind: 'read',
});

export const officeTaskAssign = defineMethod<Task>()({
  name: 'office.taskAssign',
  input: z
    .strictObject({
      /** from the standard: its title and function come from there */
      standardCode: z.string({ error: 'invalidType' }).trim().max(20, { message: 'tooLong' }).nullish().transform((v) => v || null),
      /** by hand: title and function typed */
      title: optionalText(100),
      function: choice(TASK_FUNCTIONS).nullish().transform((v) => v ?? null),
      note: optionalText(500, true),
      assigneeId: uuid,
      dueDate: localDay,
      recurrence: choice(RECURRENCES).default('none'),
    })
    .superRefine((v, ctx) => {
      if (v.standardCode === null && v.title === null) ctx.addIssue({ code: 'custom', message: 'office.task.titleOrStandard', path: ['standardCode'] });
      if (v.standardCode === null && v.title !== null && v.function === null) ctx.addIssue({ code: 'custom', message: 'required', path: ['function'] });
    }),
  access: 'office.assignTasks',
  kind: 'write',
});

/**
 * Done, with evidence: a note, a link to a record, a photo, or any of them. The photo's bytes
 * travel as an upload's (`content`, up to MAX_PHOTO_BYTES); its type is told by its first bytes.
 */
export const officeTaskComplete = defineMethod<{ task: Task; next: Task | null }>()({
  name: 'office.taskComplete',
  input: z
    .strictObject({
      id: uuid,
      version,
      note: optionalText(1000, true),
      link: z.strictObject({ kind: choice(LINK_KINDS), id: uuid }).nullish().transform((v) => v ?? null),
      fileName: fileNameInput.optional(),
      content: fileContentInput(MAX_PHOTO_BYTES).optional(),
    })
    .transform(({ fileName, content, ...v }, ctx) => {
      if (v.note === null && v.link === null && content === undefined) {
        ctx.issues.push({ code: 'custom', message: 'office.task.evidenceRequired', path: ['note'], input: null });
        return z.NEVER;
      }
      if (content === undefined && fileName === undefined) return { ...v, photo: null };
      if (content === undefined || fileName === undefined) {
        ctx.issues.push({ code: 'custom', message: 'required', path: [content === undefined ? 'content' : 'fileName'], input: null });
        return z.NEVER;
      }
      const fileType = checkFileType({ fileName, content }, ctx, PHOTO_TYPES, 'office.task.photoType');
      return fileType ? { ...v, photo: { fileName, content, fileType } } : z.NEVER;
    }),
  access: 'office.tasks',
  kind: 'write',
  upload: { maxBytes: MAX_PHOTO_BYTES },
});

/** A photo's bytes, for the head and the task's assignee; looking at one is audited. */
export const officeTaskPhoto = defineMethod<FileContent>()({
  name: 'office.taskPhoto',
  input: z.strictObject({ id: uuid, photoId: uuid }),
  access: 'office.tasks',
  kind: 'read',
  auditRead: true,
});

export const officeTaskCancel = defineMethod<Task>()({
  name: 'office.taskCancel',
  input: z.strictObject({ id: uuid, version, reason: text(200) }),
  access: 'office.assignTasks',
  kind: 'write',
});

export interface OverdueTasks {
  /** overdue open tasks (the caller's own; everyone's for the head), most overdue first */
  tasks: Task[];
  total: number;
}

export const officeTaskOverdue = defineMethod<OverdueTasks>()({
  name: 'office.taskOverdue',
  input: z.strictObject({ limit: z.number().int().min(1).max(100).default(8) }),
  access: 'office.tasks',
  kind: 'read',
});

export interface LinkOption {
  id: string;
  label: string;
  /** a walk-in's queue number as stored, which the label holds: shown in the reader's language */
  queueNo?: string;
}

/** Records a task's evidence may point at: recent walk-ins, mediation cases, residents (masked). */
export const officeTaskLinkOptions = defineMethod<LinkOption[]>()({
  name: 'office.taskLinkOptions',
  input: z.strictObject({ kind: choice(LINK_KINDS), q: optionalText(40) }),
  access: 'office.tasks',
  kind: 'read',
});

export const officeTaskMethods = [
  officeTaskStandard,
  officeTaskStandardReplace,
  officeTaskList,
  officeTaskAssign,
  officeTaskComplete,
  officeTaskPhoto,
  officeTaskCancel,
  officeTaskOverdue,
  officeTaskLinkOptions,
] as const;
