/**
 * Releases as a release manager makes them, for tests: a key pair of the test's own (the app's
 * real private key is in no repository), installers, electron-builder's latest.yml and the signed
 * release.json, in HQ's updates folder.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { RELEASE_MANIFEST, type ReleaseManifest } from '../../src/shared/release.js';
import { releaseKey, type ReleaseKey } from '../../src/main/updates/verify.js';
import { describeInstaller, signManifest } from '../../scripts/releaseSign.js';

export interface TestReleaseKey {
  privateKey: KeyObject;
  /** the public half as the app holds it */
  key: ReleaseKey;
  publicPem: string;
}

export const newReleaseKey = (): TestReleaseKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicPem, key: releaseKey(publicPem) };
};

/** The installer electron-builder names for a platform (Linux: the .deb, as a station not run as an AppImage takes). */
export const installerName = (version: string, platform: NodeJS.Platform = 'win32') =>
  platform === 'linux' ? `StationDesk-${version}-amd64.deb` : platform === 'darwin' ? `StationDesk-${version}-mac.zip` : `StationDesk-Setup-${version}.exe`;

/**
 * Writes release `version` into `dir` (its folder replaced): an installer, latest.yml, and — when
 * a key is given — release.json signed by it. Returns the manifest and the installer's path.
 */
export const publishRelease = async (
  dir: string,
  version: string,
  key: TestReleaseKey | null,
  content = `installer ${version} ${randomBytes(8).toString('hex')}`,
  platform: NodeJS.Platform = 'win32',
) => {
  const folder = join(dir, version);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const exe = installerName(version, platform);
  const installer = join(folder, exe);
  writeFileSync(installer, content);
  const file = await describeInstaller(installer);
  writeFileSync(
    join(folder, 'latest.yml'),
    `version: ${version}\nfiles:\n  - url: ${exe}\n    sha512: ${file.sha512}\n    size: ${file.size}\npath: ${exe}\nsha512: ${file.sha512}\nreleaseDate: '2026-11-28T00:00:00.000Z'\n`,
  );
  let manifest: ReleaseManifest | undefined;
  if (key) {
    manifest = signManifest(version, [file], key.privateKey);
    writeManifest(dir, version, manifest);
  }
  return { folder, installer, manifest, file };
};

export const writeManifest = (dir: string, version: string, manifest: unknown) =>
  writeFileSync(join(dir, version, RELEASE_MANIFEST), JSON.stringify(manifest, null, 2));

/** A certificate authority of the test's own, issuing server certificates for 127.0.0.1. */
const rsaKeys = () => {
  // node:crypto makes the key (forge's pure JavaScript would take seconds), forge the certificate
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { pem: privateKey, publicKey: forge.pki.publicKeyFromPem(publicKey), privateKey: forge.pki.privateKeyFromPem(privateKey) };
};

export const testAuthority = (name: string) => {
  const keys = rsaKeys();
  const subject = [{ name: 'commonName', value: `${name} test CA` }];
  const ca = forge.pki.createCertificate();
  ca.publicKey = keys.publicKey;
  ca.serialNumber = `01${randomBytes(8).toString('hex')}`;
  ca.validity.notBefore = new Date(Date.now() - 86400_000);
  ca.validity.notAfter = new Date(Date.now() + 2 * 86400_000);
  ca.setSubject(subject);
  ca.setIssuer(subject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  ca.sign(keys.privateKey, forge.md.sha256.create());
  const caPem = forge.pki.certificateToPem(ca);
  return {
    ca: caPem,
    /** a certificate for `ip`, valid from `from` to `to` */
    issue(ip = '127.0.0.1', from = new Date(Date.now() - 86400_000), to = new Date(Date.now() + 86400_000)) {
      const own = rsaKeys();
      const c = forge.pki.createCertificate();
      c.publicKey = own.publicKey;
      c.serialNumber = `01${randomBytes(8).toString('hex')}`;
      c.validity.notBefore = from;
      c.validity.notAfter = to;
      c.setSubject([{ name: 'commonName', value: ip }]);
      c.setIssuer(subject);
      c.setExtensions([
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip }] },
      ]);
      c.sign(keys.privateKey, forge.md.sha256.create());
      return { key: own.pem, cert: forge.pki.certificateToPem(c) };
    },
  };
};
