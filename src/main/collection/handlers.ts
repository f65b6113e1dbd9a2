import { auditDetail } from '../../shared/audit/details.js';
import {
  collectionAddNode,
  collectionAppointmentCreate,
  collectionAppointmentGet,
  collectionAppointments,
  collectionAppointmentSetStatus,
  collectionBatchRooms,
  collectionCancelNode,
  collectionChart,
  collectionCompleteness,
  collectionDivisions,
  collectionExport,
  collectionHouse,
  collectionHouseSave,
  collectionImportCancel,
  collectionImportCommit,
  collectionImportPreview,
  collectionImportProgress,
  collectionImportRejects,
  collectionMoveNode,
  collectionMoveOut,
  collectionNode,
  collectionResidentCreate,
  collectionResidentGet,
  collectionResidents,
  collectionResidentUpdate,
  collectionReveal,
  collectionSearch,
  collectionTree,
  collectionUnits,
  collectionUnitSave,
  collectionUpdateNode,
} from '../../shared/collection/contract.js';
import { notFound } from '../../shared/errors.js';
import { can } from '../../shared/permissions.js';
import { actor, currentStation, handle, type Ctx, todayOf, whoOf, type Who } from '../context.js';
import { addNode, batchRooms, cancelNode, childrenOf, moveNode, nodeDetail, updateNode } from './address.service.js';
import { createAppointment, getAppointment, listAppointments, setAppointmentStatus } from './appointment.service.js';
import { buildingChart, completeness } from './chart.service.js';
import type { EntityManager } from 'typeorm';
import { rescoreOpenCases } from '../mediation/mediation.service.js';
import type { ResidentRow } from './collection.entity.js';
import { findDivisions } from './divisions.js';
import { exportList } from './export.service.js';
import { getHouse, listUnits, saveHouse, saveUnit } from './house.service.js';
import { commitImport, previewImport, rejectsWorkbook } from './import.service.js';
import { cancelTicket, ticketProgress } from './importJobs.js';
import { createResident, getResident, listResidents, loadResident, moveOut, revealResident, updateResident } from './resident.service.js';
import { search } from './search.service.js';

const stationInfo = (ctx: Ctx) => {
  const s = currentStation(ctx);
  const phones: { number: string }[] = JSON.parse(s.dutyPhones);
  return { name: s.name, dutyPhone: phones[0]?.number ?? '' };
};

/** A person under care is a warning in the disputes they are party to: their open cases are re-scored when that changes. */
const rescoreIfCareChanged = async (manager: EntityManager, w: Who, before: ResidentRow | null, after: ResidentRow) => {
  const cared = (r: ResidentRow | null) => Boolean(r && r.careReason && !r.movedOutOn);
  if (cared(before) === cared(after)) return;
  for (const r of [before, after]) {
    if (r?.idNumber) await rescoreOpenCases(manager, w, { person: { idType: r.idType, idNumber: r.idNumber } });
  }
};

export const collectionHandlers = [
  handle(collectionTree, async (ctx, input) => childrenOf(ctx.manager, input.parentId)),
  handle(collectionNode, async (ctx, input) => nodeDetail(ctx.manager, input.id)),
  handle(collectionAddNode, async (ctx, input) => {
    const row = await addNode(ctx.manager, whoOf(ctx), { ...input, floorNo: input.floorNo ?? null });
    return nodeDetail(ctx.manager, row.id);
  }),
  handle(collectionUpdateNode, async (ctx, input) => {
    await updateNode(ctx.manager, whoOf(ctx), input);
    return nodeDetail(ctx.manager, input.id);
  }),
  handle(collectionMoveNode, async (ctx, input) => {
    await moveNode(ctx.manager, whoOf(ctx), input);
    return nodeDetail(ctx.manager, input.id);
  }),
  handle(collectionCancelNode, async (ctx, input) => {
    ctx.audit.detail = input.reason;
    return { cancelled: await cancelNode(ctx.manager, whoOf(ctx), input) };
  }),
  handle(collectionBatchRooms, async (ctx, input) => {
    const result = await batchRooms(ctx.manager, whoOf(ctx), input);
    ctx.audit = { recordId: input.buildingId, detail: auditDetail('roomsBatch', { units: input.units, floors: input.floors, perFloor: input.roomsPerFloor, rooms: result.rooms }) };
    return result;
  }),
  handle(collectionDivisions, async (_ctx, input) => findDivisions(input.q)),

  handle(collectionResidentCreate, async (ctx, input) => {
    const w = whoOf(ctx);
    const row = await createResident(ctx.manager, w, input);
    await rescoreIfCareChanged(ctx.manager, w, null, row);
    return getResident(ctx.manager, w, row.id);
  }),
  handle(collectionResidentUpdate, async (ctx, input) => {
    const w = whoOf(ctx);
    const before = await loadResident(ctx.manager, input.id);
    const after = await updateResident(ctx.manager, w, input);
    await rescoreIfCareChanged(ctx.manager, w, before, after);
    return getResident(ctx.manager, w, input.id);
  }),
  handle(collectionResidentGet, async (ctx, input) => getResident(ctx.manager, whoOf(ctx), input.id)),
  handle(collectionMoveOut, async (ctx, input) => {
    const w = whoOf(ctx);
    const before = await loadResident(ctx.manager, input.id);
    await moveOut(ctx.manager, w, input);
    await rescoreIfCareChanged(ctx.manager, w, before, { ...before, movedOutOn: input.date });
    ctx.audit.detail = `${input.date} ${input.reason}`;
    return getResident(ctx.manager, w, input.id);
  }),
  handle(collectionResidents, async (ctx, input) => listResidents(ctx.manager, whoOf(ctx), input)),
  handle(collectionReveal, async (ctx, input) => {
    ctx.audit = { recordId: input.id, detail: input.reason };
    return revealResident(ctx.manager, input.id);
  }),

  handle(collectionHouseSave, async (ctx, input) => {
    const w = whoOf(ctx);
    await saveHouse(ctx.manager, w, input);
    const house = await getHouse(ctx.manager, w, input.addressId);
    if (!house) throw notFound('collection.houseNotFound');
    return house;
  }),
  handle(collectionHouse, async (ctx, input) => getHouse(ctx.manager, whoOf(ctx), input.addressId)),
  handle(collectionUnitSave, async (ctx, input) => {
    const id = await saveUnit(ctx.manager, whoOf(ctx), input);
    return (await listUnits(ctx.manager, { addressId: null, id, limit: 1 }))[0];
  }),
  handle(collectionUnits, async (ctx, input) => listUnits(ctx.manager, input)),

  handle(collectionChart, async (ctx, input) => buildingChart(ctx.manager, input.buildingId)),

  handle(collectionAppointmentCreate, async (ctx, input) => {
    const w = whoOf(ctx);
    const id = await createAppointment(ctx.manager, w, input);
    return getAppointment(ctx.manager, w, stationInfo(ctx), id);
  }),
  handle(collectionAppointments, async (ctx, input) => {
    const w = whoOf(ctx);
    return listAppointments(ctx.manager, w, stationInfo(ctx), { date: input.date ?? todayOf(w), buildingId: input.buildingId });
  }),
  handle(collectionAppointmentGet, async (ctx, input) => getAppointment(ctx.manager, whoOf(ctx), stationInfo(ctx), input.id)),
  handle(collectionAppointmentSetStatus, async (ctx, input) => {
    const w = whoOf(ctx);
    await setAppointmentStatus(ctx.manager, w, input);
    ctx.audit.detail = auditDetail('appointmentStatus', { status: input.status });
    return getAppointment(ctx.manager, w, stationInfo(ctx), input.id);
  }),

  handle(collectionSearch, async (ctx, input) => {
    const hits = await search(ctx.manager, input.q, input.limit, can(actor(ctx).role, 'person.unmask'));
    // what the search confirmed, not the digits typed: those stay out of the log like every number
    // rooms found by their number confirm nobody's: the entry names the first record a number found
    const confirmed = hits.filter((h) => h.type !== 'address');
    ctx.audit = { recordId: confirmed[0]?.id ?? null, detail: auditDetail('searchByNumber', { n: confirmed.length }) };
    return hits;
  }),
  handle(collectionCompleteness, async (ctx, input) => completeness(ctx.manager, input.worklistLimit)),

  handle(collectionImportPreview, async (ctx, input) => {
    const preview = await previewImport(ctx.manager, whoOf(ctx), input);
    ctx.audit = { recordId: null, detail: auditDetail('importPreview', { source: input.source, fileName: input.fileName, counts: preview.counts }) };
    return preview;
  }),
  handle(collectionImportCommit, async (ctx, input) => {
    const result = await commitImport(ctx.manager, whoOf(ctx), input);
    ctx.audit = { recordId: null, detail: auditDetail('importCommit', { source: input.source, fileName: input.fileName, counts: result.counts }) };
    return result;
  }),
  handle(collectionImportProgress, async (ctx, input) => ticketProgress(input.ticket, actor(ctx).staffId)),
  handle(collectionImportCancel, async (ctx, input) => ({ cancelled: cancelTicket(input.ticket, actor(ctx).staffId) })),
  handle(collectionImportRejects, async (ctx, input) => {
    ctx.audit = { recordId: null, detail: auditDetail('importRejects', { source: input.source, fileName: input.fileName }) };
    return rejectsWorkbook(ctx.manager, whoOf(ctx), input);
  }),
  handle(collectionExport, async (ctx, input) => exportList(ctx.manager, whoOf(ctx), input.list, input.addressId)),
];
