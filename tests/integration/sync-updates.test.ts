import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { setUpStation, tempDataDir, type TestStation } from '../helpers/station.js';

/** Release folders as electron-builder leaves them: the channel file and the installer. */
const release = (dir: string, version: string) => {
  mkdirSync(join(dir, version), { recursive: true });
  const exe = `Station-Desk-Setup-${version}.exe`;
  writeFileSync(join(dir, version, exe), `installer ${version}`);
  writeFileSync(
    join(dir, version, 'latest.yml'),
    `version: ${version}\nfiles:\n  - url: ${exe}\n    sha512: abc\n    size: 13\npath: ${exe}\nsha512: abc\nreleaseDate: '2026-11-28T00:00:00.000Z'\n`,
  );
};

describe('the update feed', () => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let auth: Record<string, string>;
  let admin: string;
  const updates = tempDataDir();

  beforeAll(async () => {
    release(updates.dir, '0.1.0');
    release(updates.dir, '0.2.0');
    release(updates.dir, '0.10.0-beta.1');
    store = await newStore('sqlite');
    hq = await startHq(store, 0, undefined, updates.dir);
    st = await setUpStation();
    await enrol(st, hq);
    const [{ hqKey, secret }] = await st.core.dataSource.query(`SELECT "hqKey", secret FROM sync_state`);
    auth = { authorization: `Station ${hqKey}:${secret}` };
    await hq.service.addUser('admin', 'Admin-2026-hq', 'admin');
    admin = (
      await (
        await fetch(`${hq.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Admin-2026-hq' }) })
      ).json()
    ).token;
  });
  afterAll(async () => {
    await st.close();
    await hq.close();
    await store.drop();
    updates.remove();
  });

  const latest = async () => {
    const res = await fetch(`${hq.url}/updates/latest.yml`, { headers: auth });
    return { status: res.status, text: await res.text() };
  };
  const policy = (version: string, held: boolean, stagingPercentage: number) =>
    fetch(`${hq.url}/api/releases/${version}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ held, stagingPercentage }),
    });

  it('offers the newest release to enrolled stations only, and serves its installer', async () => {
    expect((await fetch(`${hq.url}/updates/latest.yml`)).status).toBe(401);
    const l = await latest();
    expect(l.status).toBe(200);
    // 0.10.0-beta.1 is newer than 0.2.0 (numbers, not text, are compared)
    expect(l.text).toMatch(/^version: 0\.10\.0-beta\.1$/m);
    expect(l.text).not.toMatch(/stagingPercentage/);
    const exe = await fetch(`${hq.url}/updates/Station-Desk-Setup-0.2.0.exe`, { headers: auth });
    expect([exe.status, await exe.text()]).toEqual([200, 'installer 0.2.0']);
    for (const bad of ['..%2F..%2Fetc%2Fpasswd', '.hidden', 'nothing.exe']) {
      expect((await fetch(`${hq.url}/updates/${bad}`, { headers: auth })).status, bad).toBe(404);
    }
  });

  it('an admin holds a release back or stages it to a share of stations; viewers cannot', async () => {
    expect((await policy('0.10.0-beta.1', true, 100)).status).toBe(200);
    expect((await latest()).text).toMatch(/^version: 0\.2\.0$/m);
    expect((await policy('0.2.0', false, 20)).status).toBe(200);
    const staged = (await latest()).text;
    expect(staged).toMatch(/^version: 0\.2\.0$/m);
    expect(staged).toMatch(/^stagingPercentage: 20$/m);
    expect((await policy('9.9.9', false, 20)).status).toBe(404);
    expect((await policy('0.2.0', false, 101)).status).toBe(400);
    const releases = await (await fetch(`${hq.url}/api/releases`, { headers: { authorization: `Bearer ${admin}` } })).json();
    expect(releases.map((r: { version: string; held: boolean; stagingPercentage: number }) => [r.version, r.held, r.stagingPercentage])).toEqual([
      ['0.10.0-beta.1', true, 100],
      ['0.2.0', false, 20],
      ['0.1.0', false, 100],
    ]);
    await hq.service.addUser('viewer', 'Viewer-2026-hq', 'viewer');
    const viewer = (
      await (
        await fetch(`${hq.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'viewer', password: 'Viewer-2026-hq' }) })
      ).json()
    ).token;
    const denied = await fetch(`${hq.url}/api/releases/0.2.0`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ held: true, stagingPercentage: 100 }),
    });
    expect(denied.status).toBe(403);
  });
});
