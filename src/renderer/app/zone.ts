/**
 * What a zone of the renderer contributes to the app: its routes, its entries in the menu, its
 * cards on the home page and its string catalogs. The frame, the router, the home page and the
 * i18n setup read these from the registry (`zones.ts`) instead of naming each zone — after the
 * way an editor's extensions declare the places they fill.
 */
import type { ParseKeys } from 'i18next';
import type { ComponentType, ReactNode } from 'react';
import type { MethodDef } from '../../shared/method.js';
import type { Permission } from '../../shared/permissions.js';
import type { Role } from '../../shared/roles.js';

/** The station's four functional zones: each is one entry of the menu, holding its queue and tools. */
export const STATION_ZONES = ['office', 'mediation', 'collection', 'patrol'] as const;
export type StationZone = (typeof STATION_ZONES)[number];

/** Who is looking: what the menu and the home page show depends on it. */
export interface Viewer {
  role: Role;
  can(what: Permission | MethodDef): boolean;
}

/** An entry of the menu: a page's path, in the front-desk group, a station zone, the station group or settings. */
export interface MenuEntry {
  path: string;
  place: 'desk' | StationZone | 'station' | 'settings';
  /** position within its place, smallest first */
  order: number;
  icon: ReactNode;
  /** i18n key of the label (checked against the catalogs) */
  label: ParseKeys;
  /** absent: everyone who is logged in */
  visible?(viewer: Viewer): boolean;
  /** further paths (prefixes) that belong to this entry, e.g. a case opened from the zone's page */
  also?: readonly string[];
}

/** A station zone's own menu entry: the head of its submenu. */
export interface ZoneMenu {
  zone: StationZone;
  order: number;
  icon: ReactNode;
  label: ParseKeys;
}

export interface RouteContext {
  /** the logged-in person changed (their password): read them again */
  refetchMe(): void;
}

export interface ZoneRoute {
  /** relative to the frame, or absolute under /print for a print view (shown without the frame) */
  path: string;
  element: ReactNode | ((ctx: RouteContext) => ReactNode);
}

/** A card (or a few) on the home page; `wrap` puts each card in its place of the grid. */
export interface HomeSlot {
  key: string;
  order: number;
  visible(viewer: Viewer): boolean;
  Slot: ComponentType<{ wrap: (card: ReactNode, key: string) => ReactNode }>;
}

/**
 * A zone's catalog module, loaded when the zones' strings are first wanted (after login, by the
 * setup and the public screens) in the one language shown: each language its own chunk where the
 * zone keeps them in two files. `en` is typed as `zh` in the modules themselves.
 */
export interface CatalogLoader {
  zh(): Promise<{ zh: object; errorsZh?: object }>;
  en(): Promise<{ en: object; errorsEn?: object }>;
}

/** The loader of a catalog module that holds both languages. */
export const inOneModule = (load: () => Promise<{ zh: object; en: object; errorsZh?: object; errorsEn?: object }>): CatalogLoader => ({ zh: load, en: load });

export interface RendererZone {
  /** the zone's folder under src/renderer (the same name as in src/main) */
  name: string;
  routes?: readonly ZoneRoute[];
  /** print views: routes outside the frame */
  printRoutes?: readonly ZoneRoute[];
  /**
   * public screens (the hall's calling display, the rating screen): absolute routes shown before
   * any login — the page itself asks the core, which answers a terminal paired for that screen or
   * a logged-in session
   */
  publicRoutes?: readonly ZoneRoute[];
  zoneMenu?: ZoneMenu;
  menu?: readonly MenuEntry[];
  homeSlots?: readonly HomeSlot[];
  /**
   * the zone's catalog modules under their top-level keys: strings in `zh`/`en`, and its error
   * messages in `errorsZh`/`errorsEn` where it has them (found under errors.<key>); loaded lazily,
   * so the first screen carries none of them
   */
  catalogs?: Readonly<Record<string, CatalogLoader>>;
  /** names of the fields the zone's errors name, beside the app's own: the key of its catalog that holds them under `fields` */
  fieldsIn?: string;
}

/** Declares a zone; the identity function gives the manifest its type where it is written. */
export const rendererZone = (manifest: RendererZone): RendererZone => manifest;
