// Where the Electron runtime is, or why there is none — without `require('electron')`, which
// would try to download the runtime from the internet when it is missing.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** @returns {{ binary?: string, missing?: string }} */
exports.electronRuntime = () => {
  const pkg = join(__dirname, '..', 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { missing: 'the Electron package is not installed' };
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron runtime has not been downloaded' };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { missing: 'the Electron runtime has not been downloaded' };
};
