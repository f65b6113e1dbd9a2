/**
 * Whether a release HQ offers may be installed: the decisions, each a small function, in plain
 * Node. Nothing is downloaded before the manifest's signature verifies with a key built into the
 * app and its version is newer than the one running; nothing is installed whose bytes differ from
 * the signed hash.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { VERSION, compareVersions, releaseManifestSchema, signedText, type ReleaseFile, type ReleaseManifest } from '../../shared/release.js';
import type { UpdateRefusal } from '../../shared/sync/contract.js';

export interface ReleaseKey {
  id: string;
  key: KeyObject;
}

/** The id a manifest names its key by: SHA-256 over the raw 32-byte Ed25519 public key, 16 hex digits. */
export const releaseKeyId = (key: KeyObject): string => {
  const raw = Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
};

/** A release public key from its PEM (SPKI), refusing anything but Ed25519. */
export const releaseKey = (pem: string): ReleaseKey => {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('a release key is an Ed25519 public key');
  return { id: releaseKeyId(key), key };
};

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: UpdateRefusal; offered: string | null };

/**
 * The manifest as HQ passed it on, checked: its shape, then its signature by one of `keys`. A
 * manifest naming a key the app does not hold is refused as such; one whose signature does not
 * verify (edited after signing, or signed by another key under a known id) as a bad signature.
 */
export const verifyManifest = (raw: unknown, keys: readonly ReleaseKey[]): Verdict<ReleaseManifest> => {
  // the version it claims, for the head to read — only if it looks like one (it is not yet trusted)
  const claimed = (raw as { version?: unknown } | null | undefined)?.version;
  const offered = typeof claimed === 'string' && VERSION.test(claimed) ? claimed : null;
  const parsed = releaseManifestSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'badManifest', offered };
  const m = parsed.data;
  if (new Set(m.files.map((f) => f.name)).size !== m.files.length) return { ok: false, reason: 'badManifest', offered };
  const key = keys.find((k) => k.id === m.keyId);
  if (!key) return { ok: false, reason: 'unknownKey', offered };
  const good = verify(null, Buffer.from(signedText(m), 'utf8'), key.key, Buffer.from(m.signature, 'base64'));
  return good ? { ok: true, value: m } : { ok: false, reason: 'badSignature', offered };
};

/** A release is taken only when newer than the running version: the same is nothing to do, an older one a downgrade. */
export const versionVerdict = (offered: string, installed: string): 'newer' | 'same' | 'downgrade' => {
  const c = compareVersions(offered, installed);
  return c > 0 ? 'newer' : c === 0 ? 'same' : 'downgrade';
};

/** The feed must be HTTPS: over plain HTTP anyone on the way could answer for HQ. */
export const feedRefusal = (url: string): 'insecureFeed' | null => {
  try {
    return new URL(url).protocol === 'https:' ? null : 'insecureFeed';
  } catch {
    return 'insecureFeed';
  }
};

/** The installer this machine runs, among the release's files (Windows: the NSIS .exe; Linux: the AppImage or the .deb as installed). */
export const installerFor = (files: readonly ReleaseFile[], platform: NodeJS.Platform, appImage: boolean): ReleaseFile | undefined => {
  const ext = platform === 'win32' ? '.exe' : platform === 'linux' ? (appImage ? '.AppImage' : '.deb') : platform === 'darwin' ? '.zip' : null;
  return ext ? files.find((f) => f.name.endsWith(ext)) : undefined;
};

/** SHA-512 of a file, base64, as electron-builder writes it. */
export const sha512Of = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')));
  });

/** Whether a downloaded installer is the signed one: its size and SHA-512 as signed. */
export const installerMatches = async (path: string, signed: ReleaseFile): Promise<boolean> => {
  try {
    return (await stat(path)).size === signed.size && (await sha512Of(path)) === signed.sha512;
  } catch {
    return false;
  }
};
