/** The prevention contract: video channels and their rounds. */
import { z } from 'zod';
import { optionalText, text, uuid } from '../fields.js';
import { defineMethod } from '../method.js';
import { instant, k, reason, version } from './prevention.common.js';

// ───────────────────────────── video channels (视频通道) ─────────────────────────────

export const CAMERA_STATUSES = ['unchecked', 'ok', 'fault'] as const;
export type CameraStatus = (typeof CAMERA_STATUSES)[number];

export interface CameraView {
  id: string;
  version: number;
  /** the channel's id on the video platform (e.g. a GB/T 28181 code) */
  code: string;
  place: string;
  /** which way it looks, e.g. 朝北 / 东门出入口 */
  facing: string | null;
  ownerUnit: string;
  note: string | null;
  status: CameraStatus;
  faultNote: string | null;
  faultSince: string | null;
  lastCheckedAt: string | null;
}

const cameraFields = {
  code: z
    .string({ error: 'required' })
    .transform((s) => s.trim().toUpperCase())
    .pipe(z.string().min(1, { message: 'required' }).max(40, { message: 'tooLong' }).regex(/^[A-Z0-9_.-]+$/, { message: k('camera.codeCharacters') })),
  place: text(100),
  facing: optionalText(40),
  ownerUnit: text(80),
  note: optionalText(200),
};

export const patrolCamerasList = defineMethod<CameraView[]>()({
  name: 'patrol.camerasList',
  input: z.strictObject({}),
  access: 'prevention.view',
  kind: 'read',
});

export const patrolCameraAdd = defineMethod<CameraView>()({
  name: 'patrol.cameraAdd',
  input: z.strictObject(cameraFields),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export const patrolCameraUpdate = defineMethod<CameraView>()({
  name: 'patrol.cameraUpdate',
  input: z.strictObject({ id: uuid, version, ...cameraFields }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

/** A camera taken out of the station's platform: kept with the reason. */
export const patrolCameraRetire = defineMethod<{ ok: true }>()({
  name: 'patrol.cameraRetire',
  input: z.strictObject({ id: uuid, version, reason }),
  access: 'prevention.keepRegisters',
  kind: 'write',
});

export interface CameraRoundView {
  id: string;
  checkedAt: string;
  checkedBy: string;
  note: string | null;
  results: { cameraId: string; code: string; place: string; ok: boolean; note: string | null }[];
  faults: number;
}

export const cameraRoundInput = z
  .strictObject({
    /** when the round was made; now when absent */
    checkedAt: instant.optional(),
    note: optionalText(200),
    results: z
      .array(z.strictObject({ cameraId: uuid, ok: z.boolean({ error: 'required' }), note: optionalText(200) }), { error: 'required' })
      .min(1, { message: k('round.empty') })
      .max(2000, { message: 'tooLong' }),
  })
  .superRefine((v, ctx) => {
    v.results.forEach((r, i) => {
      // a fault is written down: what is wrong
      if (!r.ok && r.note === null) ctx.addIssue({ code: 'custom', message: k('round.faultNote'), path: ['results', i, 'note'] });
      if (v.results.findIndex((x) => x.cameraId === r.cameraId) !== i) ctx.addIssue({ code: 'custom', message: k('round.twice'), path: ['results', i, 'cameraId'] });
    });
  });

export const patrolCameraRound = defineMethod<CameraRoundView>()({
  name: 'patrol.cameraRound',
  input: cameraRoundInput,
  access: 'prevention.record',
  kind: 'write',
});

export const patrolCameraRounds = defineMethod<CameraRoundView[]>()({
  name: 'patrol.cameraRounds',
  input: z.strictObject({ limit: z.number().int().min(1).max(100).default(10) }),
  access: 'prevention.view',
  kind: 'read',
});
