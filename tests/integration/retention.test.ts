import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackupStatus } from '../../src/shared/backup/contract.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurgePreview, PurgeResult, RetentionSettings } from '../../src/shared/retention/contract.js';
import { HEAD, ok, setUpStation, sql, walkIn, type TestStation } from '../helpers/station.js';
import { buildTree, person, idFor } from './collection.helpers.js';
import { caseApi, travel } from './mediation.helpers.js';
import { displayQueueNumber, displayQueueNumberIn } from '../../src/shared/intake/zones.js';

/** Records made eleven years ago, then the station today: what is past retention goes, the rest stays. */
describe('retention and the monthly purge', () => {
  let st: TestStation;
  const ids: Record<string, string> = {};
  const backups = mkdtempSync(join(tmpdir(), 'retention-backups-'));
  let beforePurge: string;
  const call = <T = any>(method: string, input: unknown) => ok<T>(st.core.call(method, input, { token: st.token }));

  beforeAll(async () => {
    st = await setUpStation({ now: '2015-06-01T02:00:00Z' });
    const done = await call('intake.register', walkIn({ visitorName: '赵旧', purpose: 'consultation', route: 'office' }));
    await call('intake.setStatus', { id: done.id, status: 'serving' });
    await call('intake.setStatus', { id: done.id, status: 'done' });
    ids.oldWalkIn = done.id;
    ids.waitingWalkIn = (await call('intake.register', walkIn({ visitorName: '钱等', purpose: 'consultation', route: 'office' }))).id;
    const cases = caseApi(st);
    const declined = await cases.declined();
    ids.declinedCase = declined.id;
    ids.openCase = (await cases.open()).id;
    // the declined case's evidence folder, to go with it
    mkdirSync(join(st.dir, 'mediation-files', declined.id), { recursive: true });
    writeFileSync(join(st.dir, 'mediation-files', declined.id, 'photo.jpg'), 'x');
    await buildTree(st);
    const moved = await call('collection.residentCreate', person({ name: '孙迁', idNumber: idFor('220702', '19700101', 21) }));
    const gone = await call('collection.moveOut', { id: moved.id, version: moved.version, date: '2015-06-01', reason: '迁往长春' });
    ids.movedOut = gone.id;
    ids.living = (await call('collection.residentCreate', person({ name: '李住', idNumber: idFor('220702', '19800101', 31) }))).id;
    await travel(st, '2026-11-28T02:00:00Z');
    // last night's backup, taken before any purge: it still holds everything above
    await call('backup.settings', { folder: backups, enabled: true, intervalHours: 24 });
    await call('backup.now', {});
    while (st.core.backup.isRunning()) await new Promise((r) => setTimeout(r, 50)); // until the copy ends, however long a loaded machine takes
    beforePurge = (await call<BackupStatus>('backup.status', {})).backups[0].file;
  });
  afterAll(async () => {
    await st.close();
    rmSync(backups, { recursive: true, force: true });
  });

  it('has documented defaults and refuses a period under six months', async () => {
    const s = await call<RetentionSettings>('retention.settingsGet', {});
    expect(Object.fromEntries(s.periods.map((p) => [p.kind, p.days]))).toEqual({
      mediationCases: 3650,
      walkIns: 1095,
      departedResidents: 1825,
      dutyLogs: 1095,
      appointments: 365,
      audit: 1095,
    });
    expect(s.lastPurgeAt).toBeNull();
    expect(await st.core.call('retention.settingsSave', { periods: { walkIns: 30 } }, { token: st.token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'retention.tooShort', field: 'periods.walkIns' },
    });
    const saved = await call<RetentionSettings>('retention.settingsSave', { periods: { appointments: null } });
    expect(saved.periods.find((p) => p.kind === 'appointments')?.days).toBeNull();
  });

  it('previews per kind what would go, with masked numbers, and what stays is not in it', async () => {
    const p = await call<PurgePreview>('retention.preview', {});
    const by = Object.fromEntries(p.kinds.map((k) => [k.kind, k]));
    expect(by.walkIns.count).toBe(1);
    expect(by.walkIns.samples[0]).toMatchObject({ id: ids.oldWalkIn });
    expect(by.walkIns.samples[0].label).toContain('赵旧');
    expect(by.walkIns.samples[0].label).toContain('1101**********002X');
    // the walk-in's queue number, stored as issued, comes beside the label for the screen to show in the reader's language
    const sample = by.walkIns.samples[0];
    expect(sample.queueNo).toMatch(/^[办调采巡值]-\d{3}$/);
    expect(displayQueueNumberIn(sample.label, sample.queueNo, 'en')).toContain(displayQueueNumber(sample.queueNo!, 'en'));
    expect(displayQueueNumberIn(sample.label, sample.queueNo, 'en')).not.toContain(sample.queueNo);
    expect(by.mediationCases.count).toBe(1);
    expect(by.mediationCases.samples.map((x) => x.id)).toEqual([ids.declinedCase]);
    expect(by.mediationCases.related).toBeGreaterThanOrEqual(2);
    expect(by.departedResidents.samples.map((x) => x.id)).toEqual([ids.movedOut]);
    expect(by.departedResidents.samples[0].label).not.toMatch(/\d{18}/);
    expect(by.audit.count).toBeGreaterThan(5);
    expect(by.appointments).toMatchObject({ days: null, count: 0 });
    expect(JSON.stringify(p)).not.toContain('11010519491231002X');
  });

  it('needs the head’s password: a wrong one is refused, counted, audited, and nothing goes', async () => {
    const p = await call<PurgePreview>('retention.preview', {});
    const expected = Object.fromEntries(p.kinds.map((k) => [k.kind, k.count]));
    const r = await st.core.call('retention.purge', { asOf: p.asOf, expected, password: 'wrong-one-1' }, { token: st.token });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'retention.wrongPassword', field: 'password' } });
    expect(await sql(st, 'SELECT id FROM walk_in WHERE id = ?', [ids.oldWalkIn])).toHaveLength(1);
    const [lock] = await sql<{ failedAttempts: number }>(st, `SELECT "failedAttempts" FROM login_lock WHERE account = lower(?)`, [HEAD.username]);
    expect(lock.failedAttempts).toBe(1);
    const [audit] = await sql<{ detail: string }>(st, `SELECT detail FROM audit_log WHERE method = 'retention.purge' ORDER BY id DESC LIMIT 1`);
    expect(JSON.parse(audit.detail)).toMatchObject({ kind: 'passwordRefused', action: 'purge', cause: { kind: 'failedAttempt' } });
    // counts that no longer match the preview: look again first
    const stale = await st.core.call('retention.purge', { asOf: p.asOf, expected: { ...expected, walkIns: 7 }, password: HEAD.password }, { token: st.token });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'retention.changed' } });
  });

  it('purges exactly the preview: rows, their related rows, files and outbox entries go; a delete is queued for HQ', async () => {
    const p = await call<PurgePreview>('retention.preview', {});
    const expected = Object.fromEntries(p.kinds.map((k) => [k.kind, k.count]));
    const outboxBefore = await sql<{ rowId: string }>(st, `SELECT "rowId" FROM sync_outbox WHERE "rowId" IN (?, ?, ?)`, [ids.oldWalkIn, ids.declinedCase, ids.movedOut]);
    expect(outboxBefore.length).toBeGreaterThan(0);
    const [{ v }] = await sql<{ v: number }>(st, 'SELECT version AS v FROM walk_in WHERE id = ?', [ids.oldWalkIn]);

    const r = await call<PurgeResult>('retention.purge', { asOf: p.asOf, expected, password: HEAD.password });
    expect(r.counts).toMatchObject({ walkIns: 1, mediationCases: 1, departedResidents: 1, appointments: 0 });
    expect(r.counts.audit).toBe(expected.audit);

    for (const [table, id] of [
      ['walk_in', ids.oldWalkIn],
      ['mediation_case', ids.declinedCase],
      ['resident', ids.movedOut],
    ]) {
      expect(await sql(st, `SELECT id FROM "${table}" WHERE id = ?`, [id]), table).toHaveLength(0);
      const entries = await sql<{ op: string; version: number; payload: string }>(st, `SELECT op, version, payload FROM sync_outbox WHERE "tableName" = ? AND "rowId" = ?`, [table, id]);
      expect(entries.map((e) => e.op), table).toEqual(['delete']);
      expect(Object.keys(JSON.parse(entries[0].payload)).sort()).toEqual(['id', 'purgedAt', 'stationId', 'version']);
    }
    const [del] = await sql<{ version: number }>(st, `SELECT version FROM sync_outbox WHERE "rowId" = ?`, [ids.oldWalkIn]);
    expect(del.version).toBe(v + 1);
    expect(await sql(st, 'SELECT id FROM mediation_party WHERE "caseId" = ?', [ids.declinedCase])).toHaveLength(0);
    expect(await sql(st, 'SELECT id FROM resident_change WHERE "residentId" = ?', [ids.movedOut])).toHaveLength(0);
    expect(existsSync(join(st.dir, 'mediation-files', ids.declinedCase))).toBe(false);
    // no name or number of a purged record is left anywhere in the outbox
    const outboxText = JSON.stringify(await sql(st, 'SELECT payload FROM sync_outbox'));
    expect(outboxText).not.toContain('赵旧');
    expect(outboxText).not.toContain('孙迁');

    // what is within retention or still open stays
    for (const [table, id] of [
      ['walk_in', ids.waitingWalkIn],
      ['mediation_case', ids.openCase],
      ['resident', ids.living],
    ]) {
      expect(await sql(st, `SELECT id FROM "${table}" WHERE id = ?`, [id]), table).toHaveLength(1);
    }
    expect(await sql(st, 'PRAGMA foreign_key_check')).toEqual([]);
    expect(await sql(st, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);

    // on the record: who purged, how many of what
    const [audit] = await sql<{ detail: string; staffName: string }>(st, `SELECT detail, "staffName" FROM audit_log WHERE method = 'retention.purge' ORDER BY id DESC LIMIT 1`);
    expect(audit.staffName).toBe(HEAD.name);
    expect(JSON.parse(audit.detail).counts).toEqual(r.counts);
    const s = await call<RetentionSettings>('retention.settingsGet', {});
    expect(s.lastPurgeAt).toBe('2026-11-28T02:00:00.000Z');
    expect(s.purgeDueAt).toBe('2026-12-28T02:00:00.000Z');
    // a second look finds nothing more to purge
    expect((await call<PurgePreview>('retention.preview', {})).total).toBe(0);
  });

  it('a backup from before the purge, restored, does not bring purged records back', async () => {
    const [purge] = await sql<{ id: string; periods: string }>(st, `SELECT "id", "periods" FROM retention_purge`);
    expect(JSON.parse(purge.periods)).toMatchObject({ walkIns: 1095, appointments: null });
    const r = await call<{ purgesReplayed: number }>('backup.restore', { file: beforePurge, confirm: true });
    expect(r.purgesReplayed).toBe(1);
    for (const [table, id] of [
      ['walk_in', ids.oldWalkIn],
      ['mediation_case', ids.declinedCase],
      ['resident', ids.movedOut],
    ]) {
      expect(await sql(st, `SELECT id FROM "${table}" WHERE id = ?`, [id]), table).toHaveLength(0);
    }
    for (const [table, id] of [
      ['walk_in', ids.waitingWalkIn],
      ['mediation_case', ids.openCase],
      ['resident', ids.living],
    ]) {
      expect(await sql(st, `SELECT id FROM "${table}" WHERE id = ?`, [id]), table).toHaveLength(1);
    }
    // the outbox holds no name of a purged record, and HQ is told of the deletes again
    const outboxText = JSON.stringify(await sql(st, 'SELECT payload FROM sync_outbox'));
    expect(outboxText).not.toContain('赵旧');
    expect(outboxText).not.toContain('孙迁');
    expect(await sql(st, `SELECT op FROM sync_outbox WHERE "rowId" = ?`, [ids.oldWalkIn])).toEqual([{ op: 'delete' }]);
    // the purge is on record once, as it was; the periods are today's, not the backup's
    expect(await sql(st, `SELECT "id" FROM retention_purge`)).toEqual([{ id: purge.id }]);
    const s = await call<RetentionSettings>('retention.settingsGet', {});
    expect(s.periods.find((p) => p.kind === 'appointments')?.days).toBeNull();
    expect(s.lastPurgeAt).toBe('2026-11-28T02:00:00.000Z');
    expect(await sql(st, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('is for the station head only', async () => {
    const { addStaff } = await import('../helpers/station.js');
    const officer = await addStaff(st, 'officer');
    for (const m of ['retention.settingsGet', 'retention.preview']) {
      expect(await st.core.call(m, {}, { token: officer.token })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});
