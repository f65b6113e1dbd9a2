/**
 * The certificate browser mode serves the station LAN with, made on first need and kept in the
 * data directory. node:crypto makes keys but not X.509 certificates: node-forge (pure JavaScript,
 * no dependencies of its own, maintained for a decade) signs it; the key itself comes from
 * node:crypto. The other terminal pins the SHA-256 fingerprint shown on the station's screen.
 */
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

export const TLS_FOLDER = 'tls';
const YEARS = 10;

export interface StationCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, as AA:BB:… */
  fingerprint: string;
}

const paths = (dataDir: string) => ({ key: join(dataDir, TLS_FOLDER, 'key.pem'), cert: join(dataDir, TLS_FOLDER, 'cert.pem') });

/** The fingerprint of the certificate already made, or null. */
export const certificateFingerprint = (dataDir: string): string | null => {
  const p = paths(dataDir);
  return existsSync(p.cert) ? new X509Certificate(readFileSync(p.cert)).fingerprint256 : null;
};

/** The station's certificate, made now if there is none (for `hosts`: the addresses it is reached at). */
export const stationCertificate = (dataDir: string, stationName: string, hosts: string[] = []): StationCertificate => {
  const p = paths(dataDir);
  if (existsSync(p.key) && existsSync(p.cert)) {
    const cert = readFileSync(p.cert, 'utf8');
    return { key: readFileSync(p.key, 'utf8'), cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // a positive serial: the top bit clear
  c.serialNumber = `01${randomBytes(15).toString('hex')}`;
  c.validity.notBefore = new Date(Date.now() - 86400_000);
  c.validity.notAfter = new Date(Date.now() + YEARS * 365 * 86400_000);
  const subject = [
    { name: 'commonName', value: 'Station Desk' },
    { name: 'organizationName', value: stationName.slice(0, 60) || 'Station Desk', valueTagClass: forge.asn1.Type.UTF8 as unknown as number },
  ];
  c.setSubject(subject as forge.pki.CertificateField[]);
  c.setIssuer(subject as forge.pki.CertificateField[]);
  const ips = new Set(['127.0.0.1', ...hosts.filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h))]);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4') ips.add(a.address);
  c.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...[...ips].map((ip) => ({ type: 7, ip }))] },
  ]);
  c.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const cert = forge.pki.certificateToPem(c);
  mkdirSync(join(dataDir, TLS_FOLDER), { recursive: true, mode: 0o700 });
  // the key readable by this account only; written whole, then renamed into place (a leftover
  // `.part` of an interrupted run is swept at the next start)
  writeFileSync(`${p.key}.part`, privateKey, { mode: 0o600 });
  writeFileSync(`${p.cert}.part`, cert);
  renameSync(`${p.key}.part`, p.key);
  renameSync(`${p.cert}.part`, p.cert);
  return { key: privateKey, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
};
