import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCT_NAME } from '../../src/main/dataDir.js';

const root = join(__dirname, '..', '..');
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('installer configuration (electron-builder.json)', () => {
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
