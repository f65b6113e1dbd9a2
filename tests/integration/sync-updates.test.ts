import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { newReleaseKey, publishRelease, writeManifest } from '../helpers/releases.js';
import { setUpStation, tempDataDir, type TestStation } from '../helpers/station.js';

const key = newReleaseKey();

describe('the update feed', () => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let auth: Record<string, string>;
  let admin: string;
  const updates = tempDataDir();

  beforeAll(async () => {
    await publishRelease(updates.dir, '0.1.0', key);
    await publishRelease(updates.dir, '0.2.0', key, 'installer 0.2.0');
    await publishRelease(updates.dir, '0.10.0-beta.1', key);
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
    // the signed manifest of the same release, as the station's updater reads it
    const signed = await (await fetch(`${hq.url}/updates/release.json`, { headers: auth })).json();
    expect(signed.manifest).toMatchObject({ version: '0.10.0-beta.1', keyId: key.key.id });
    expect(signed.stagingPercentage).toBeUndefined();
    const exe = await fetch(`${hq.url}/updates/StationDesk-Setup-0.2.0.exe`, { headers: auth });
    expect([exe.status, await exe.text()]).toEqual([200, 'installer 0.2.0']);
    writeFileSync(join(updates.dir, '0.2.0', 'StationDesk-Setup-0.2.0.exe.blockmap'), 'blockmap 0.2.0');
    const blockmap = await fetch(`${hq.url}/updates/StationDesk-Setup-0.2.0.exe.blockmap`, { headers: auth });
    expect([blockmap.status, await blockmap.text()]).toEqual([200, 'blockmap 0.2.0']);
    // only what a release consists of is served: not a key or a note left in the folder by mistake
    writeFileSync(join(updates.dir, '0.2.0', 'release-key.pem'), '-----BEGIN PRIVATE KEY-----');
    writeFileSync(join(updates.dir, '0.2.0', 'notes.txt'), 'internal notes');
    for (const bad of ['..%2F..%2Fetc%2Fpasswd', '.hidden', 'nothing.exe', 'release-key.pem', 'notes.txt']) {
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
    expect(await (await fetch(`${hq.url}/updates/release.json`, { headers: auth })).json()).toMatchObject({ manifest: { version: '0.2.0' }, stagingPercentage: 20 });
    expect((await policy('9.9.9', false, 20)).status).toBe(404);
    expect((await policy('0.2.0', false, 101)).status).toBe(400);
    const releases = await (await fetch(`${hq.url}/api/releases`, { headers: { authorization: `Bearer ${admin}` } })).json();
    expect(releases.map((r: { version: string; held: boolean; stagingPercentage: number; signed: boolean }) => [r.version, r.held, r.stagingPercentage, r.signed])).toEqual([
      ['0.10.0-beta.1', true, 100, true],
      ['0.2.0', false, 20, true],
      ['0.1.0', false, 100, true],
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

  it('publishes no release without its signed manifest: not offered, not served, and an admin cannot offer it', async () => {
    const release = (version: string) => fetch(`${hq.url}/api/releases`, { headers: { authorization: `Bearer ${admin}` } }).then(async (r) => (await r.json()).find((x: { version: string }) => x.version === version));
    // dropped into the folder by someone without the release key
    await publishRelease(updates.dir, '0.11.0', null);
    // a manifest of another version, or naming an installer of another size, does not fit the folder either
    const other = await publishRelease(updates.dir, '0.12.0', key);
    writeManifest(updates.dir, '0.12.0', { ...other.manifest, files: [{ ...other.file, size: other.file.size + 1 }] });
    const copied = await publishRelease(updates.dir, '0.13.0', null);
    const elsewhere = tempDataDir();
    writeManifest(updates.dir, '0.13.0', (await publishRelease(elsewhere.dir, '0.9.0', key)).manifest);
    elsewhere.remove();
    for (const v of ['0.11.0', '0.12.0', '0.13.0']) expect(await release(v), v).toMatchObject({ signed: false });
    // the station still gets the newest signed release, and none of the unsigned files
    expect((await latest()).text).toMatch(/^version: 0\.2\.0$/m);
    expect((await fetch(`${hq.url}/updates/${copied.file.name}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${hq.url}/updates/StationDesk-Setup-0.11.0.exe`, { headers: auth })).status).toBe(404);
    const offer = await policy('0.11.0', false, 100);
    expect([offer.status, (await offer.json()).error]).toEqual([409, 'releaseUnsigned']);
    // holding an unsigned release back is harmless and allowed
    expect((await policy('0.11.0', true, 100)).status).toBe(200);
  });
});
