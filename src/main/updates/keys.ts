/**
 * The release public keys built into the app: a manifest is trusted only when one of these signed
 * it. The private halves are kept by whoever signs releases (`npm run release:keygen`), never in
 * this repository and never on HQ. To change keys, ship a release signed by the old key that
 * holds both the old and the new one, and drop the old one a release later.
 */
import { releaseKey, type ReleaseKey } from './verify.js';

export const RELEASE_PUBLIC_KEYS: readonly string[] = [
  // Station Desk release key 1 (key id dd71293bcd624eff)
  `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAviqrgEhm2yj9ObZ3DpO9KRlZq7xZajX5lODmd+Q0T9E=
-----END PUBLIC KEY-----`,
];

export const builtInReleaseKeys = (): ReleaseKey[] => RELEASE_PUBLIC_KEYS.map(releaseKey);
