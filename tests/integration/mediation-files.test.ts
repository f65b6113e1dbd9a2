import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptFileBytes } from '../../src/main/db/fileCipher.js';
import { fileKeyFrom, keyFileProvider } from '../../src/main/db/key.js';
import { createHttpServer } from '../../src/main/serve.js';
import type { FileContent, MediationCase } from '../../src/shared/mediation/contract.js';
import { MAX_FILE_BYTES } from '../../src/shared/mediation/files.js';
import { addStaff, ok, setUpStation, sql, type TestStaff, type TestStation } from '../helpers/station.js';
import { caseApi } from './mediation.helpers.js';

/** A real 1×1 PNG, as a phone or a scanner would not make it, but as any viewer opens it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** The start of a real PDF (the type is told by the first bytes) and a little of its body. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** A Windows program: MZ header. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];

describe('case files: photos, scans and documents kept in the data directory', () => {
  let st: TestStation;
  let api: ReturnType<typeof caseApi>;
  let auxiliary: TestStaff;
  let c: MediationCase;

  const attach = (input: Record<string, unknown>, token = st.token) =>
    st.core.call('mediation.attachFile', { id: c.id, kind: 'photo', fileName: '漏水照片.png', content: PNG, ...input }, { token });
  const fileDir = () => join(st.dir, 'mediation-files');

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T02:00:00Z' });
    api = caseApi(st);
    auxiliary = await addStaff(st, 'auxiliary', '赵辅警');
    c = await api.open();
  });
  afterAll(() => st.close());

  it('stores a photo under a name the core makes, with its SHA-256, and gives the same bytes back', async () => {
    const after = await ok<MediationCase>(attach({ note: '张三家天花板' }));
    expect(after.files).toHaveLength(1);
    const f = after.files[0];
    expect(f).toMatchObject({ seq: 1, kind: 'photo', fileName: '漏水照片.png', mime: 'image/png', image: true, size: PNG.length, sha256: sha256(PNG), note: '张三家天花板' });
    expect(f.uploadedBy.name).toBe('王所长');
    // attaching is not a step of the case: another person's open form does not go stale
    expect(after.version).toBe(c.version);

    const stored = filesUnder(fileDir());
    expect(stored).toEqual([join(fileDir(), c.id, `${f.id}.png`)]);
    // on disk the file is sealed (AES-256-GCM under the station's file key): not the photo's bytes
    const onDisk = readFileSync(stored[0]);
    expect(onDisk.includes(PNG.subarray(0, 16))).toBe(false);
    expect(decryptFileBytes(fileKeyFrom(await keyFileProvider(st.dir).get()), relative(st.dir, stored[0]), onDisk).equals(PNG)).toBe(true);

    const back = await ok<FileContent>(st.core.call('mediation.fileContent', { id: c.id, fileId: f.id }, { token: st.token }));
    expect(Buffer.from(back.base64, 'base64').equals(PNG)).toBe(true);
    expect(back.sha256).toBe(sha256(PNG));
    // opening evidence is recorded, with who and which file
    const audit = await sql<{ method: string; detail: string }>(st, `SELECT "method", "detail" FROM "audit_log" WHERE "recordId" = ? ORDER BY "at", "id"`, [c.id]);
    expect(audit.map((a) => a.method)).toEqual(expect.arrayContaining(['mediation.attachFile', 'mediation.fileContent']));
    expect(audit.find((a) => a.method === 'mediation.attachFile')?.detail).toContain(sha256(PNG));
    // and it goes to HQ like every other row
    const outbox = await sql(st, `SELECT 1 FROM "sync_outbox" WHERE "tableName" = 'mediation_file' AND "rowId" = ?`, [f.id]);
    expect(outbox).toHaveLength(1);
  });

  it('keeps a PDF scan as a document', async () => {
    const after = await ok<MediationCase>(attach({ kind: 'scan', fileName: '欠条扫描件.PDF', content: PDF }));
    expect(after.files.at(-1)).toMatchObject({ seq: 2, kind: 'scan', mime: 'application/pdf', image: false });
  });

  it('refuses a 200 MB file with a clear error and writes nothing', async () => {
    const before = filesUnder(fileDir());
    const big = new Uint8Array(200 * 1024 * 1024);
    big.set(PNG);
    const r = await attach({ fileName: '监控录像.png', content: big });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'fileTooLarge', field: 'content', params: { max: 20 } } });
    // one byte over the limit is refused too; the limit itself is allowed
    const over = new Uint8Array(MAX_FILE_BYTES + 1);
    over.set(PNG);
    expect((await attach({ content: over })).ok).toBe(false);
    expect(filesUnder(fileDir())).toEqual(before);
  });

  it('refuses what is not an image or a document, whatever its name says', async () => {
    const before = filesUnder(fileDir());
    const cases: [string, Buffer, string, string][] = [
      ['照片.jpg', EXE, 'mediation.file.type', 'content'],
      ['setup.exe', EXE, 'mediation.file.type', 'content'],
      ['笔记.txt', Buffer.from('只是文字'), 'mediation.file.type', 'content'],
      // a zip is a document only when it is named as one, and never a photo
      ['证据.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), 'mediation.file.type', 'content'],
      // a PDF named as a photo: the content and the name disagree
      ['照片.jpg', PDF, 'file.typeMismatch', 'fileName'],
      ['空.png', Buffer.alloc(0), 'file.empty', 'content'],
    ];
    for (const [fileName, content, key, field] of cases) {
      const r = await attach({ fileName, content });
      expect(r, fileName).toMatchObject({ ok: false, error: { code: 'VALIDATION', key, field } });
    }
    expect(filesUnder(fileDir())).toEqual(before);
  });

  it('refuses a file name that tries to climb out of a folder, and writes nothing anywhere', async () => {
    const before = filesUnder(st.dir);
    for (const fileName of ['../../station.sqlite.png', '..\\..\\station.png', 'C:\\Windows\\x.png', '/etc/passwd.png', 'a/../../b.png', '..png']) {
      const r = await attach({ fileName });
      expect(r, fileName).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'file.pathName', field: 'fileName' } });
    }
    for (const fileName of ['con.png', 'a\u0000b.png', 'what?.png', '.hidden.png', '无扩展名']) {
      const r = await attach({ fileName });
      expect(r, fileName).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'fileName' } });
    }
    expect(filesUnder(st.dir).filter((p) => !p.includes('station.sqlite'))).toEqual(before.filter((p) => !p.includes('station.sqlite')));
  });

  it('tells when a stored file was changed or removed since it came, and never serves it', async () => {
    const after = await ok<MediationCase>(attach({ fileName: '现场.png' }));
    const f = after.files.at(-1)!;
    const path = join(fileDir(), c.id, `${f.id}.png`);
    writeFileSync(path, Buffer.concat([PNG, Buffer.from('x')]));
    const r = await st.core.call('mediation.fileContent', { id: c.id, fileId: f.id }, { token: st.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'file.corrupt', params: { name: '现场.png' } } });
    writeFileSync(path, PNG);
    expect((await st.core.call('mediation.fileContent', { id: c.id, fileId: f.id }, { token: st.token })).ok).toBe(true);
  });

  it('withdraws a file attached in error with a reason; the record and the bytes stay', async () => {
    const added = await ok<MediationCase>(attach({ fileName: '错传.png' }));
    const f = added.files.at(-1)!;
    const after = await ok<MediationCase>(st.core.call('mediation.withdrawFile', { id: c.id, fileId: f.id, reason: '传错案件' }, { token: st.token }));
    expect(after.files.map((x) => x.id)).not.toContain(f.id);
    const [row] = await sql<{ cancelReason: string }>(st, `SELECT "cancelReason" FROM "mediation_file" WHERE "id" = ?`, [f.id]);
    expect(row.cancelReason).toBe('传错案件');
    expect(existsSync(join(fileDir(), c.id, `${f.id}.png`))).toBe(true);
    const again = await st.core.call('mediation.withdrawFile', { id: c.id, fileId: f.id, reason: '再撤' }, { token: st.token });
    expect(again).toMatchObject({ ok: false, error: { key: 'mediation.file.withdrawn' } });
  });

  it('lets only the mediation roles attach, and no file reach an archived case', async () => {
    const r = await attach({}, auxiliary.token);
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // an auxiliary may still look at the evidence of a case they can read
    const file = (await ok<MediationCase>(st.core.call('mediation.get', { id: c.id }, { token: auxiliary.token }))).files[0];
    expect((await st.core.call('mediation.fileContent', { id: c.id, fileId: file.id }, { token: auxiliary.token })).ok).toBe(true);
    const archived = await api.archived();
    const closed = await st.core.call('mediation.attachFile', { id: archived.id, kind: 'photo', fileName: 'a.png', content: PNG }, { token: st.token });
    expect(closed).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'mediation.transition' } });
  });
});

describe('case files over browser mode HTTP', () => {
  let st: TestStation;
  let app: FastifyInstance;
  let port: number;
  let c: MediationCase;

  const upload = (method: string, fields: unknown, body: Buffer, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/api/upload/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        authorization: `Bearer ${st.token}`,
        'x-station-input': encodeURIComponent(JSON.stringify(fields)),
        ...headers,
      },
      body: new Uint8Array(body),
    });

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T02:00:00Z' });
    c = await caseApi(st).open();
    app = await createHttpServer({ core: st.core });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await st.close();
  });

  it('takes a file as the raw body, its fields (Chinese file name included) in the header', async () => {
    const r = await upload('mediation.attachFile', { id: c.id, kind: 'photo', fileName: '现场照片.png' }, PNG);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.result.files[0]).toMatchObject({ fileName: '现场照片.png', sha256: sha256(PNG), size: PNG.length });
  });

  it('answers the bad inputs as the core does: wrong type, path in the name, no session', async () => {
    const wrong = await upload('mediation.attachFile', { id: c.id, kind: 'photo', fileName: 'a.jpg' }, EXE);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatchObject({ key: 'mediation.file.type', field: 'content' });
    const path = await upload('mediation.attachFile', { id: c.id, kind: 'photo', fileName: '../../station.sqlite.png' }, PNG);
    expect(path.status).toBe(400);
    expect((await path.json()).error).toMatchObject({ key: 'file.pathName', field: 'fileName' });
    const anonymous = await upload('mediation.attachFile', { id: c.id, kind: 'photo', fileName: 'a.png' }, PNG, { authorization: '' });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a 200 MB upload from its length, before reading it', async () => {
    // sent by hand: the answer comes while the body is still being written
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/upload/mediation.attachFile',
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(200 * 1024 * 1024),
            authorization: `Bearer ${st.token}`,
            'x-station-input': encodeURIComponent(JSON.stringify({ id: c.id, kind: 'photo', fileName: 'big.png' })),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024));
      // the rest is never sent: the server must answer from the header alone
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'VALIDATION', key: 'fileTooLarge', field: 'content', params: { max: 20 } });
    const [{ n }] = await sql<{ n: number }>(st, `SELECT COUNT(*) AS "n" FROM "mediation_file" WHERE "fileName" = 'big.png'`);
    expect(n).toBe(0);
  });

  it('keeps 1 MiB for every other call, and answers only upload methods on the upload path', async () => {
    const json = await fetch(`http://127.0.0.1:${port}/api/mediation.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${st.token}` },
      body: JSON.stringify({ id: c.id, pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(json.status).toBe(413);
    const notUpload = await upload('mediation.get', { id: c.id }, PNG);
    expect(notUpload.status).toBe(404);
    // JSON sent to the upload path is not an upload
    const asJson = await upload('mediation.attachFile', { id: c.id }, Buffer.from('{}'), { 'content-type': 'application/json' });
    expect(asJson.status).toBe(400);
    // the bytes come only as the body, never smuggled in the header
    const smuggled = await upload('mediation.attachFile', { id: c.id, kind: 'photo', fileName: 'a.png', content: 'AAAA' }, PNG);
    expect(smuggled.status).toBe(400);
  });
});
