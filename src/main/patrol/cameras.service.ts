/** Video channels: the registry of cameras, and the check rounds that mark each one ok or at fault. */
import type { EntityManager } from 'typeorm';
import { validationError } from '../../shared/errors.js';
import type { CameraRoundView, CameraView } from '../../shared/patrol/prevention.contract.js';
import { checkVersion } from '../db/baseColumns.js';
import { notInFuture, refuseTaken, type Who } from './prevention.common.js';
import { cameraCheckTable, cameraRoundTable, cameraTable, type CameraRow } from './prevention.entity.js';

const cameraView = (r: CameraRow): CameraView => ({
  id: r.id,
  version: r.version,
  code: r.code,
  place: r.place,
  facing: r.facing,
  ownerUnit: r.ownerUnit,
  note: r.note,
  status: r.status,
  faultNote: r.faultNote,
  faultSince: r.faultSince,
  lastCheckedAt: r.lastCheckedAt,
});

export const listCameras = async (manager: EntityManager): Promise<CameraView[]> =>
  ((await manager.query(`SELECT * FROM "prevention_camera" WHERE "cancelledAt" IS NULL ORDER BY "code"`)) as CameraRow[]).map(cameraView);

const codeFree = (manager: EntityManager, code: string, exceptId: string) =>
  refuseTaken<{ place: string }>(manager, 'prevention_camera', 'code', code, exceptId, 'prevention.camera.codeTaken', (other) => ({ code, place: other.place }));

type CameraFields = { code: string; place: string; facing: string | null; ownerUnit: string; note: string | null };

export const addCamera = async (manager: EntityManager, who: Who, input: CameraFields): Promise<CameraView> => {
  await codeFree(manager, input.code, '');
  return cameraView(await cameraTable.insert(manager, who, { ...input, status: 'unchecked', faultNote: null, faultSince: null, lastCheckedAt: null }));
};

export const updateCamera = async (manager: EntityManager, who: Who, input: CameraFields & { id: string; version: number }): Promise<CameraView> => {
  const row = await cameraTable.loadLive(manager, input.id, 'prevention.camera.notFound');
  checkVersion(row, input.version);
  await codeFree(manager, input.code, row.id);
  const { code, place, facing, ownerUnit, note } = input;
  return cameraView(await cameraTable.update(manager, who, row, null, { code, place, facing, ownerUnit, note }));
};

/**
 * Records a check round. A fault sets the camera's status with the note (the fault's start is kept
 * while it lasts); an ok clears it. A round entered late, older than a camera's last check, is kept
 * in its history but does not overturn what the newer check found.
 */
export const recordRound = async (
  manager: EntityManager,
  who: Who,
  input: { checkedAt?: string; note: string | null; results: { cameraId: string; ok: boolean; note: string | null }[] },
): Promise<string> => {
  const checkedAt = input.checkedAt ?? who.now.toISOString();
  notInFuture(who, checkedAt, 'checkedAt');
  const cameras = new Map(((await manager.query(`SELECT * FROM "prevention_camera" WHERE "cancelledAt" IS NULL`)) as CameraRow[]).map((c) => [c.id, c]));
  input.results.forEach((r, i) => {
    if (!cameras.has(r.cameraId)) throw validationError(`results.${i}.cameraId`, 'prevention.camera.notFound');
  });
  const round = await cameraRoundTable.insert(manager, who, {
    checkedAt,
    checkedById: who.staffId,
    note: input.note,
    cameraCount: input.results.length,
    faultCount: input.results.filter((r) => !r.ok).length,
  });
  for (const r of input.results) {
    await cameraCheckTable.insert(manager, who, { roundId: round.id, cameraId: r.cameraId, ok: r.ok, note: r.note });
    const camera = cameras.get(r.cameraId)!;
    if (camera.lastCheckedAt !== null && camera.lastCheckedAt > checkedAt) continue;
    const found = r.ok
      ? { status: 'ok' as const, faultNote: null, faultSince: null }
      : { status: 'fault' as const, faultNote: r.note, faultSince: camera.status === 'fault' && camera.faultSince ? camera.faultSince : checkedAt };
    cameras.set(camera.id, await cameraTable.update(manager, who, camera, null, { ...found, lastCheckedAt: checkedAt }));
  }
  return round.id;
};

export const listRounds = async (manager: EntityManager, limit: number, roundId?: string): Promise<CameraRoundView[]> => {
  const rounds: { id: string; checkedAt: string; checkedByName: string; note: string | null; faultCount: number }[] = await manager.query(
    `SELECT r."id", r."checkedAt", s."name" AS "checkedByName", r."note", r."faultCount" FROM "prevention_camera_round" r JOIN "staff" s ON s."id" = r."checkedById"
     WHERE r."cancelledAt" IS NULL ${roundId ? 'AND r."id" = ?' : ''} ORDER BY r."checkedAt" DESC LIMIT ?`,
    roundId ? [roundId, limit] : [limit],
  );
  if (rounds.length === 0) return [];
  const checks: { roundId: string; cameraId: string; code: string; place: string; ok: number; note: string | null }[] = await manager.query(
    `SELECT k."roundId", k."cameraId", c."code", c."place", k."ok", k."note" FROM "prevention_camera_check" k JOIN "prevention_camera" c ON c."id" = k."cameraId"
     WHERE k."roundId" IN (${rounds.map(() => '?').join(', ')}) ORDER BY c."code"`,
    rounds.map((r) => r.id),
  );
  return rounds.map((r) => ({
    id: r.id,
    checkedAt: r.checkedAt,
    checkedBy: r.checkedByName,
    note: r.note,
    faults: r.faultCount,
    results: checks.filter((k) => k.roundId === r.id).map((k) => ({ cameraId: k.cameraId, code: k.code, place: k.place, ok: Boolean(k.ok), note: k.note })),
  }));
};
