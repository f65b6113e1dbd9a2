/**
 * The desktop shell's update wiring (src/main/shell/updater.ts) against a recorded double of
 * Electron and of electron-updater: the double does what electron-updater does with a provider —
 * asks it for the release, downloads the file it names over TLS whose certificate Chromium would
 * put to the session's verify procedure, checks the SHA-512 it was given, and reports the file —
 * against a real HQ over HTTPS with its own authority.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { basename, join } from 'node:path';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../src/shared/sync/contract.js';
import type { PresentedCertificate } from '../../src/main/updates/pin.js';
import { startUpdater, type Updater } from '../../src/main/shell/updater.js';
import { enrol, newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { newReleaseKey, publishRelease, testAuthority, writeManifest } from '../helpers/releases.js';
import { ok, setUpStation, tempDataDir, type TestStation } from '../helpers/station.js';

type VerifyProc = (request: { hostname: string; certificate: PresentedCertificate }, callback: (result: number) => void) => void;

const recorded = vi.hoisted(() => ({
  partition: '' as string,
  verifyProc: undefined as unknown as VerifyProc,
  feeds: [] as { provider: string; updateProvider: new (o: unknown, u: unknown, r: unknown) => any }[],
  downloads: [] as string[],
  dialogs: [] as { message: string }[],
  quitAndInstall: 0,
  downloadDir: '',
}));

vi.mock('electron', () => ({
  app: { isPackaged: true, getVersion: () => '0.2.0' },
  dialog: {
    showMessageBox: async (prompt: { message: string }) => {
      recorded.dialogs.push(prompt);
      // "not now"
      return { response: 2 };
    },
  },
  session: {
    fromPartition: (name: string) => {
      recorded.partition = name;
      return { setCertificateVerifyProc: (proc: VerifyProc) => (recorded.verifyProc = proc) };
    },
  },
}));

/** The chain a TLS peer presented, as Chromium hands it to a verify procedure. */
const presented = (peer: PeerCertificate & { issuerCertificate?: PeerCertificate }): PresentedCertificate => {
  const data = new X509Certificate(peer.raw).toString();
  const issuer = peer.issuerCertificate;
  return issuer && issuer !== peer && !issuer.raw.equals(peer.raw) ? { data, issuerCert: presented(issuer) } : { data };
};

/** A GET as Chromium's network stack makes it for electron-updater: the session's verify procedure decides the certificate. */
const chromiumGet = (url: URL, headers: Record<string, string>): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const req = request(url, { headers, rejectUnauthorized: false, agent: false });
    req.on('socket', (socket) =>
      (socket as TLSSocket).once('secureConnect', () => {
        const certificate = presented((socket as TLSSocket).getPeerCertificate(true));
        recorded.verifyProc({ hostname: url.hostname, certificate }, (result) => {
          if (result !== 0) req.destroy(new Error('net::ERR_CERT_AUTHORITY_INVALID'));
        });
      }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });

vi.mock('electron-updater', async () => {
  const { EventEmitter } = await import('node:events');
  class Provider {
    constructor(_runtime: unknown) {}
  }
  let provider: any;
  const autoUpdater = Object.assign(new EventEmitter(), {
    requestHeaders: {} as Record<string, string>,
    setFeedURL(options: (typeof recorded.feeds)[number]) {
      recorded.feeds.push(options);
      provider = new options.updateProvider(options, autoUpdater, {});
    },
    async checkForUpdates() {
      const info = await provider.getLatestVersion();
      return { isUpdateAvailable: info.version !== '0.2.0', updateInfo: info };
    },
    async downloadUpdate() {
      const info = await provider.getLatestVersion();
      const [file] = provider.resolveFiles(info);
      recorded.downloads.push(file.url.toString());
      const bytes = await chromiumGet(file.url, autoUpdater.requestHeaders);
      if (createHash('sha512').update(bytes).digest('base64') !== file.info.sha512) throw new Error('sha512 checksum mismatch, expected …');
      const downloadedFile = join(recorded.downloadDir, basename(file.url.pathname));
      writeFileSync(downloadedFile, bytes);
      autoUpdater.emit('update-downloaded', { ...info, downloadedFile });
      return [downloadedFile];
    },
    quitAndInstall() {
      recorded.quitAndInstall += 1;
    },
  });
  return { Provider, autoUpdater };
});

describe('the shell’s updater wiring', () => {
  const key = newReleaseKey();
  const authority = testAuthority('hq');
  const updates = tempDataDir();
  const downloads = tempDataDir();
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let updater: Updater;

  beforeAll(async () => {
    recorded.downloadDir = downloads.dir;
    store = await newStore('sqlite');
    hq = await startHq(store, 0, undefined, updates.dir, authority.issue('127.0.0.1'));
    st = await setUpStation();
    await ok(st.core.call('sync.setCa', { pem: authority.ca }, { token: st.token }));
    await enrol(st, hq);
    updater = startUpdater(st.core, { extraKeys: [key.key] })!;
  });
  afterAll(async () => {
    updater?.stop();
    await st?.close();
    await hq?.close();
    await store?.drop();
    updates.remove();
    downloads.remove();
  });
  beforeEach(() => {
    updates.remove();
    Object.assign(recorded, { feeds: [], downloads: [], dialogs: [], quitAndInstall: 0 });
    st.core.updates.report = null;
  });

  const shown = async () => (await ok<SyncStatus>(st.core.call('sync.status', {}, { token: st.token }))).update;

  it('hands electron-updater only the verified release, downloads it over HQ’s pinned authority, and asks before installing', async () => {
    const r = await publishRelease(updates.dir, '0.3.0', key, undefined, process.platform);
    await updater.check();
    await vi.waitFor(async () => expect(await shown()).toMatchObject({ state: 'ready', offered: '0.3.0' }), { timeout: 30_000 });
    expect(recorded.partition).toBe('electron-updater');
    expect(recorded.feeds.map((f) => f.provider)).toEqual(['custom']);
    expect(recorded.downloads).toEqual([`${hq.url}/updates/${r.file.name}`]);
    expect(recorded.dialogs).toHaveLength(1);
    expect(recorded.dialogs[0].message).toContain('0.3.0');
    // "not now": nothing installed
    expect(recorded.quitAndInstall).toBe(0);
  });

  it('the updater’s network session trusts HQ’s pinned authority only', async () => {
    await publishRelease(updates.dir, '0.3.0', key, undefined, process.platform);
    await updater.check();
    await vi.waitFor(async () => expect(await shown()).toMatchObject({ state: 'ready' }), { timeout: 30_000 });
    const verdict = (hostname: string, certificate: PresentedCertificate) =>
      new Promise<number>((resolve) => recorded.verifyProc({ hostname, certificate }, resolve));
    expect(await verdict('127.0.0.1', { data: authority.issue('127.0.0.1').cert })).toBe(0);
    expect(await verdict('127.0.0.1', { data: testAuthority('impostor').issue('127.0.0.1').cert })).toBe(-2);
    expect(await verdict('10.1.1.1', { data: authority.issue('10.1.1.1').cert })).toBe(-2);
  });

  it('gives electron-updater nothing when the manifest does not verify', async () => {
    const r = await publishRelease(updates.dir, '0.3.0', key, undefined, process.platform);
    writeManifest(updates.dir, '0.3.0', { ...r.manifest, version: '0.3.0', files: [{ ...r.file, sha512: Buffer.alloc(64, 9).toString('base64') }] });
    await updater.check();
    expect(await shown()).toMatchObject({ state: 'refused', refusal: 'badSignature' });
    expect(recorded.feeds).toEqual([]);
    expect(recorded.downloads).toEqual([]);
  });

  it('a swapped installer is refused on download and never offered for installing', async () => {
    const r = await publishRelease(updates.dir, '0.3.0', key, 'the real one', process.platform);
    writeFileSync(r.installer, 'the evil one');
    await updater.check();
    expect(await shown()).toMatchObject({ state: 'refused', refusal: 'installerHash', offered: '0.3.0' });
    expect(recorded.downloads).toHaveLength(1);
    expect(recorded.dialogs).toEqual([]);
  });
});
