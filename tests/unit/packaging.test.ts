import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCT_NAME } from '../../src/main/dataDir.js';

const root = join(__dirname, '..', '..');
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The production dependencies' closure, as electron-builder packs it from node_modules. */
const productionPackages = (): string[] => {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const manifest = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency of another platform
    seen.add(name);
    const dep = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const next of Object.keys({ ...dep.dependencies, ...dep.optionalDependencies })) visit(next);
  };
  for (const name of Object.keys(pkg.dependencies)) visit(name);
  return [...seen];
};

/** A package with a compiled addon: built by node-gyp, or shipping .node files. */
const isNative = (name: string): boolean => {
  const dir = join(root, 'node_modules', name);
  if (existsSync(join(dir, 'binding.gyp'))) return true;
  const hasAddon = (path: string, depth: number): boolean =>
    depth > 0 &&
    readdirSync(path, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? e.name !== 'node_modules' && hasAddon(join(path, e.name), depth - 1) : e.name.endsWith('.node'),
    );
  return hasAddon(dir, 4);
};

describe('installer configuration (electron-builder.json)', () => {
  it('names the app, its product and its installers by the keys electron-builder reads', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.productName).toBe('Station Desk');
    // every top-level key is one electron-builder knows (a misspelt key is silently ignored by it)
    const KNOWN = ['$comment', 'appId', 'productName', 'copyright', 'directories', 'files', 'asar', 'asarUnpack', 'npmRebuild', 'nodeGypRebuild', 'publish', 'win', 'nsis', 'linux', 'deb', 'appImage', 'extraMetadata', 'electronVersion'];
    expect(Object.keys(config).filter((k) => !KNOWN.includes(k))).toEqual([]);
    expect(config.electronVersion ?? pkg.devDependencies.electron).toBe(pkg.devDependencies.electron);
    expect(pkg.dependencies.electron).toBeUndefined();
  });

  it('unpacks every native addon among the production dependencies from the asar archive', () => {
    const natives = productionPackages().filter(isNative);
    expect(natives).toEqual(expect.arrayContaining(['sqlite3', '@journeyapps/sqlcipher']));
    for (const name of natives) expect(config.asarUnpack, name).toContain(`node_modules/${name}/**`);
  });

  it("packs what the shell loads at run time: its entry, the core's workers, the preload and the renderer", () => {
    const built = ['main/shell.cjs', 'main/roster-worker.cjs', 'main/collection-import-worker.cjs', 'preload/index.cjs', 'renderer/index.html'];
    const covered = (file: string) => config.files.some((glob: string) => glob.endsWith('/**') && `dist/${file}`.startsWith(glob.slice(0, -2)));
    for (const file of built) expect(covered(file), file).toBe(true);
    // the build writes them where package.json and the shell look for them
    const viteConfig = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    for (const entry of ['shell', 'roster-worker', 'collection-import-worker']) expect(viteConfig).toMatch(new RegExp(`'?${entry}'?: at\\(`));
    expect(viteConfig).toMatch(/entryFileNames: '\[name\]\.cjs'/);
  });

  it('builds NSIS for Windows and deb + AppImage for Linux', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.linux.target.map((t: { target: string }) => t.target).sort()).toEqual(['AppImage', 'deb']);
    // an installer that asks where to go, and an uninstall that leaves the station's data alone
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it("publishes to HQ's update feed with the generic provider", () => {
    expect(config.publish).toHaveLength(1);
    expect(config.publish[0].provider).toBe('generic');
    // HQ serves its feed under /updates (src/hq/updates.ts); the HQ address is given at build time
    expect(config.publish[0].url).toMatch(/\/updates$/);
  });

  it('unpacks the native SQLite addons from the asar archive', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/sqlite3/**', 'node_modules/@journeyapps/sqlcipher/**']));
    expect(pkg.dependencies.sqlite3).toBeDefined();
  });

  it("keeps the data outside the install folder: Electron's userData, named after the product", () => {
    expect(config.productName).toBe(PRODUCT_NAME);
    // the shell opens the core on app.getPath('userData'), never next to the executable
    const shell = readFileSync(join(root, 'src/main/shell/main.ts'), 'utf8');
    expect(shell).toMatch(/app\.getPath\('userData'\)/);
    expect(shell).not.toMatch(/getPath\('exe'\)|process\.resourcesPath/);
  });

  it('packs the built app and its entry point, not the sources or source maps', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**', 'dist/preload/**', 'dist/renderer/**', '!dist/**/*.map']));
    expect(pkg.main).toBe('dist/main/shell.cjs');
    expect(config.files.some((f: string) => f.startsWith('src'))).toBe(false);
  });
});
