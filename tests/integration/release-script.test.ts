/**
 * The release commands as a release manager runs them (`npm run release:keygen`, `release:sign`):
 * the key pair's private half is readable by its owner only and never overwritten, a signed
 * manifest verifies with the public half, and a mistake is answered in words naming the option.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RELEASE_MANIFEST } from '../../src/shared/release.js';
import { releaseKey, verifyManifest } from '../../src/main/updates/verify.js';
import { tempDataDir } from '../helpers/station.js';

const ROOT = join(__dirname, '..', '..');
/** each run starts Node with tsx: seconds apiece on a loaded machine */
const SPAWNS_TIMEOUT = 180_000;
const release = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/release.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('the release commands', () => {
  const dir = tempDataDir();
  afterAll(() => dir.remove());
  const keys = join(dir.dir, 'keys');

  it('make a key pair whose private half only its owner can read, and never overwrite it', () => {
    const made = release('keygen', '--out', keys);
    expect(made.status, made.stderr).toBe(0);
    expect(statSync(join(keys, 'release-key.pem')).mode & 0o777).toBe(0o600);
    const publicPem = readFileSync(join(keys, 'release-key.pub.pem'), 'utf8');
    expect(made.stdout).toContain(publicPem.trim());
    expect(made.stdout).toContain(releaseKey(publicPem).id);
    const before = readFileSync(join(keys, 'release-key.pem'), 'utf8');
    const again = release('keygen', '--out', keys);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not overwritten/);
    expect(readFileSync(join(keys, 'release-key.pem'), 'utf8')).toBe(before);
  }, SPAWNS_TIMEOUT);

  it('sign installers into a release.json that verifies with the public key', () => {
    const exe = join(dir.dir, 'StationDesk-Setup-1.4.0.exe');
    const deb = join(dir.dir, 'StationDesk-1.4.0-amd64.deb');
    writeFileSync(exe, 'windows installer');
    writeFileSync(deb, 'linux package');
    const signed = release('sign', exe, deb, '--version', '1.4.0', '--key', join(keys, 'release-key.pem'));
    expect(signed.status, signed.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir.dir, RELEASE_MANIFEST), 'utf8'));
    const key = releaseKey(readFileSync(join(keys, 'release-key.pub.pem'), 'utf8'));
    expect(verifyManifest(manifest, [key])).toMatchObject({ ok: true, value: { version: '1.4.0' } });
    expect(manifest.files.map((f: { name: string; size: number }) => [f.name, f.size])).toEqual([
      ['StationDesk-Setup-1.4.0.exe', 17],
      ['StationDesk-1.4.0-amd64.deb', 13],
    ]);
  }, SPAWNS_TIMEOUT);

  it('answer a mistake in words naming what is wrong', () => {
    const exe = join(dir.dir, 'StationDesk-Setup-1.4.0.exe');
    const cases: [string[], RegExp][] = [
      [['sign', exe, '--key', join(keys, 'release-key.pem')], /usage: npm run release:sign/],
      [['sign', exe, '--version', '1.4', '--key', join(keys, 'release-key.pem')], /--version 1\.4: not a version/],
      [['sign', exe, '--version', '1.4.0', '--key', join(keys, 'release-key.pub.pem')], /--key .*: not a private key file/],
      [['sign', join(dir.dir, 'missing.exe'), '--version', '1.4.0', '--key', join(keys, 'release-key.pem')], /missing\.exe: no such file/],
      [['keygen'], /usage: npm run release:keygen/],
    ];
    for (const [args, message] of cases) {
      const r = release(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  }, SPAWNS_TIMEOUT);
});
