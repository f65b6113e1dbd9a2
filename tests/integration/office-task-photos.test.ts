import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptFileBytes } from '../../src/main/db/fileCipher.js';
import { fileKeyFrom, keyFileProvider } from '../../src/main/db/key.js';
import { createHttpServer } from '../../src/main/serve.js';
import type { FileContent } from '../../src/shared/files.js';
import { MAX_PHOTO_BYTES, type Task } from '../../src/shared/office/tasks.js';
import { addStaff, ok, setUpStation, sql, type TestStation } from '../helpers/station.js';

/**
 * A standard task done with a photo, on a real station database and data directory: the photo
 * is checked by its bytes, stored sealed beside the database with its SHA-256 (as a mediation
 * case's files are), shown again only to those who may see the task, and refused whole when it
 * is not a JPEG or PNG photo of a sensible size.
 */
let st: TestStation | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await st?.close();
  st = undefined;
});

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The first bytes of a JPEG (the type is told by them) and a little more. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF'), Buffer.alloc(64, 0x11)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 0)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];

const call = <T = any>(s: TestStation, method: string, input: unknown, token = s.token) => ok<T>(s.core.call(method, input, { token }));
const attempt = (s: TestStation, method: string, input: unknown, token = s.token) => s.core.call(method, input, { token });

const station = async () => {
  const s = await setUpStation({ now: '2026-11-28T02:00:00Z' });
  st = s;
  const aux = await addStaff(s, 'auxiliary', '赵辅警');
  const officer = await addStaff(s, 'officer', '李警官');
  const task = await call<Task>(s, 'office.taskAssign', { standardCode: 'ZA-01', assigneeId: aux.id, dueDate: '2026-11-28', recurrence: 'daily' });
  return { s, aux, officer, task, photos: join(s.dir, 'office-files') };
};

describe('a task done with a photo', () => {
  it('is completed with a photo alone, stored sealed with its SHA-256, and shown again to the head and the assignee only', async () => {
    const { s, aux, officer, task, photos } = await station();
    const done = await call<{ task: Task; next: Task }>(s, 'office.taskComplete', { id: task.id, version: task.version, fileName: '巡逻现场.png', content: PNG }, aux.token);
    expect(done.task).toMatchObject({ status: 'done', evidenceNote: null, evidenceLink: null, doneBy: '赵辅警' });
    expect(done.task.evidencePhotos).toEqual([{ id: expect.any(String), fileName: '巡逻现场.png', mime: 'image/png', size: PNG.length, sha256: sha256(PNG), uploadedAt: '2026-11-28T02:00:00.000Z' }]);
    // the next day's patrol starts with no photo of its own
    expect(done.next.evidencePhotos).toEqual([]);
    const photo = done.task.evidencePhotos[0];

    // under a name the core makes, in the task's folder, sealed with the station's file key
    const stored = filesUnder(photos);
    expect(stored).toEqual([join(photos, task.id, `${photo.id}.png`)]);
    const onDisk = readFileSync(stored[0]);
    expect(onDisk.includes(PNG.subarray(0, 16))).toBe(false);
    expect(decryptFileBytes(fileKeyFrom(await keyFileProvider(s.dir).get()), relative(s.dir, stored[0]), onDisk).equals(PNG)).toBe(true);

    // the list of done tasks shows it, to the assignee and to the head
    const mine = await call<Task[]>(s, 'office.taskList', { status: 'done' }, aux.token);
    expect(mine[0].evidencePhotos.map((p) => p.id)).toEqual([photo.id]);
    const all = await call<Task[]>(s, 'office.taskList', { scope: 'all', status: 'done' });
    expect(all[0].evidencePhotos.map((p) => p.fileName)).toEqual(['巡逻现场.png']);

    for (const token of [aux.token, s.token]) {
      const back = await call<FileContent>(s, 'office.taskPhoto', { id: task.id, photoId: photo.id }, token);
      expect(Buffer.from(back.base64, 'base64').equals(PNG)).toBe(true);
      expect(back).toMatchObject({ fileName: '巡逻现场.png', mime: 'image/png', sha256: sha256(PNG) });
    }
    // another officer sees neither the task nor its photo
    expect(await attempt(s, 'office.taskPhoto', { id: task.id, photoId: photo.id }, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'office.task.notYours' } });
    expect(await attempt(s, 'office.taskPhoto', { id: task.id, photoId: task.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'office.task.photoNotFound' } });

    // completing with a photo and looking at one are on the record; the row goes to HQ
    const audit = await sql<{ method: string; detail: string | null }>(s, `SELECT "method", "detail" FROM "audit_log" WHERE "recordId" = ? ORDER BY "at", "id"`, [task.id]);
    expect(audit.find((a) => a.method === 'office.taskComplete')?.detail).toContain(sha256(PNG));
    expect(audit.filter((a) => a.method === 'office.taskPhoto')).toHaveLength(2);
    expect(await sql(s, `SELECT 1 FROM "sync_outbox" WHERE "tableName" = 'office_task_photo' AND "rowId" = ?`, [photo.id])).toHaveLength(1);
  });

  it('takes a JPEG beside a note', async () => {
    const { s, task } = await station();
    const done = await call<{ task: Task }>(s, 'office.taskComplete', { id: task.id, version: task.version, note: '东门至3栋巡查', fileName: 'IMG_0001.JPG', content: JPEG });
    expect(done.task).toMatchObject({ evidenceNote: '东门至3栋巡查', evidencePhotos: [{ fileName: 'IMG_0001.JPG', mime: 'image/jpeg', size: JPEG.length }] });
  });

  it('refuses what is not a JPEG or PNG photo, or too large, on its field, and writes nothing', async () => {
    const { s, aux, task, photos } = await station();
    const cases: [string, Buffer, string, string][] = [
      // an image of another type, a document, a program: the bytes decide, not the name
      ['动图.gif', GIF, 'office.task.photoType', 'content'],
      ['照片.png', GIF, 'office.task.photoType', 'content'],
      ['巡查记录.pdf', PDF, 'office.task.photoType', 'content'],
      ['照片.jpg', EXE, 'office.task.photoType', 'content'],
      // a PNG named as a JPEG: the content and the name disagree
      ['照片.jpg', PNG, 'file.typeMismatch', 'fileName'],
      ['空.png', Buffer.alloc(0), 'file.empty', 'content'],
      ['../../station.sqlite.png', PNG, 'file.pathName', 'fileName'],
    ];
    for (const [fileName, content, key, field] of cases) {
      const r = await attempt(s, 'office.taskComplete', { id: task.id, version: task.version, note: '已巡', fileName, content }, aux.token);
      expect(r, fileName).toMatchObject({ ok: false, error: { code: 'VALIDATION', key, field } });
    }
    // one byte over the limit is refused, saying the limit
    const over = new Uint8Array(MAX_PHOTO_BYTES + 1);
    over.set(PNG);
    const big = await attempt(s, 'office.taskComplete', { id: task.id, version: task.version, fileName: '大图.png', content: over }, aux.token);
    expect(big).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'fileTooLarge', field: 'content', params: { max: 10 } } });
    // a photo without its name, and no evidence at all
    expect(await attempt(s, 'office.taskComplete', { id: task.id, version: task.version, content: PNG }, aux.token)).toMatchObject({ ok: false, error: { field: 'fileName', key: 'required' } });
    expect(await attempt(s, 'office.taskComplete', { id: task.id, version: task.version }, aux.token)).toMatchObject({ ok: false, error: { field: 'note', key: 'office.task.evidenceRequired' } });
    // a stale screen is refused before any byte is written
    expect(await attempt(s, 'office.taskComplete', { id: task.id, version: 9, fileName: 'a.png', content: PNG }, aux.token)).toMatchObject({ ok: false, error: { key: 'staleVersion' } });

    expect(filesUnder(photos)).toEqual([]);
    expect(await sql(s, `SELECT 1 FROM "office_task_photo"`)).toEqual([]);
    expect((await call<Task[]>(s, 'office.taskList', {}, aux.token))[0]).toMatchObject({ id: task.id, status: 'open', version: task.version });
  });

  it('tells when a stored photo was changed or removed since it came, and never serves it', async () => {
    const { s, task, photos } = await station();
    const { task: done } = await call<{ task: Task }>(s, 'office.taskComplete', { id: task.id, version: task.version, fileName: '现场.png', content: PNG });
    const photo = done.evidencePhotos[0];
    const path = join(photos, task.id, `${photo.id}.png`);
    const sealed = readFileSync(path);
    writeFileSync(path, Buffer.concat([PNG, Buffer.from('x')]));
    expect(await attempt(s, 'office.taskPhoto', { id: task.id, photoId: photo.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'file.corrupt', params: { name: '现场.png' } } });
    rmSync(path);
    expect(await attempt(s, 'office.taskPhoto', { id: task.id, photoId: photo.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'file.missing', params: { name: '现场.png' } } });
    writeFileSync(path, sealed);
    expect((await attempt(s, 'office.taskPhoto', { id: task.id, photoId: photo.id })).ok).toBe(true);
  });
});

describe('a task done with a photo over browser mode HTTP', () => {
  it('takes the photo as the raw body with the fields in the header, and refuses one over the photo limit', async () => {
    const { s, aux, task } = await station();
    app = await createHttpServer({ core: s.core });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const upload = (fields: unknown, body: Uint8Array<ArrayBuffer>) =>
      fetch(`http://127.0.0.1:${port}/api/upload/office.taskComplete`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${aux.token}`, 'x-station-input': encodeURIComponent(JSON.stringify(fields)) },
        body,
      });

    // within the upload route's limit (a case file's), over a photo's: the core says so
    const large = new Uint8Array(MAX_PHOTO_BYTES + 1024);
    large.set(PNG);
    const refused = await upload({ id: task.id, version: task.version, fileName: '大图.png' }, large);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ key: 'fileTooLarge', field: 'content', params: { max: 10 } });

    const r = await upload({ id: task.id, version: task.version, note: '夜巡', fileName: '夜巡照片.png' }, new Uint8Array(PNG));
    expect(r.status).toBe(200);
    const body = (await r.json()) as { result: { task: Task } };
    expect(body.result.task).toMatchObject({ status: 'done', evidenceNote: '夜巡', evidencePhotos: [{ fileName: '夜巡照片.png', sha256: sha256(PNG) }] });
  });
});
