/**
 * A signed release of the desktop app: what HQ publishes and the station verifies before it
 * downloads anything. The signature is made away from HQ (`npm run release:sign`) with the release
 * key; HQ only passes the manifest on. Shared by the signing script, HQ and the station so the
 * bytes that are signed are defined once.
 *
 * The manifest lives beside the installers as `release.json` in HQ's release folder.
 */
import { z } from 'zod';

/** the file name of the signed manifest in a release folder and on the feed */
export const RELEASE_MANIFEST = 'release.json';
/** names the layout of the signed bytes; a new layout gets a new name */
export const RELEASE_FORMAT = 'station-desk-release/1';

/** x.y.z with an optional pre-release (-beta.1) */
export const VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}(?:-[0-9A-Za-z.-]{1,40})?$/;
/** a plain file name: no separators, no leading dot, nothing that climbs out of the folder */
export const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9._ -]{0,200}$/;
const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
const SIGNATURE_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
const KEY_ID = /^[0-9a-f]{16}$/;

/** One installer of the release: the bytes it must have, as electron-builder states them (SHA-512, base64). */
export const releaseFileSchema = z.strictObject({
  name: z.string().regex(SAFE_FILE).refine((n) => !n.includes('..')),
  size: z.number().int().positive(),
  sha512: z.string().regex(SHA512_BASE64),
});

export const releaseManifestSchema = z.strictObject({
  format: z.literal(RELEASE_FORMAT),
  version: z.string().regex(VERSION),
  files: z.array(releaseFileSchema).min(1).max(16),
  /** which release key signed: the first 16 hex digits of SHA-256 over its raw 32 bytes */
  keyId: z.string().regex(KEY_ID),
  /** Ed25519 over `signedBytes(manifest)`, base64 */
  signature: z.string().regex(SIGNATURE_BASE64),
});

export type ReleaseFile = z.infer<typeof releaseFileSchema>;
export type ReleaseManifest = z.infer<typeof releaseManifestSchema>;

/**
 * The exact text the release key signs: one line each, files in name order, the name last on its
 * line (it may hold spaces, never a line break). Everything a station acts on is in it.
 */
export const signedText = (m: Pick<ReleaseManifest, 'version' | 'files'>): string =>
  [
    RELEASE_FORMAT,
    `version ${m.version}`,
    ...[...m.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => `file ${f.size} ${f.sha512} ${f.name}`),
    '',
  ].join('\n');

/**
 * Orders versions: negative when a is older. Numbers compare as numbers (0.10.0 is newer than
 * 0.9.0); a pre-release is older than its release; pre-release parts compare as semver says.
 */
export const compareVersions = (a: string, b: string): number => {
  const [ma, pa] = splitVersion(a);
  const [mb, pb] = splitVersion(b);
  for (let i = 0; i < 3; i++) if (ma[i] !== mb[i]) return ma[i] - mb[i];
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  const x = pa.split('.');
  const y = pb.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    if (x[i] === y[i]) continue;
    const nx = /^\d+$/.test(x[i]);
    const ny = /^\d+$/.test(y[i]);
    if (nx && ny) return Number(x[i]) - Number(y[i]);
    // numeric identifiers sort before alphanumeric ones
    if (nx !== ny) return nx ? -1 : 1;
    return x[i] < y[i] ? -1 : 1;
  }
  return 0;
};

const splitVersion = (v: string): [number[], string | undefined] => {
  const dash = v.indexOf('-');
  const main = dash < 0 ? v : v.slice(0, dash);
  return [main.split('.').map(Number), dash < 0 ? undefined : v.slice(dash + 1)];
};
