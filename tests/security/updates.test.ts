/**
 * Signed updates: whatever sits in HQ's updates folder, or answers for HQ, installs nothing a
 * release key did not sign. HQ runs on PostgreSQL over HTTPS with a certificate authority of its
 * own, which the station pinned; the station's update check is the one the desktop shell runs
 * (UpdateChecker), given the test's own release key in place of the app's built-in one. The
 * download electron-updater makes in the app is made here over the same pinned connection.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import { RELEASE_MANIFEST } from '../../src/shared/release.js';
import type { SyncStatus, UpdateReport } from '../../src/shared/sync/contract.js';
import { UpdateChecker, installerUrl, type VerifiedUpdate } from '../../src/main/updates/check.js';
import { pinnedFetch } from '../../src/main/sync/pinnedFetch.js';
import { enrol, newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { installerName, newReleaseKey, publishRelease, testAuthority, writeManifest } from '../helpers/releases.js';
import { addStaff, ok, setUpStation, tempDataDir, type TestStation } from '../helpers/station.js';
import { securitySuite } from './harness.js';

const ROOT = join(__dirname, '..', '..');

describe('signed updates', () => {
  const attack = securitySuite('updates');
  const releaseKey = newReleaseKey();
  const otherKey = newReleaseKey();
  const authority = testAuthority('hq');
  const updates = tempDataDir();
  const downloads = tempDataDir();
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  /** the station runs 0.2.0 */
  let checker: UpdateChecker;

  beforeAll(async () => {
    store = await newStore('postgres');
    hq = await startHq(store, 0, undefined, updates.dir, authority.issue('127.0.0.1'));
    st = await setUpStation();
    await ok(st.core.call('sync.setCa', { pem: authority.ca }, { token: st.token }));
    await enrol(st, hq);
    checker = new UpdateChecker(st.core, { installed: '0.2.0', keys: [releaseKey.key], platform: 'win32' });
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
    updates.remove();
    downloads.remove();
  });
  beforeEach(() => {
    // each attack sets up HQ's updates folder afresh
    updates.remove();
    st.core.updates.report = null;
  });

  /** What the head sees on the sync page. */
  const shown = async (): Promise<UpdateReport | null> => (await ok<SyncStatus>(st.core.call('sync.status', {}, { token: st.token }))).update;

  /** The download as electron-updater makes it in the app: the verified release's installer, from HQ, over the pinned connection. */
  const download = async (update: VerifiedUpdate): Promise<string> => {
    const res = await pinnedFetch(update.ca)(installerUrl(update).toString(), { headers: update.headers });
    expect(res.status).toBe(200);
    const path = join(downloads.dir, update.installer.name);
    writeFileSync(path, Buffer.from(await res.arrayBuffer()));
    return path;
  };

  const expectRefused = async (refusal: UpdateReport['refusal'], offered: string | null) => {
    expect(await checker.check()).toBeUndefined();
    expect(await shown()).toMatchObject({ state: 'refused', refusal, offered, installed: '0.2.0' });
  };

  attack('HQ’s manifest edited after signing (the installer’s hash replaced)', async () => {
    const evil = await publishRelease(updates.dir, '0.3.0', releaseKey);
    const swapped = Buffer.alloc(64, 1).toString('base64');
    writeManifest(updates.dir, '0.3.0', { ...evil.manifest, files: [{ ...evil.file, sha512: swapped }] });
    await expectRefused('badSignature', '0.3.0');
  });

  attack('HQ’s manifest edited after signing (the version raised)', async () => {
    const r = await publishRelease(updates.dir, '0.3.0', releaseKey);
    await publishRelease(updates.dir, '9.0.0', null);
    writeManifest(updates.dir, '9.0.0', { ...r.manifest, version: '9.0.0', files: [{ ...r.file, name: installerName('9.0.0'), size: r.file.size }] });
    await expectRefused('badSignature', '9.0.0');
  });

  attack('a release signed by another key', async () => {
    await publishRelease(updates.dir, '0.3.0', otherKey);
    await expectRefused('unknownKey', '0.3.0');
  });

  attack('a release signed by another key that names the app’s key', async () => {
    const r = await publishRelease(updates.dir, '0.3.0', otherKey);
    writeManifest(updates.dir, '0.3.0', { ...r.manifest, keyId: releaseKey.key.id });
    await expectRefused('badSignature', '0.3.0');
  });

  attack('a properly signed older release (a downgrade to a version with known flaws)', async () => {
    await publishRelease(updates.dir, '0.1.0', releaseKey);
    await expectRefused('downgrade', '0.1.0');
  });

  attack('a manifest that is no manifest', async () => {
    await publishRelease(updates.dir, '0.3.0', releaseKey);
    writeFileSync(join(updates.dir, '0.3.0', RELEASE_MANIFEST), '{"format":"station-desk-release/1","version":"0.3.0"');
    // HQ does not offer a release whose manifest it cannot read: there is nothing to install
    expect(await checker.check()).toBeUndefined();
    expect(await shown()).toMatchObject({ state: 'upToDate', offered: null });
  });

  attack('the same release reinstalled is nothing to do', async () => {
    await publishRelease(updates.dir, '0.2.0', releaseKey);
    expect(await checker.check()).toBeUndefined();
    expect(await shown()).toMatchObject({ state: 'upToDate', offered: '0.2.0', refusal: null });
  });

  attack('the installer swapped at HQ for another of the same size after signing', async () => {
    const r = await publishRelease(updates.dir, '0.3.0', releaseKey, 'the real installer 0.3.0');
    writeFileSync(r.installer, 'the evil installer 0.3.0');
    const update = await checker.check();
    // the manifest itself is sound: the swap shows only in the bytes
    expect(update?.manifest.version).toBe('0.3.0');
    const path = await download(update!);
    expect(await checker.downloaded(update!, path)).toBe(false);
    expect(await shown()).toMatchObject({ state: 'refused', refusal: 'installerHash', offered: '0.3.0' });
  });

  attack('a feed over plain http:// (anyone on the way could answer for HQ)', async () => {
    // whatever answers there: a properly signed manifest even; the station asks it nothing
    const r = await publishRelease(updates.dir, '0.3.0', releaseKey);
    let asked = 0;
    const plain: Server = createServer((_req, res) => {
      asked += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ manifest: r.manifest }));
    });
    await new Promise<void>((done) => plain.listen(0, '127.0.0.1', done));
    const [{ hqUrl }] = await st.core.dataSource.query(`SELECT "hqUrl" FROM sync_state`);
    try {
      await st.core.dataSource.query(`UPDATE sync_state SET "hqUrl" = ?`, [`http://127.0.0.1:${(plain.address() as AddressInfo).port}`]);
      await expectRefused('insecureFeed', null);
      expect(asked).toBe(0);
    } finally {
      await st.core.dataSource.query(`UPDATE sync_state SET "hqUrl" = ?`, [hqUrl]);
      await new Promise((done) => plain.close(done));
    }
  });

  attack('HQ’s address answered by a server with another authority’s certificate', async () => {
    await publishRelease(updates.dir, '0.3.0', releaseKey);
    const other = testAuthority('impostor');
    await ok(st.core.call('sync.setCa', { pem: other.ca }, { token: st.token }));
    try {
      await expectRefused('untrustedCertificate', null);
    } finally {
      await ok(st.core.call('sync.setCa', { pem: authority.ca }, { token: st.token }));
    }
  });

  attack('no authority pinned: the machine’s own list of authorities is not trusted for updates', async () => {
    await publishRelease(updates.dir, '0.3.0', releaseKey);
    await ok(st.core.call('sync.setCa', { pem: null }, { token: st.token }));
    try {
      await expectRefused('noPinnedCa', null);
    } finally {
      await ok(st.core.call('sync.setCa', { pem: authority.ca }, { token: st.token }));
    }
  });

  attack('a station fetches what else lies in a release folder at HQ (a release key left there by mistake)', async () => {
    await publishRelease(updates.dir, '0.3.0', releaseKey);
    writeFileSync(join(updates.dir, '0.3.0', 'release-key.pem'), releaseKey.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const [{ hqKey, secret }] = await st.core.dataSource.query(`SELECT "hqKey", secret FROM sync_state`);
    const res = await pinnedFetch(authority.ca)(`${hq.url}/updates/release-key.pem`, { headers: { authorization: `Station ${hqKey}:${secret}` } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/PRIVATE KEY/);
  });

  attack('a role other than the head learns nothing of updates from the sync page', async () => {
    await publishRelease(updates.dir, '0.1.0', releaseKey);
    await checker.check();
    expect(await shown()).toMatchObject({ state: 'refused' });
    for (const role of ['officer', 'auxiliary', 'gridWorker', 'mediator'] as const) {
      const staff = await addStaff(st, role);
      expect((await ok<SyncStatus>(st.core.call('sync.status', {}, { token: staff.token }))).update, role).toBeNull();
    }
  });

  attack(
    'a release signed with npm run release:sign is taken, downloaded and verified',
    async () => {
      const r = await publishRelease(updates.dir, '0.3.0', null);
      const keyFile = join(downloads.dir, 'release-key.pem');
      writeFileSync(keyFile, releaseKey.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      const signed = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/release.ts'), 'sign', r.installer, '--version', '0.3.0', '--key', keyFile], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(signed.status, signed.stderr).toBe(0);
      const update = await checker.check();
      expect(update).toMatchObject({ manifest: { version: '0.3.0', keyId: releaseKey.key.id }, installer: { name: installerName('0.3.0'), size: r.file.size, sha512: r.file.sha512 } });
      expect(await shown()).toMatchObject({ state: 'downloading', offered: '0.3.0', refusal: null });
      expect(await checker.downloaded(update!, await download(update!))).toBe(true);
      expect(await shown()).toMatchObject({ state: 'ready', offered: '0.3.0', refusal: null });
    },
    60_000,
  );
});
