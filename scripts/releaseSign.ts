/**
 * Making a signed release manifest: the signing half of src/main/updates/verify.ts, for the release
 * script (and the tests that publish releases). Never part of the app or of HQ.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { RELEASE_FORMAT, releaseManifestSchema, signedText, type ReleaseFile, type ReleaseManifest } from '../src/shared/release.js';
import { releaseKeyId } from '../src/main/updates/verify.js';

const sha512 = (path: string): Promise<string> =>
  new Promise((done, reject) => {
    const hash = createHash('sha512');
    createReadStream(path)
      .on('error', reject)
      .on('data', (c) => hash.update(c))
      .on('end', () => done(hash.digest('base64')));
  });

/** An installer as the manifest lists it: its name, size and SHA-512. */
export const describeInstaller = async (path: string): Promise<ReleaseFile> => ({ name: basename(path), size: statSync(path).size, sha512: await sha512(path) });

/** The manifest of `version` with `files`, signed by the Ed25519 `privateKey` (and checked to verify). */
export const signManifest = (version: string, files: ReleaseFile[], privateKey: KeyObject): ReleaseManifest => {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('a release key is an Ed25519 private key (make one with npm run release:keygen)');
  const publicKey = createPublicKey(privateKey);
  const unsigned = { format: RELEASE_FORMAT, version, files };
  const signature = sign(null, Buffer.from(signedText(unsigned), 'utf8'), privateKey).toString('base64');
  const manifest = releaseManifestSchema.parse({ ...unsigned, keyId: releaseKeyId(publicKey), signature });
  if (!verify(null, Buffer.from(signedText(manifest), 'utf8'), publicKey, Buffer.from(signature, 'base64'))) throw new Error('the signature does not verify');
  return manifest;
};
