import { auditDetail, type AuditDetail } from '../../shared/audit/details.js';
import {
  mediationAcknowledgeFailure,
  mediationAddParty,
  mediationAddSession,
  mediationAgreementDocument,
  mediationAlerts,
  mediationArchive,
  mediationAssign,
  mediationCancel,
  mediationDecline,
  mediationExtend,
  mediationGet,
  mediationOpenCase,
  mediationPoolCreate,
  mediationPoolList,
  mediationPoolUpdate,
  mediationQueue,
  mediationRecordAgreement,
  mediationRecordFailure,
  mediationRecordFollowUp,
  mediationRisk,
  mediationScheduleFollowUp,
  mediationSettingsGet,
  mediationSettingsUpdate,
  mediationSignSession,
  mediationStats,
  mediationSuggestMediators,
  mediationUpdate,
  mediationUpdateParty,
  mediationAccept,
  mediationAttachFile,
  mediationFileContent,
  mediationWithdrawFile,
} from '../../shared/mediation/contract.js';
import { can } from '../../shared/permissions.js';
import { attachFile, readFileContent, withdrawFile } from './files.service.js';
import { actor, currentStation, handle, type Ctx, whoOf } from '../context.js';
import { caseRisk, getAgreementDocument, getCase } from './caseView.service.js';
import { addParty, openCase, rescoreOpenCases, updateCase, updateParty } from './mediation.service.js';
import {
  acceptCase,
  acknowledgeFailure,
  addSession,
  archiveCase,
  assignMediators,
  cancelCase,
  declineCase,
  extendCase,
  recordAgreement,
  recordFailure,
  recordFollowUp,
  scheduleFollowUp,
  signSession,
} from './steps.service.js';
import { createMediator, getMediator, listPool, suggestMediators, updateMediator } from './pool.service.js';
import { alertsOf, queueOf } from './queue.service.js';
import { getSettings, saveSettings } from './settings.service.js';
import { statsOf } from './stats.service.js';

/** Every change answers with the case as it now is (new version, next actions). */
const view = (ctx: Ctx, id: string) => getCase(ctx.manager, id, ctx.now, currentStation(ctx).timeZone);

/** Records in the audit entry what the call did to the case, beyond its name. */
const note = (ctx: Ctx, id: string, detail: AuditDetail | string | null) => {
  ctx.audit = { recordId: id, detail };
};

export const mediationHandlers = [
  handle(mediationOpenCase, async (ctx, input) => {
    const id = await openCase(ctx.manager, whoOf(ctx), actor(ctx).role, input);
    note(ctx, id, auditDetail('caseOpened', { source: input.source, walkInId: input.walkInId ?? null }));
    return view(ctx, id);
  }),

  handle(mediationGet, async (ctx, input) => view(ctx, input.id)),

  handle(mediationQueue, async (ctx, input) => queueOf(ctx.manager, input, ctx.now, currentStation(ctx).timeZone)),

  handle(mediationAlerts, async (ctx) => alertsOf(ctx.manager, ctx.now, currentStation(ctx).timeZone)),

  handle(mediationUpdate, async (ctx, { id, version, ...fields }) => {
    await updateCase(ctx.manager, whoOf(ctx), id, version, fields);
    return view(ctx, id);
  }),

  handle(mediationAddParty, async (ctx, input) => {
    await addParty(ctx.manager, whoOf(ctx), input.id, input.version, input.party);
    note(ctx, input.id, auditDetail('partyAdded', { name: input.party.name }));
    return view(ctx, input.id);
  }),

  handle(mediationUpdateParty, async (ctx, input) => {
    await updateParty(ctx.manager, whoOf(ctx), input.id, input.version, input.partyId, input.party);
    note(ctx, input.id, auditDetail('partyChanged', { partyId: input.partyId }));
    return view(ctx, input.id);
  }),

  handle(mediationAccept, async (ctx, input) => {
    await acceptCase(ctx.manager, whoOf(ctx), input.id, input.version);
    note(ctx, input.id, auditDetail('caseStep', { step: 'accepted' }));
    return view(ctx, input.id);
  }),

  handle(mediationDecline, async (ctx, input) => {
    await declineCase(ctx.manager, whoOf(ctx), input.id, input.version, input.reason, input.refusingPartyId);
    note(ctx, input.id, auditDetail('caseStepWithReason', { step: 'declined', reason: input.reason }));
    return view(ctx, input.id);
  }),

  handle(mediationAssign, async (ctx, input) => {
    await assignMediators(ctx.manager, whoOf(ctx), input.id, input.version, input.mediatorIds, input.chosenByParties);
    note(ctx, input.id, auditDetail('mediatorsAssigned', { mediatorIds: input.mediatorIds, chosenByParties: Boolean(input.chosenByParties) }));
    return view(ctx, input.id);
  }),

  handle(mediationSuggestMediators, async (ctx, input) => suggestMediators(ctx.manager, input.id)),

  handle(mediationAddSession, async (ctx, { id, version, ...session }) => {
    await addSession(ctx.manager, whoOf(ctx), id, version, session);
    note(ctx, id, auditDetail('sessionAdded', { heldAt: session.heldAt }));
    return view(ctx, id);
  }),

  handle(mediationSignSession, async (ctx, input) => {
    await signSession(ctx.manager, whoOf(ctx), input.id, input.version, input.sessionId, input.signedPartyIds, input.mediatorSigned);
    note(ctx, input.id, auditDetail('sessionSigned', { sessionId: input.sessionId }));
    return view(ctx, input.id);
  }),

  handle(mediationRecordAgreement, async (ctx, { id, version, ...agreement }) => {
    await recordAgreement(ctx.manager, whoOf(ctx), id, version, agreement);
    note(ctx, id, auditDetail('caseStep', { step: 'agreed' }));
    return view(ctx, id);
  }),

  handle(mediationAgreementDocument, async (ctx, input) => {
    const unmasked = can(actor(ctx).role, 'person.unmask');
    note(ctx, input.id, auditDetail('agreementDocument', { unmasked }));
    return getAgreementDocument(ctx.manager, input.id, currentStation(ctx).community, unmasked);
  }),

  handle(mediationRecordFailure, async (ctx, input) => {
    await recordFailure(ctx.manager, whoOf(ctx), input.id, input.version, input.feedback, input.refusingPartyId);
    note(ctx, input.id, auditDetail('caseStep', { step: 'failed' }));
    return view(ctx, input.id);
  }),

  handle(mediationAcknowledgeFailure, async (ctx, input) => {
    await acknowledgeFailure(ctx.manager, whoOf(ctx), input.id, input.version, input.note);
    note(ctx, input.id, auditDetail('caseStep', { step: 'failureAcknowledged' }));
    return view(ctx, input.id);
  }),

  handle(mediationExtend, async (ctx, { id, version, ...extension }) => {
    await extendCase(ctx.manager, whoOf(ctx), id, version, extension);
    note(ctx, id, auditDetail('caseStepWithReason', { step: 'extended', reason: extension.reason }));
    return view(ctx, id);
  }),

  handle(mediationScheduleFollowUp, async (ctx, input) => {
    await scheduleFollowUp(ctx.manager, whoOf(ctx), input.id, input.version, input.date);
    note(ctx, input.id, auditDetail('followUpScheduled', { date: input.date }));
    return view(ctx, input.id);
  }),

  handle(mediationRecordFollowUp, async (ctx, { id, version, ...visit }) => {
    await recordFollowUp(ctx.manager, whoOf(ctx), id, version, visit);
    note(ctx, id, auditDetail('followUpDone', { performance: visit.performance ?? null }));
    return view(ctx, id);
  }),

  handle(mediationArchive, async (ctx, input) => {
    await archiveCase(ctx.manager, whoOf(ctx), input.id, input.version);
    note(ctx, input.id, auditDetail('caseStep', { step: 'archived' }));
    return view(ctx, input.id);
  }),

  handle(mediationCancel, async (ctx, input) => {
    await cancelCase(ctx.manager, whoOf(ctx), input.id, input.version, input.reason);
    note(ctx, input.id, auditDetail('caseStepWithReason', { step: 'cancelled', reason: input.reason }));
    return view(ctx, input.id);
  }),

  handle(mediationAttachFile, async (ctx, input) => {
    const file = await attachFile(ctx.manager, whoOf(ctx), ctx.core, input);
    note(ctx, input.id, auditDetail('fileAttached', { seq: file.seq, file: { fileName: file.fileName, mime: file.mime, size: file.size, sha256: file.sha256 } }));
    return view(ctx, input.id);
  }),

  handle(mediationFileContent, async (ctx, input) => {
    const content = await readFileContent(ctx.manager, ctx.core, input.id, input.fileId);
    note(ctx, input.id, auditDetail('fileOpened', { fileId: input.fileId, fileName: content.fileName }));
    return content;
  }),

  handle(mediationWithdrawFile, async (ctx, input) => {
    await withdrawFile(ctx.manager, whoOf(ctx), input.id, input.fileId, input.reason);
    note(ctx, input.id, auditDetail('fileWithdrawn', { fileId: input.fileId, reason: input.reason }));
    return view(ctx, input.id);
  }),

  handle(mediationPoolList, async (ctx, input) => listPool(ctx.manager, input.includeInactive)),

  handle(mediationPoolCreate, async (ctx, input) => getMediator(ctx.manager, await createMediator(ctx.manager, whoOf(ctx), input))),

  handle(mediationPoolUpdate, async (ctx, { id, version, ...fields }) => {
    await updateMediator(ctx.manager, whoOf(ctx), id, version, fields);
    return getMediator(ctx.manager, id);
  }),

  handle(mediationRisk, async (ctx, input) => caseRisk(ctx.manager, whoOf(ctx), input.id)),

  handle(mediationSettingsGet, async (ctx) => getSettings(ctx.manager, currentStation(ctx).id)),

  handle(mediationSettingsUpdate, async (ctx, input) => {
    const me = whoOf(ctx);
    await saveSettings(ctx.manager, me, input);
    // open cases are judged by the rules in force: re-score them now, in the same transaction
    const rescored = await rescoreOpenCases(ctx.manager, me);
    const settings = await getSettings(ctx.manager, me.stationId);
    ctx.audit = { recordId: null, detail: auditDetail('mediationSettings', { startLimitHours: input.startLimitHours, rescored }) };
    return settings;
  }),

  handle(mediationStats, async (ctx, input) => statsOf(ctx.manager, input, ctx.now)),
];
