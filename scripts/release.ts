/**
 * Release signing, on the machine that holds the release key — never on HQ.
 *
 *   npm run release:keygen -- --out <dir>
 *     makes a release key pair: <dir>/release-key.pem (private, mode 0600) and
 *     <dir>/release-key.pub.pem; prints the public key to build into the app.
 *
 *   npm run release:sign -- <installer> [<installer>…] --version X --key <private key file> [--out <dir>]
 *     writes the signed manifest release.json (default: beside the first installer) that HQ needs
 *     in its updates/<version>/ folder next to the installers.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RELEASE_MANIFEST, SAFE_FILE, VERSION } from '../src/shared/release.js';
import { releaseKeyId } from '../src/main/updates/verify.js';
import { describeInstaller, signManifest } from './releaseSign.js';

const fail = (message: string): never => {
  console.error(message);
  process.exit(1);
};

const keygen = (args: string[]) => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) fail('usage: npm run release:keygen -- --out <dir>');
  const dir = resolve(values.out!);
  const privatePath = join(dir, 'release-key.pem');
  const publicPath = join(dir, 'release-key.pub.pem');
  if (existsSync(privatePath)) fail(`${privatePath} exists already: a release key is not overwritten`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicPath, publicPem, { mode: 0o644 });
  console.log(`private key: ${privatePath} (mode 0600 — keep it off HQ, offline, backed up)`);
  console.log(`public key:  ${publicPath}  key id ${releaseKeyId(publicKey)}`);
  console.log('Build the public key into the app: add it to RELEASE_PUBLIC_KEYS in src/main/updates/keys.ts.');
  console.log(publicPem.trim());
};

const signRelease = async (args: string[]) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { version: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length === 0 || !values.version || !values.key) {
    fail('usage: npm run release:sign -- <installer> [<installer>…] --version X --key <private key file> [--out <dir>]');
  }
  const version = values.version!;
  if (!VERSION.test(version)) fail(`--version ${version}: not a version like 1.2.3 or 1.2.3-beta.1`);
  const files = [];
  for (const path of positionals) {
    if (!existsSync(path) || !statSync(path).isFile()) fail(`${path}: no such file`);
    if (!SAFE_FILE.test(basename(path))) fail(`${basename(path)}: an installer's name has letters, digits, spaces and . _ - only`);
    files.push(await describeInstaller(path));
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(values.key!));
  } catch {
    return fail(`--key ${values.key}: not a private key file (the release-key.pem that npm run release:keygen wrote)`);
  }
  const manifest = signManifest(version, files, key);
  const out = resolve(values.out ?? dirname(positionals[0]));
  mkdirSync(out, { recursive: true });
  const target = join(out, RELEASE_MANIFEST);
  writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${target}: version ${version}, ${files.map((f) => f.name).join(', ')}, key id ${manifest.keyId}`);
  console.log(`At HQ: put it with the installers and latest*.yml into <updates dir>/${version}/.`);
};

const [command, ...rest] = process.argv.slice(2);
if (command === 'keygen') keygen(rest);
else if (command === 'sign') void signRelease(rest).catch((err: Error) => fail(err.message));
else fail('usage: release.ts keygen --out <dir> | release.ts sign <installer> --version X --key <file>');
