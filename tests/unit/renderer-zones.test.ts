/**
 * The renderer's zones are its registry: every menu entry leads to a route a zone declares, no
 * path or catalog key is declared twice, and each role's menu holds the station zones it may use.
 */
import { describe, expect, it } from 'vitest';
import { FRAME_ROUTES, MENU_ENTRIES, PRINT_ROUTES, RENDERER_ZONES, menuFor } from '../../src/renderer/app/zones.js';
import type { MethodDef } from '../../src/shared/method.js';
import { can, type Permission } from '../../src/shared/permissions.js';
import { canCall, ROLES, type Role } from '../../src/shared/roles.js';

const viewer = (role: Role) => ({ role, can: (what: Permission | MethodDef) => (typeof what === 'string' ? can(role, what) : canCall(what.access, role)) });
const matches = (route: string, path: string) => {
  const a = route.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  return a.length === b.length && a.every((part, i) => part.startsWith(':') || part === b[i]);
};

describe('renderer zones as manifests', () => {
  it('names each zone once, declares each route once and leads every menu entry to a route', () => {
    const names = RENDERER_ZONES.map((z) => z.name);
    expect(new Set(names).size).toBe(names.length);
    const routes = [...FRAME_ROUTES, ...PRINT_ROUTES].map((r) => r.path);
    expect(new Set(routes).size).toBe(routes.length);
    const paths = MENU_ENTRIES.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.filter((p) => !FRAME_ROUTES.some((r) => matches(r.path, p)))).toEqual([]);
  });

  it('gives each catalog key, with its error messages, to one zone', () => {
    const keys = RENDERER_ZONES.flatMap((z) => Object.keys(z.catalogs ?? {}));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("shows each role the station zones it may use, each with at least one tool", () => {
    const zones = Object.fromEntries(ROLES.map((role) => [role, menuFor(viewer(role)).zones.map((z) => z.zone)]));
    expect(zones).toEqual({
      head: ['office', 'mediation', 'collection', 'patrol'],
      officer: ['office', 'mediation', 'collection', 'patrol'],
      auxiliary: ['office', 'mediation', 'collection', 'patrol'],
      gridWorker: ['office', 'collection'],
      mediator: ['mediation'],
    });
    for (const role of ROLES) for (const z of menuFor(viewer(role)).zones) expect(z.entries.length).toBeGreaterThan(0);
  });
});

describe('the catalogs the manifests bring', () => {
  it('are, with the first screen\'s, the catalogs the type check knows, each under its key, with error messages where the zone has them', async () => {
    const { CATALOG_KEYS, firstScreenStrings } = await import('../../src/renderer/app/resources.js');
    const { zoneCatalogs } = await import('../../src/renderer/app/zones.js');
    const { zh: app } = await import('../../src/renderer/app/catalog.js');
    for (const lang of ['zh', 'en'] as const) {
      const first = Object.keys(firstScreenStrings(lang)).filter((key) => !(key in app));
      const zones = await zoneCatalogs(lang);
      expect([...first, ...Object.keys(zones.strings)].sort()).toEqual([...CATALOG_KEYS].sort());
      expect(Object.keys(zones.errors).every((key) => key in zones.strings)).toBe(true);
    }
  });

  it('give the patrol\'s field names to the refusals that name them, in each language', async () => {
    const { zoneCatalogs } = await import('../../src/renderer/app/zones.js');
    const patrol = await import('../../src/renderer/patrol/i18n.js');
    expect((await zoneCatalogs('zh')).fields).toEqual(patrol.zh.fields);
    expect((await zoneCatalogs('en')).fields).toEqual(patrol.en.fields);
  });
});
