/**
 * The duty log's rows as read with their people's names, and the views the contract answers with.
 * Shared by the log (office.service.ts) and the handover (handover.service.ts).
 */
import type { ChecklistLine, DutyPerson, HandoverView, LogEntry, OpenItem, ShiftView } from '../../shared/office/contract.js';
import { readComposed } from '../../shared/office/composed.js';
import type { HandoverTableRow, LogEntryTableRow, ShiftTableRow } from './office.entity.js';

export type ShiftRow = ShiftTableRow & { openedByName: string };

export type EntryRow = LogEntryTableRow & { followUpOwnerName: string | null; closedByName: string | null; recordedByName: string | null };

export type HandoverRow = HandoverTableRow & { giverName: string; receiverName: string; shiftName: string; shiftStartsAt: string; shiftEndsAt: string };

export const SHIFT_SELECT = `SELECT s.*, st."name" AS "openedByName" FROM "office_shift" s JOIN "staff" st ON st."id" = s."openedById"`;
export const ENTRY_SELECT = `SELECT e.*, o."name" AS "followUpOwnerName", c."name" AS "closedByName", r."name" AS "recordedByName"
  FROM "office_log_entry" e
  LEFT JOIN "staff" o ON o."id" = e."followUpOwnerId"
  LEFT JOIN "staff" c ON c."id" = e."closedById"
  LEFT JOIN "staff" r ON r."id" = e."createdBy"`;
export const HANDOVER_SELECT = `SELECT h.*, g."name" AS "giverName", r."name" AS "receiverName",
    s."name" AS "shiftName", s."startsAt" AS "shiftStartsAt", s."endsAt" AS "shiftEndsAt"
  FROM "office_handover" h
  JOIN "staff" g ON g."id" = h."giverId"
  JOIN "staff" r ON r."id" = h."receiverId"
  JOIN "office_shift" s ON s."id" = h."shiftId"`;

export const shiftView = (r: ShiftRow): ShiftView => ({
  id: r.id,
  version: r.version,
  source: r.source,
  dutyDate: r.dutyDate,
  shiftKey: r.shiftKey,
  name: r.name,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  people: JSON.parse(r.people) as DutyPerson[],
  openedAt: r.openedAt,
  openedBy: r.openedByName,
  status: r.status,
  handedOverAt: r.handedOverAt,
});

export const entryView = (r: EntryRow): LogEntry => ({
  id: r.id,
  version: r.version,
  shiftId: r.shiftId,
  at: r.at,
  type: r.type,
  people: r.people,
  place: r.place,
  action: r.action,
  result: r.result,
  followUpOwner: r.followUpOwnerId ? { id: r.followUpOwnerId, name: r.followUpOwnerName ?? '' } : null,
  state: r.state,
  closedAt: r.closedAt,
  closedBy: r.closedByName,
  closeNote: r.closeNote,
  recordedBy: r.recordedByName,
  auto: null,
  composed: readComposed(r.composed),
});

export const handoverView = (r: HandoverRow): HandoverView => ({
  id: r.id,
  version: r.version,
  shiftId: r.shiftId,
  shiftName: r.shiftName,
  shiftStartsAt: r.shiftStartsAt,
  shiftEndsAt: r.shiftEndsAt,
  status: r.status,
  summary: r.summary,
  instructions: r.instructions,
  openItems: JSON.parse(r.openItems) as OpenItem[],
  checklist: JSON.parse(r.checklist) as ChecklistLine[],
  giver: { id: r.giverId, name: r.giverName },
  receiver: { id: r.receiverId, name: r.receiverName },
  giverSignedAt: r.giverSignedAt,
  receiverSignedAt: r.receiverSignedAt,
  createdAt: r.createdAt,
});
