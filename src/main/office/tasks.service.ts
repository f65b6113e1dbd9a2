/**
 * The standard task list and the tasks assigned from it. The shipped standard
 * (resources/task-standard.json) is the live one until a published list is applied; applying one
 * keeps the list whole as it came and retires the one before. Tasks copy their title and function
 * when assigned, so a new list never rewrites old work. A task done with a photo keeps it in the
 * data directory like every kept file (db/storedFiles.ts), one folder per task.
 */
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import standardData from '../../../resources/task-standard.json';
import { AppError, conflict, forbidden, notFound, validationError } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/fields.js';
import type { FileContent, FileTypeName } from '../../shared/files.js';
import { storedQueueNumber, walkInRoutesOf, type Route } from '../../shared/intake/zones.js';
import {
  standardListInput,
  type LinkKind,
  type LinkOption,
  type Recurrence,
  type StandardList,
  type StandardTask,
  type Task,
  type TaskFunction,
  type TaskPhoto,
  type TaskStandard,
  maySeeLinkKind,
} from '../../shared/office/tasks.js';
import { can } from '../../shared/permissions.js';
import type { Role } from '../../shared/roles.js';
import { addDays, ageOn } from '../../shared/time.js';
import { checkVersion } from '../db/baseColumns.js';
import type { RowOf } from '../db/syncedTable.js';
import { readStoredFile, storeFile, type FileStore, type StoredFile } from '../db/storedFiles.js';
import { todayOf, type Who } from '../context.js';
import { taskPhotoTable, taskStandardTable, taskTable, type TaskTableRow } from './office.entity.js';

/** The folder of the data directory that holds the tasks' photos, one sub-folder per task. */
export const TASK_FILES_FOLDER = 'office-files';

/** The standard shipped with the app; checked like a published one (a broken file fails at start). */
export const DEFAULT_STANDARD: StandardList = standardListInput.parse(standardData);

// ───────────────────────────── the standard ─────────────────────────────

interface StandardRow {
  listId: string;
  title: string;
  titleEn: string | null;
  publishedAt: string;
  source: 'hq';
  tasks: string;
  appliedAt: string;
}

export const liveStandard = async (manager: EntityManager): Promise<TaskStandard> => {
  const [row] = (await manager.query(
    `SELECT "listId", "title", "titleEn", "publishedAt", "source", "tasks", "appliedAt" FROM "office_task_standard" WHERE "cancelledAt" IS NULL ORDER BY "appliedAt" DESC, "id" DESC LIMIT 1`,
  )) as StandardRow[];
  if (!row) return { source: 'default', ...DEFAULT_STANDARD, titleEn: DEFAULT_STANDARD.titleEn, appliedAt: null };
  return {
    source: row.source,
    listId: row.listId,
    title: row.title,
    titleEn: row.titleEn,
    publishedAt: row.publishedAt,
    appliedAt: row.appliedAt,
    tasks: JSON.parse(row.tasks) as StandardTask[],
  };
};

/**
 * Makes a published list the station's standard. The list is validated here whatever brought it
 * (the head's call, or a sync page whose payload no contract checked); the list it replaces stays,
 * retired, with the reason.
 */
export const applyStandard = async (
  manager: EntityManager,
  by: { stationId: string; staffId: string | null; now: Date },
  published: unknown,
): Promise<TaskStandard> => {
  const parsed = standardListInput.safeParse(published);
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error);
    throw new AppError({ code: 'VALIDATION', key: fields[0]?.key ?? 'invalid', field: fields[0]?.field, params: fields[0]?.params, fields });
  }
  const list = parsed.data;
  const at = by.now.toISOString();
  const replaced: RowOf<typeof taskStandardTable>[] = await manager.query(`SELECT * FROM "office_task_standard" WHERE "cancelledAt" IS NULL`);
  for (const row of replaced) await taskStandardTable.cancel(manager, by, row, null, `replaced by ${list.listId}`);
  await taskStandardTable.insert(manager, by, {
    listId: list.listId,
    title: list.title,
    titleEn: list.titleEn,
    publishedAt: list.publishedAt,
    source: 'hq',
    tasks: JSON.stringify(list.tasks),
    appliedAt: at,
  });
  return liveStandard(manager);
};

// ───────────────────────────── tasks ─────────────────────────────

/** A task as read with its people's names and what its evidence links to. */
type TaskRow = TaskTableRow & {
  assigneeName: string;
  assigneeRole: Role;
  assignedByName: string;
  doneByName: string | null;
  linkWalkIn: string | null;
  linkWalkInQueueNo: string | null;
  linkWalkInRoute: Route | null;
  linkCase: string | null;
  linkResident: string | null;
};

const TASK_SELECT = `SELECT t.*, a."name" AS "assigneeName", a."role" AS "assigneeRole", b."name" AS "assignedByName", d."name" AS "doneByName",
    w."localDate" || ' ' || w."queueNo" || ' ' || w."visitorName" AS "linkWalkIn", w."queueNo" AS "linkWalkInQueueNo", w."route" AS "linkWalkInRoute", c."caseNo" AS "linkCase", r."name" AS "linkResident"
  FROM "office_task" t
  JOIN "staff" a ON a."id" = t."assigneeId"
  JOIN "staff" b ON b."id" = t."assignedById"
  LEFT JOIN "staff" d ON d."id" = t."doneById"
  LEFT JOIN "walk_in" w ON t."evidenceLinkKind" = 'walkIn' AND w."id" = t."evidenceLinkId"
  LEFT JOIN "mediation_case" c ON t."evidenceLinkKind" = 'mediationCase' AND c."id" = t."evidenceLinkId"
  LEFT JOIN "resident" r ON t."evidenceLinkKind" = 'resident' AND r."id" = t."evidenceLinkId"`;

interface PhotoRow extends StoredFile {
  id: string;
  taskId: string;
  seq: number;
  fileName: string;
  uploadedAt: string;
}

const photoView = (p: PhotoRow): TaskPhoto => ({ id: p.id, fileName: p.fileName, mime: p.mime, size: p.size, sha256: p.sha256, uploadedAt: p.uploadedAt });

/**
 * The record a task's evidence links to, as the viewer may see it: none at all where the record is
 * one the viewer's role does not see (a walk-in or a mediation case linked by the head to a grid
 * worker's task), so not even its kind tells of it.
 */
const linkView = (r: TaskRow, viewer: Role): Task['evidenceLink'] => {
  if (!r.evidenceLinkKind || !r.evidenceLinkId || !maySeeLinkKind(viewer, r.evidenceLinkKind)) return null;
  if (r.evidenceLinkKind === 'walkIn' && !(r.linkWalkInRoute && walkInRoutesOf(viewer).includes(r.linkWalkInRoute))) return null;
  const label = r.evidenceLinkKind === 'walkIn' ? r.linkWalkIn : r.evidenceLinkKind === 'mediationCase' ? r.linkCase : r.linkResident;
  return { kind: r.evidenceLinkKind, id: r.evidenceLinkId, label: label ?? '', ...(r.linkWalkInQueueNo ? { queueNo: r.linkWalkInQueueNo } : {}) };
};

const taskView = (r: TaskRow, today: string, viewer: Role, photos: PhotoRow[] = []): Task => ({
  id: r.id,
  version: r.version,
  standardCode: r.standardCode,
  function: r.function,
  title: r.title,
  note: r.note,
  assignee: { id: r.assigneeId, name: r.assigneeName, role: r.assigneeRole },
  assignedBy: r.assignedByName,
  assignedOn: r.assignedOn,
  dueDate: r.dueDate,
  recurrence: r.recurrence,
  status: r.cancelledAt ? 'cancelled' : r.status,
  overdue: !r.cancelledAt && r.status === 'open' && r.dueDate < today,
  doneAt: r.doneAt,
  doneBy: r.doneByName,
  doneLate: r.status === 'done' && r.doneDate !== null && r.doneDate > r.dueDate,
  evidenceNote: r.evidenceNote,
  evidenceLink: linkView(r, viewer),
  evidencePhotos: photos.filter((p) => p.taskId === r.id).map(photoView),
  nextTaskId: r.nextTaskId,
  cancelReason: r.cancelReason,
});


/** The photos of these tasks, in the order they came; only done tasks have any. */
const photosOf = async (manager: EntityManager, rows: TaskRow[]): Promise<PhotoRow[]> => {
  const done = rows.filter((r) => r.status === 'done').map((r) => r.id);
  if (done.length === 0) return [];
  return manager.query(`SELECT * FROM "office_task_photo" WHERE "cancelledAt" IS NULL AND "taskId" IN (${done.map(() => '?').join(', ')}) ORDER BY "taskId", "seq"`, done);
};

const viewsOf = async (manager: EntityManager, rows: TaskRow[], who: Who): Promise<Task[]> => {
  const day = todayOf(who);
  const viewer = who.role;
  const photos = await photosOf(manager, rows);
  return rows.map((r) => taskView(r, day, viewer, photos));
};

const taskRow = async (manager: EntityManager, id: string): Promise<TaskRow> => {
  const [row] = (await manager.query(`${TASK_SELECT} WHERE t."id" = ?`, [id])) as TaskRow[];
  if (!row) throw notFound('office.task.notFound');
  return row;
};

export const getTask = async (manager: EntityManager, who: Who, id: string): Promise<Task> => (await viewsOf(manager, [await taskRow(manager, id)], who))[0];

/** The due date after `due` in the task's rhythm: the first one not already past, so a task done late does not leave a trail of dead occurrences. */
export const nextDueDate = (due: string, recurrence: Exclude<Recurrence, 'none'>, todayDate: string): string => {
  const step = (d: string, n: number): string => {
    if (recurrence === 'daily') return addDays(d, n);
    if (recurrence === 'weekly') return addDays(d, 7 * n);
    // monthly keeps the day of the month, or the month's last day when it is shorter
    const [y, m, day] = d.split('-').map(Number);
    const target = new Date(Date.UTC(y, m - 1 + n, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    return `${target.getUTCFullYear()}-${String(target.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
  };
  let n = 1;
  let next = step(due, n);
  while (next < todayDate) next = step(due, ++n);
  return next;
};

const assigneeOf = async (manager: EntityManager, staffId: string) => {
  const [row] = (await manager.query(`SELECT "id", "name", "role" FROM "staff" WHERE "id" = ? AND "active" = 1 AND "cancelledAt" IS NULL`, [staffId])) as { id: string; name: string; role: Role }[];
  if (!row || !can(row.role, 'office.tasks')) throw validationError('assigneeId', 'office.task.assigneeUnknown');
  return row;
};

/** A task as it is assigned, whether by hand or as the next of a recurring one: open, nothing done on it yet. */
const NOT_DONE_YET = {
  status: 'open',
  doneAt: null,
  doneDate: null,
  doneById: null,
  evidenceNote: null,
  evidenceLinkKind: null,
  evidenceLinkId: null,
  nextTaskId: null,
} as const;

export const assignTask = async (
  manager: EntityManager,
  who: Who,
  input: { standardCode: string | null; title: string | null; function: TaskFunction | null; note: string | null; assigneeId: string; dueDate: string; recurrence: Recurrence },
): Promise<string> => {
  const day = todayOf(who);
  // a task is created today: it cannot have fallen due before
  if (input.dueDate < day) throw validationError('dueDate', 'office.task.dueBeforeCreated', { today: day });
  await assigneeOf(manager, input.assigneeId);
  let title = input.title;
  let fn = input.function;
  if (input.standardCode !== null) {
    const standard = await liveStandard(manager);
    const std = standard.tasks.find((t) => t.code === input.standardCode);
    if (!std) throw validationError('standardCode', 'office.task.standardUnknown', { code: input.standardCode });
    title = title ?? std.zh;
    fn = std.function;
  }
  const { id } = await taskTable.insert(manager, who, {
    standardCode: input.standardCode,
    function: fn!,
    title: title!,
    note: input.note,
    assigneeId: input.assigneeId,
    assignedById: who.staffId,
    assignedOn: day,
    dueDate: input.dueDate,
    recurrence: input.recurrence,
    ...NOT_DONE_YET,
    previousTaskId: null,
  });
  return id;
};

const LINK_TABLE: Record<LinkKind, string> = { walkIn: 'walk_in', mediationCase: 'mediation_case', resident: 'resident' };

/** Whoever may act on a task: the one it is assigned to, and whoever assigns tasks. */
const mayHandle = (who: Who, row: TaskRow) => can(who.role, 'office.assignTasks') || row.assigneeId === who.staffId;

/**
 * Marks a task done with its evidence: a note, a link to a record, a photo (stored before the
 * row that records it). A recurring task's completion creates its next occurrence for the same
 * person, in the same rhythm.
 */
export const completeTask = async (
  manager: EntityManager,
  who: Who,
  store: FileStore,
  input: {
    id: string;
    version: number;
    note: string | null;
    link: { kind: LinkKind; id: string } | null;
    photo: { fileName: string; content: Uint8Array; fileType: FileTypeName } | null;
  },
): Promise<{ id: string; nextId: string | null; photoId: string | null }> => {
  const row = await taskRow(manager, input.id);
  if (row.cancelledAt) throw conflict('office.task.cancelled');
  checkVersion(row, input.version);
  if (row.status === 'done') throw conflict('office.task.alreadyDone');
  // the head may record it for someone; anyone else completes only their own
  if (!mayHandle(who, row)) throw forbidden('office.task.notYours');
  if (input.link) {
    if (!maySeeLinkKind(who.role, input.link.kind)) throw forbidden('office.task.linkKind');
    const isWalkIn = input.link.kind === 'walkIn';
    const [found]: { route: Route | null }[] = await manager.query(
      `SELECT ${isWalkIn ? '"route"' : 'NULL AS "route"'} FROM "${LINK_TABLE[input.link.kind]}" WHERE "id" = ? AND "cancelledAt" IS NULL`,
      [input.link.id],
    );
    // a walk-in of a zone the caller does not serve is as good as none
    if (!found || (isWalkIn && !walkInRoutesOf(who.role).includes(found.route as Route))) throw validationError('link.id', 'office.task.linkNotFound');
  }
  const day = todayOf(who);
  const at = who.now.toISOString();
  let photoId: string | null = null;
  if (input.photo) {
    photoId = uuidv7();
    const stored = await storeFile(store, { folder: TASK_FILES_FOLDER, ownerId: row.id, id: photoId }, input.photo.fileType, input.photo.content);
    await taskPhotoTable.insert(
      manager,
      who,
      { taskId: row.id, seq: 1, fileName: input.photo.fileName, fileType: input.photo.fileType, ...stored, uploadedAt: at, uploadedById: who.staffId },
      photoId,
    );
  }
  let nextId: string | null = null;
  if (row.recurrence !== 'none') {
    ({ id: nextId } = await taskTable.insert(manager, who, {
      standardCode: row.standardCode,
      function: row.function,
      title: row.title,
      note: row.note,
      assigneeId: row.assigneeId,
      assignedById: who.staffId,
      assignedOn: day,
      dueDate: nextDueDate(row.dueDate, row.recurrence, day),
      recurrence: row.recurrence,
      ...NOT_DONE_YET,
      previousTaskId: row.id,
    }));
  }
  await taskTable.update(manager, who, row, null, {
    status: 'done',
    doneAt: at,
    doneDate: day,
    doneById: who.staffId,
    evidenceNote: input.note,
    evidenceLinkKind: input.link?.kind ?? null,
    evidenceLinkId: input.link?.id ?? null,
    nextTaskId: nextId,
  });
  return { id: row.id, nextId, photoId };
};

/** A photo's bytes, as they were recorded: for the head and the one the task is assigned to. */
export const photoContent = async (manager: EntityManager, who: Who, store: FileStore, taskId: string, photoId: string): Promise<FileContent> => {
  const row = await taskRow(manager, taskId);
  if (!mayHandle(who, row)) throw forbidden('office.task.notYours');
  const [photo] = (await manager.query(`SELECT * FROM "office_task_photo" WHERE "id" = ? AND "taskId" = ? AND "cancelledAt" IS NULL`, [photoId, taskId])) as PhotoRow[];
  if (!photo) throw notFound('office.task.photoNotFound');
  const bytes = await readStoredFile(store, photo);
  return { id: photo.id, fileName: photo.fileName, mime: photo.mime, size: photo.size, sha256: photo.sha256, base64: bytes.toString('base64') };
};

export const cancelTask = async (manager: EntityManager, who: Who, input: { id: string; version: number; reason: string }): Promise<void> => {
  const row = await taskRow(manager, input.id);
  if (row.cancelledAt) throw conflict('office.task.cancelled');
  checkVersion(row, input.version);
  if (row.status === 'done') throw conflict('office.task.alreadyDone');
  await taskTable.cancel(manager, who, row, null, input.reason);
};

export const listTasks = async (manager: EntityManager, who: Who, input: { scope: 'mine' | 'all'; status: 'open' | 'done' | 'cancelled' | 'all'; limit: number }): Promise<Task[]> => {
  const where: string[] = [];
  const params: unknown[] = [];
  // everyone's tasks are the head's view
  if (input.scope === 'mine' || !can(who.role, 'office.assignTasks')) {
    where.push(`t."assigneeId" = ?`);
    params.push(who.staffId);
  }
  if (input.status === 'open') where.push(`t."status" = 'open' AND t."cancelledAt" IS NULL`);
  else if (input.status === 'done') where.push(`t."status" = 'done' AND t."cancelledAt" IS NULL`);
  else if (input.status === 'cancelled') where.push(`t."cancelledAt" IS NOT NULL`);
  const order = input.status === 'open' ? `t."dueDate", t."id"` : `COALESCE(t."doneAt", t."updatedAt") DESC, t."id" DESC`;
  const rows = (await manager.query(`${TASK_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`, [...params, input.limit])) as TaskRow[];
  return viewsOf(manager, rows, who);
};

/** Open tasks past their due date: the caller's own, or everyone's for the head. */
export const overdueTasks = async (manager: EntityManager, who: Who, limit: number): Promise<{ tasks: Task[]; total: number }> => {
  const day = todayOf(who);
  const mine = !can(who.role, 'office.assignTasks');
  const filter = `t."status" = 'open' AND t."cancelledAt" IS NULL AND t."dueDate" < ?${mine ? ` AND t."assigneeId" = ?` : ''}`;
  const params = mine ? [day, who.staffId] : [day];
  const [{ n }] = await manager.query(`SELECT COUNT(*) AS "n" FROM "office_task" t WHERE ${filter}`, params);
  const rows = (await manager.query(`${TASK_SELECT} WHERE ${filter} ORDER BY t."dueDate", t."id" LIMIT ?`, [...params, limit])) as TaskRow[];
  return { tasks: rows.map((r) => taskView(r, day, who.role)), total: Number(n) };
};

/** Records a task's evidence can point at, newest first; a few words narrow them. */
export const linkOptions = async (manager: EntityManager, who: Who, kind: LinkKind, q: string | null): Promise<LinkOption[]> => {
  // only records the role sees at all: a grid worker finds no front-desk visitor and no case
  if (!maySeeLinkKind(who.role, kind)) throw forbidden('office.task.linkKind');
  const likeOf = (text: string) => `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const like = q ? likeOf(q) : null;
  if (kind === 'walkIn') {
    // a number as the reader sees it (M-003 in English) is looked up as stored (调-003)
    const numberLike = q ? likeOf(storedQueueNumber(q)) : null;
    const since = addDays(todayOf(who), -30);
    const routes = walkInRoutesOf(who.role);
    const rows: { id: string; localDate: string; queueNo: string; visitorName: string }[] = await manager.query(
      `SELECT "id", "localDate", "queueNo", "visitorName" FROM "walk_in" WHERE "localDate" >= ? AND "cancelledAt" IS NULL AND "route" IN (${routes.map(() => '?').join(', ')})
       ${like ? `AND ("queueNo" LIKE ? ESCAPE '\\' OR "visitorName" LIKE ? ESCAPE '\\')` : ''} ORDER BY "arrivedAt" DESC LIMIT 20`,
      like ? [since, ...routes, numberLike, like] : [since, ...routes],
    );
    return rows.map((r) => ({ id: r.id, label: `${r.localDate} ${r.queueNo} ${r.visitorName}`, queueNo: r.queueNo }));
  }
  if (kind === 'mediationCase') {
    const rows: { id: string; caseNo: string; place: string }[] = await manager.query(
      `SELECT "id", "caseNo", "place" FROM "mediation_case" WHERE "cancelledAt" IS NULL ${like ? `AND ("caseNo" LIKE ? ESCAPE '\\' OR "place" LIKE ? ESCAPE '\\')` : ''} ORDER BY "registeredAt" DESC LIMIT 20`,
      like ? [like, like] : [],
    );
    return rows.map((r) => ({ id: r.id, label: `${r.caseNo} ${r.place}` }));
  }
  // names and ages only: the label never carries an ID or phone number, nor the birth date (8 of the ID's digits)
  const rows: { id: string; name: string; birthDate: string | null }[] = await manager.query(
    `SELECT "id", "name", "birthDate" FROM "resident" WHERE "cancelledAt" IS NULL ${like ? `AND ("name" LIKE ? ESCAPE '\\' OR "pinyin" LIKE ? ESCAPE '\\' OR "initials" LIKE ? ESCAPE '\\')` : ''} ORDER BY "collectedAt" DESC LIMIT 20`,
    like ? [like, like, like] : [],
  );
  const day = todayOf(who);
  return rows.map((r) => ({ id: r.id, label: r.birthDate ? `${r.name}（${ageOn(r.birthDate, day)}）` : r.name }));
};
