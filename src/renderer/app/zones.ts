/**
 * The registry of the renderer's zones. The frame's menu, the routes, the home page's cards and
 * the string catalogs are collected from here; adding a zone is its folder (with a `zone.tsx`
 * manifest) and one line below. Pages stay lazy: a manifest names them, their code loads when shown.
 */
import type { TFunction } from 'i18next';
import { auditZone } from '../audit/zone.js';
import { authZone } from '../auth/zone.js';
import { backupZone } from '../backup/zone.js';
import { collectionZone } from '../collection/zone.js';
import { intakeZone } from '../intake/zone.js';
import { mediationZone } from '../mediation/zone.js';
import { officeZone } from '../office/zone.js';
import { pairingZone } from '../pairing/zone.js';
import { patrolZone } from '../patrol/zone.js';
import { retentionZone } from '../retention/zone.js';
import { rosterZone } from '../roster/zone.js';
import { staffZone } from '../staff/zone.js';
import { stationZone } from '../station/zone.js';
import { syncZone } from '../sync/zone.js';
import { STATION_ZONES, type HomeSlot, type MenuEntry, type RendererZone, type Viewer, type ZoneMenu, type ZoneRoute } from './zone.js';

export const RENDERER_ZONES: readonly RendererZone[] = [
  authZone,
  stationZone,
  staffZone,
  intakeZone,
  officeZone,
  mediationZone,
  collectionZone,
  patrolZone,
  rosterZone,
  auditZone,
  syncZone,
  backupZone,
  retentionZone,
  pairingZone,
];

export const FRAME_ROUTES: readonly ZoneRoute[] = RENDERER_ZONES.flatMap((z) => z.routes ?? []);
export const PRINT_ROUTES: readonly ZoneRoute[] = RENDERER_ZONES.flatMap((z) => z.printRoutes ?? []);
export const PUBLIC_ROUTES: readonly ZoneRoute[] = RENDERER_ZONES.flatMap((z) => z.publicRoutes ?? []);

const byOrder = <T extends { order: number }>(items: T[]): T[] => items.sort((a, b) => a.order - b.order);

export const MENU_ENTRIES: readonly MenuEntry[] = byOrder(RENDERER_ZONES.flatMap((z) => [...(z.menu ?? [])]));
export const ZONE_MENUS: readonly ZoneMenu[] = byOrder(RENDERER_ZONES.flatMap((z) => (z.zoneMenu ? [z.zoneMenu] : [])));

/** The menu a viewer sees: each place's entries they may use; a station zone only with at least one. */
export const menuFor = (viewer: Viewer) => {
  const entries = MENU_ENTRIES.filter((e) => !e.visible || e.visible(viewer));
  const at = (place: MenuEntry['place']) => entries.filter((e) => e.place === place);
  return {
    desk: at('desk'),
    zones: ZONE_MENUS.filter((z) => STATION_ZONES.includes(z.zone)).map((z) => ({ ...z, entries: at(z.zone) })).filter((z) => z.entries.length > 0),
    station: at('station'),
    settings: at('settings'),
    all: entries,
  };
};

/** An entry's label in the current language. */
export const menuLabel = (t: TFunction, e: Pick<MenuEntry, 'label'>): string => t(e.label);

export const HOME_SLOTS: readonly HomeSlot[] = byOrder(RENDERER_ZONES.flatMap((z) => [...(z.homeSlots ?? [])]));

/**
 * The zones' catalogs in one language, each module loaded (its own chunk) when this is called:
 * top-level strings, errors.<key> and the names of the fields their errors name.
 */
export const zoneCatalogs = async (lang: 'zh' | 'en') => {
  const loaded = await Promise.all(
    RENDERER_ZONES.flatMap((z) =>
      Object.entries(z.catalogs ?? {}).map(async ([key, loader]) => {
        const m = (lang === 'zh' ? await loader.zh() : await loader.en()) as Record<string, object | undefined>;
        return { zone: z, key, strings: m[lang]!, errors: m[lang === 'zh' ? 'errorsZh' : 'errorsEn'] };
      }),
    ),
  );
  return {
    strings: Object.fromEntries(loaded.map((c) => [c.key, c.strings])),
    errors: Object.fromEntries(loaded.flatMap((c) => (c.errors ? [[c.key, c.errors]] : []))),
    fields: Object.assign({}, ...loaded.map((c) => (c.zone.fieldsIn === c.key ? (c.strings as { fields?: object }).fields : {}))) as Record<string, string>,
  };
};
