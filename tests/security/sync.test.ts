/**
 * Sync's repairs as an attacker would use them: an enrolment code retried to take a station's
 * credential, and the full copy after an HQ restore aimed at another station's rows.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { enrol, hqRows, stationUuid, type TestHq } from '../helpers/hq.js';
import { setUpStation, type TestStation } from '../helpers/station.js';
import { hqOnPostgres, securitySuite } from './harness.js';

describe('sync repairs (HQ on PostgreSQL)', () => {
  const attack = securitySuite('sync');
  let env: Awaited<ReturnType<typeof hqOnPostgres>>;
  let hq: TestHq;
  let victim: TestStation;
  let victimUuid: string;

  beforeAll(async () => {
    env = await hqOnPostgres();
    hq = env.hq;
    victim = await setUpStation();
    await enrol(victim, hq);
    victimUuid = await stationUuid(victim.core);
    await victim.core.sync.round();
  });
  afterAll(async () => {
    await victim?.close();
    await env?.close();
  });

  const enrolOverHttp = (body: Record<string, unknown>) =>
    fetch(`${hq.url}/sync/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  attack('a spent enrolment code used by another machine gets nothing, and the station keeps its credential', async () => {
    const created = await hq.service.createStation({ code: 'SY-NJ-077', name: '目标警务室', district: '宁江区' });
    const target = await setUpStation();
    try {
      const uuid = await stationUuid(target.core);
      const first = await hq.service.enrol({ code: created.enrolmentCode, stationId: uuid, stationCode: 'SY-NJ-077', stationName: '目标警务室' });
      const res = await enrolOverHttp({ code: created.enrolmentCode, stationId: '0190bbbb-0000-7000-8000-000000000001', stationCode: 'X', stationName: 'X' });
      // the same answer as a code never issued: nothing says the code was real
      expect([res.status, (await res.json()).error]).toEqual([403, 'enrolmentCodeInvalid']);
      expect(await hq.service.authenticate(first.key, first.secret)).toMatchObject({ stationUuid: uuid });
    } finally {
      await target.close();
    }
  });

  attack('a code retried after the station signed in cannot replace its secret, even with the station’s id', async () => {
    const created = await hq.service.createStation({ code: 'SY-NJ-078', name: '另一警务室', district: '宁江区' });
    const target = await setUpStation();
    try {
      const uuid = await stationUuid(target.core);
      const ask = { code: created.enrolmentCode, stationId: uuid, stationCode: 'SY-NJ-078', stationName: '另一警务室' };
      const answer = await hq.service.enrol(ask);
      await hq.service.hello(await hq.service.authenticate(answer.key, answer.secret));
      const res = await enrolOverHttp(ask);
      expect([res.status, (await res.json()).error]).toEqual([403, 'enrolmentCodeInvalid']);
      expect(await hq.service.authenticate(answer.key, answer.secret)).toMatchObject({ stationUuid: uuid });
    } finally {
      await target.close();
    }
  });

  attack('a station’s “full copy” cannot make HQ drop another station’s rows', async () => {
    const victimRows = await hqRows(hq.db, victimUuid);
    expect(victimRows.length).toBeGreaterThan(0);
    const attacker = await setUpStation();
    try {
      const key = await enrol(attacker, hq, 'SY-NJ-079');
      const [{ secret }] = await attacker.core.dataSource.query(`SELECT secret FROM sync_state`);
      const uuid = await stationUuid(attacker.core);
      const [{ cursor }] = await hq.db.rows<{ cursor: unknown }>(`SELECT "cursor" FROM "hq_station" WHERE "id" = ?`, [key]);
      const tables = [...new Set(victimRows.map((r) => r.split('/')[0]))];
      // an empty "copy" ending at HQ's cursor: complete at once, it covers none of the rows
      const batch = { stationId: uuid, schemaVersion: 7, after: Number(cursor), rebase: true, copy: { tables, through: Number(cursor) }, count: 0, backlog: 0, sentAt: new Date().toISOString(), entries: [] };
      const res = await fetch(`${hq.url}/sync/v1/push`, {
        method: 'POST',
        headers: { authorization: `Station ${key}:${secret}`, 'content-type': 'application/gzip' },
        body: gzipSync(JSON.stringify(batch)) as unknown as BodyInit,
      });
      expect(res.status).toBe(200);
      // HQ dropped what the copy lacked of the attacker's own rows, and nothing of the victim's
      expect(await hqRows(hq.db, uuid)).toEqual([]);
      expect(await hqRows(hq.db, victimUuid)).toEqual(victimRows);
    } finally {
      await attacker.close();
    }
  });
});
