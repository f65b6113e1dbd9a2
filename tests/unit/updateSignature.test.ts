import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, signedText } from '../../src/shared/release.js';
import { RELEASE_PUBLIC_KEYS, builtInReleaseKeys } from '../../src/main/updates/keys.js';
import { chainOf, chainTrustedByPin } from '../../src/main/updates/pin.js';
import { feedRefusal, installerFor, installerMatches, releaseKey, verifyManifest, versionVerdict } from '../../src/main/updates/verify.js';
import { signManifest } from '../../scripts/releaseSign.js';
import { newReleaseKey, testAuthority } from '../helpers/releases.js';
import { tempDataDir } from '../helpers/station.js';

const ours = newReleaseKey();
const theirs = newReleaseKey();
const installer = { name: 'StationDesk-Setup-0.3.0.exe', size: 1234, sha512: Buffer.alloc(64, 7).toString('base64') };
const good = signManifest('0.3.0', [installer], ours.privateKey);

describe('a release manifest’s signature', () => {
  it('verifies when made by a key the app holds, over the version and every installer’s name, size and hash', () => {
    expect(verifyManifest(good, [ours.key])).toEqual({ ok: true, value: good });
    // the app's list of keys is a list: any of them may sign
    expect(verifyManifest(good, [theirs.key, ours.key]).ok).toBe(true);
    expect(signedText(good)).toBe(`station-desk-release/1\nversion 0.3.0\nfile 1234 ${installer.sha512} StationDesk-Setup-0.3.0.exe\n`);
  });

  it('is refused when anything signed was changed afterwards', () => {
    const changed = [
      { ...good, version: '0.3.1' },
      { ...good, files: [{ ...installer, sha512: Buffer.alloc(64, 8).toString('base64') }] },
      { ...good, files: [{ ...installer, size: 1235 }] },
      { ...good, files: [{ ...installer, name: 'Other-Setup.exe' }] },
      { ...good, files: [installer, { ...installer, name: 'extra.exe' }] },
    ];
    for (const m of changed) expect(verifyManifest(m, [ours.key]), JSON.stringify(m)).toMatchObject({ ok: false, reason: 'badSignature' });
  });

  it('is refused when another key signed, whether it names itself or poses as ours', () => {
    const other = signManifest('0.3.0', [installer], theirs.privateKey);
    expect(verifyManifest(other, [ours.key])).toEqual({ ok: false, reason: 'unknownKey', offered: '0.3.0' });
    expect(verifyManifest({ ...other, keyId: ours.key.id }, [ours.key])).toEqual({ ok: false, reason: 'badSignature', offered: '0.3.0' });
    // no key at all: nothing verifies
    expect(verifyManifest(good, [])).toMatchObject({ ok: false, reason: 'unknownKey' });
  });

  it('is refused as unreadable when it is not a manifest', () => {
    for (const raw of [
      undefined,
      null,
      'release',
      {},
      { ...good, format: 'station-desk-release/0' },
      { ...good, signature: 'abc' },
      { ...good, files: [] },
      { ...good, files: [{ ...installer, name: '../../evil.exe' }] },
      { ...good, files: [installer, installer] },
      { ...good, version: '1.0' },
      { ...good, extra: true },
    ]) {
      expect(verifyManifest(raw, [ours.key]), JSON.stringify(raw)).toMatchObject({ ok: false, reason: 'badManifest' });
    }
    // what an unreadable manifest claims is shown only when it looks like a version
    expect(verifyManifest({ version: '0.3.0' }, [ours.key])).toEqual({ ok: false, reason: 'badManifest', offered: '0.3.0' });
    expect(verifyManifest({ version: '请立即安装 请联系 12345' }, [ours.key])).toEqual({ ok: false, reason: 'badManifest', offered: null });
  });

  it('the app’s built-in keys are Ed25519 public keys, and a key of another kind is refused', () => {
    expect(RELEASE_PUBLIC_KEYS.length).toBeGreaterThan(0);
    for (const k of builtInReleaseKeys()) expect(k.id).toMatch(/^[0-9a-f]{16}$/);
    for (const pem of RELEASE_PUBLIC_KEYS) expect(pem).not.toMatch(/PRIVATE/);
    expect(() => releaseKey(testAuthority('x').ca)).toThrow();
  });
});

describe('which version is taken', () => {
  it('only a newer one: the same is nothing to do, an older one a downgrade', () => {
    expect(versionVerdict('0.3.0', '0.2.9')).toBe('newer');
    expect(versionVerdict('0.10.0', '0.9.0')).toBe('newer');
    expect(versionVerdict('1.0.0', '1.0.0-rc.1')).toBe('newer');
    expect(versionVerdict('0.2.0', '0.2.0')).toBe('same');
    expect(versionVerdict('0.1.9', '0.2.0')).toBe('downgrade');
    expect(versionVerdict('1.0.0-rc.1', '1.0.0')).toBe('downgrade');
    expect(versionVerdict('0.9.0', '0.10.0')).toBe('downgrade');
  });

  it('orders pre-releases as semver does', () => {
    const order = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0'];
    const shuffled = [...order].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(order);
  });
});

describe('the feed and the installer', () => {
  it('takes the feed only over https', () => {
    expect(feedRefusal('https://hq.songyuan.example/updates')).toBeNull();
    expect(feedRefusal('http://hq.songyuan.example/updates')).toBe('insecureFeed');
    expect(feedRefusal('HTTP://10.0.0.1/updates')).toBe('insecureFeed');
    expect(feedRefusal('ftp://hq/updates')).toBe('insecureFeed');
    expect(feedRefusal('not a url')).toBe('insecureFeed');
  });

  it('picks this machine’s installer from the release', () => {
    const files = [
      { ...installer, name: 'StationDesk-0.3.0-x64.deb' },
      { ...installer, name: 'StationDesk-0.3.0-x86_64.AppImage' },
      installer,
    ];
    expect(installerFor(files, 'win32', false)?.name).toBe(installer.name);
    expect(installerFor(files, 'linux', true)?.name).toBe('StationDesk-0.3.0-x86_64.AppImage');
    expect(installerFor(files, 'linux', false)?.name).toBe('StationDesk-0.3.0-x64.deb');
    expect(installerFor([installer], 'linux', true)).toBeUndefined();
  });

  const dir = tempDataDir();
  afterAll(() => dir.remove());

  it('installs a downloaded file only when it is byte for byte the signed one', async () => {
    const path = join(dir.dir, 'StationDesk-Setup-0.3.0.exe');
    const bytes = Buffer.from('the real installer');
    writeFileSync(path, bytes);
    const { createHash } = await import('node:crypto');
    const signed = { name: 'StationDesk-Setup-0.3.0.exe', size: bytes.length, sha512: createHash('sha512').update(bytes).digest('base64') };
    expect(await installerMatches(path, signed)).toBe(true);
    // swapped for another file of the same size
    writeFileSync(path, Buffer.from('the fake installer'));
    expect(await installerMatches(path, signed)).toBe(false);
    // grown by a byte
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('!')]));
    expect(await installerMatches(path, signed)).toBe(false);
    expect(await installerMatches(join(dir.dir, 'missing.exe'), signed)).toBe(false);
  });
});

describe('the updater’s certificate pin', () => {
  const hq = testAuthority('hq');
  const other = testAuthority('other');
  const leaf = hq.issue('127.0.0.1').cert;

  it('trusts HQ’s host with a certificate from the pinned authority, and nothing else', () => {
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', [leaf], hq.ca)).toBe(true);
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', [leaf, hq.ca], hq.ca)).toBe(true);
    // another authority's certificate for the same address
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', [other.issue('127.0.0.1').cert], hq.ca)).toBe(false);
    // the right authority, another address
    expect(chainTrustedByPin('127.0.0.2', '127.0.0.2', [hq.issue('127.0.0.3').cert], hq.ca)).toBe(false);
    // a redirect to another host is not HQ
    expect(chainTrustedByPin('10.9.9.9', '127.0.0.1', [hq.issue('10.9.9.9').cert], hq.ca)).toBe(false);
    // the authority itself presented as a server certificate is no certificate for the host
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', [hq.ca], hq.ca)).toBe(false);
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', [], hq.ca)).toBe(false);
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', ['garbage'], hq.ca)).toBe(false);
  });

  it('reads the chain Chromium presents, leaf first, up to the self-signed root', () => {
    const root = { data: hq.ca } as { data: string; issuerCert?: unknown };
    root.issuerCert = root;
    const presented = { data: leaf, issuerCert: root as { data: string } };
    expect(chainOf(presented)).toEqual([leaf, hq.ca]);
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', chainOf(presented), hq.ca)).toBe(true);
    expect(chainOf(undefined)).toEqual([]);
  });

  it('refuses an expired certificate', () => {
    const expired = hq.issue('127.0.0.1', new Date(Date.now() - 3 * 86400_000), new Date(Date.now() - 86400_000)).cert;
    expect(chainTrustedByPin('127.0.0.1', '127.0.0.1', [expired], hq.ca)).toBe(false);
  });
});
