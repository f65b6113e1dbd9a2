/** The office's routine: the standard task list and tasks, the notice library, the assessment. */
import { auditDetail } from '../../shared/audit/details.js';
import {
  officeAssessment,
  officeAssessmentItemAdd,
  officeAssessmentItemCancel,
  officeAssessmentRules,
  officeAssessmentRulesSave,
  officeAwardCancel,
  officeAwardRecord,
  officeAwards,
} from '../../shared/office/assessment.js';
import {
  officeNoticeGet,
  officeNoticeHistory,
  officeNoticePrint,
  officeNoticeTemplateRetire,
  officeNoticeTemplateSave,
  officeNoticeTemplates,
} from '../../shared/office/notices.js';
import {
  officeTaskAssign,
  officeTaskCancel,
  officeTaskComplete,
  officeTaskLinkOptions,
  officeTaskList,
  officeTaskOverdue,
  officeTaskPhoto,
  officeTaskStandard,
  officeTaskStandardReplace,
} from '../../shared/office/tasks.js';
import { can } from '../../shared/permissions.js';
import { handle, whoOf } from '../context.js';
import { addManualItem, assessment, awards, cancelAward, cancelManualItem, recordAward } from './assessment.service.js';
import { getRules, saveRules } from './assessmentRules.service.js';
import { getPrinted, getTemplate, listTemplates, printNotice, printedHistory, retireTemplate, saveTemplate } from './notices.service.js';
import { applyStandard, assignTask, cancelTask, completeTask, getTask, linkOptions, listTasks, liveStandard, overdueTasks, photoContent } from './tasks.service.js';

export const routineHandlers = [
  // ───── tasks ─────
  handle(officeTaskStandard, async (ctx) => liveStandard(ctx.manager)),

  handle(officeTaskStandardReplace, async (ctx, input) => {
    const who = whoOf(ctx);
    ctx.audit.detail = auditDetail('taskStandard', { listId: input.listId });
    return applyStandard(ctx.manager, who, input);
  }),

  handle(officeTaskList, async (ctx, input) => listTasks(ctx.manager, whoOf(ctx), input)),

  handle(officeTaskAssign, async (ctx, input) => {
    const who = whoOf(ctx);
    const id = await assignTask(ctx.manager, who, input);
    return getTask(ctx.manager, who, id);
  }),

  handle(officeTaskComplete, async (ctx, input) => {
    const who = whoOf(ctx);
    const { id, nextId, photoId } = await completeTask(ctx.manager, who, ctx.core, input);
    ctx.audit.recordId = id;
    const task = await getTask(ctx.manager, who, id);
    const photo = task.evidencePhotos.find((p) => p.id === photoId);
    if (nextId || photo) {
      const file = photo ? { fileName: photo.fileName, mime: photo.mime, size: photo.size, sha256: photo.sha256 } : null;
      ctx.audit.detail = auditDetail('taskCompleted', { nextId: nextId ?? null, photo: file });
    }
    return { task, next: nextId ? await getTask(ctx.manager, who, nextId) : null };
  }),

  handle(officeTaskPhoto, async (ctx, input) => {
    const content = await photoContent(ctx.manager, whoOf(ctx), ctx.core, input.id, input.photoId);
    ctx.audit.recordId = input.id;
    ctx.audit.detail = auditDetail('taskPhotoOpened', { fileName: content.fileName, sha256: content.sha256 });
    return content;
  }),

  handle(officeTaskCancel, async (ctx, input) => {
    const who = whoOf(ctx);
    await cancelTask(ctx.manager, who, input);
    ctx.audit.detail = input.reason;
    return getTask(ctx.manager, who, input.id);
  }),

  handle(officeTaskOverdue, async (ctx, input) => overdueTasks(ctx.manager, whoOf(ctx), input.limit)),

  handle(officeTaskLinkOptions, async (ctx, input) => linkOptions(ctx.manager, whoOf(ctx), input.kind, input.q)),

  // ───── notices ─────
  handle(officeNoticeTemplates, async (ctx, input) => listTemplates(ctx.manager, input.lang)),

  handle(officeNoticeTemplateSave, async (ctx, input) => {
    const id = await saveTemplate(ctx.manager, whoOf(ctx), input);
    return getTemplate(ctx.manager, id);
  }),

  handle(officeNoticeTemplateRetire, async (ctx, input) => {
    await retireTemplate(ctx.manager, whoOf(ctx), input);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),

  handle(officeNoticePrint, async (ctx, input) => {
    const id = await printNotice(ctx.manager, whoOf(ctx), input);
    const printed = await getPrinted(ctx.manager, id);
    ctx.audit.detail = printed.title;
    return printed;
  }),

  handle(officeNoticeGet, async (ctx, input) => getPrinted(ctx.manager, input.id)),

  handle(officeNoticeHistory, async (ctx, input) => printedHistory(ctx.manager, input.limit)),

  // ───── assessment ─────
  handle(officeAssessmentRules, async (ctx) => getRules(ctx.manager, whoOf(ctx).stationId)),

  handle(officeAssessmentRulesSave, async (ctx, input) => {
    const rules = await saveRules(ctx.manager, whoOf(ctx), input);
    const r = input.rating;
    // values, like the other assessment entries: the rule as set
    ctx.audit.detail = r.on ? auditDetail('ratingRule', { plus: r.pointsPerSatisfied, minus: r.pointsPerPoor, cap: r.cap }) : auditDetail('ratingRuleOff');
    return rules;
  }),

  handle(officeAssessment, async (ctx, input) => {
    const who = whoOf(ctx);
    // whoever assesses sees everyone's scores; anyone else their own
    return assessment(ctx.manager, who, input.period, can(who.role, 'office.assess') ? null : who.staffId);
  }),

  handle(officeAssessmentItemAdd, async (ctx, input) => {
    const line = await addManualItem(ctx.manager, whoOf(ctx), input);
    ctx.audit.recordId = line.itemId;
    ctx.audit.detail = auditDetail('assessmentItem', { staffId: input.staffId, period: input.period, side: input.side, points: line.points, reason: input.reason });
    return line;
  }),

  handle(officeAssessmentItemCancel, async (ctx, input) => {
    await cancelManualItem(ctx.manager, whoOf(ctx), input);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),

  handle(officeAwards, async (ctx, input) => awards(ctx.manager, whoOf(ctx), input.year)),

  handle(officeAwardRecord, async (ctx, input) => {
    const entry = await recordAward(ctx.manager, whoOf(ctx), input);
    ctx.audit.detail = auditDetail('award', { year: input.year, title: input.title, status: input.status });
    return entry;
  }),

  handle(officeAwardCancel, async (ctx, input) => {
    await cancelAward(ctx.manager, whoOf(ctx), input);
    ctx.audit.detail = input.reason;
    return { ok: true as const };
  }),
];
