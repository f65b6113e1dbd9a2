import * as auth from '../auth/i18n.js';
import * as app from './catalog.js';
import { zoneCatalogs } from './zones.js';
import type * as station from '../station/i18n.js';
import type * as staff from '../staff/i18n.js';
import type * as intake from '../intake/i18n.js';
import type * as audit from '../audit/i18n.js';
import type * as mediation from '../mediation/i18n.js';
import type * as roster from '../roster/i18n.js';
import type * as sync from '../sync/i18n.js';
import type * as backup from '../backup/i18n.js';
import type * as office from '../office/i18n.js';
import type * as collection from '../collection/i18n.js';
import type * as patrol from '../patrol/i18n.js';
import type * as prevention from '../patrol/prevention.i18n.js';
import type * as retention from '../retention/i18n.js';
import type * as pairing from '../pairing/i18n.js';

/**
 * The shape every zone's catalog module has: its strings in `zh` and `en` (typed as `zh`, so a
 * missing English string fails the type check), and, when the zone refuses anything, the messages
 * of its error keys in `errorsZh` / `errorsEn` (the keys are declared in `src/shared/<zone>/errors.ts`).
 * The zone's strings are found under its name (`t('mediation.queue.title')`), its messages under
 * `errors.<zone>` (`errors.mediation.notFound`).
 */
export interface ZoneCatalog {
  zh: object;
  en: object;
  errorsZh?: object;
  errorsEn?: object;
}

/**
 * The catalogs by their top-level keys, as a type: the first screen's (auth, below) and the zones'
 * manifests (app/zones.ts) put the same catalogs together at run time, and
 * tests/unit/renderer-zones.test.ts holds the two lists equal.
 */
type Zones = {
  auth: typeof auth;
  station: typeof station;
  staff: typeof staff;
  intake: typeof intake;
  audit: typeof audit;
  mediation: typeof mediation;
  collection: typeof collection;
  roster: typeof roster;
  sync: typeof sync;
  office: typeof office;
  patrol: typeof patrol;
  prevention: typeof prevention;
  backup: typeof backup;
  retention: typeof retention;
  pairing: typeof pairing;
};
/** The top-level keys of the zones' catalogs, for the test that compares them with the manifests. */
export const CATALOG_KEYS = ['auth', 'station', 'staff', 'intake', 'audit', 'mediation', 'collection', 'roster', 'sync', 'office', 'patrol', 'prevention', 'backup', 'retention', 'pairing'] as const satisfies readonly (keyof Zones)[];

type ZoneStrings = { [Z in keyof Zones]: Zones[Z]['zh'] };
type ZoneErrors = { [Z in keyof Zones as Zones[Z] extends { errorsZh: object } ? Z : never]: Zones[Z] extends { errorsZh: infer E } ? E : never };
/** The whole catalog of one language; i18next's `t` is typed by it (see i18next.d.ts). */
export type Resources = Omit<typeof app.zh, 'errors' | 'fields'> &
  ZoneStrings & {
    errors: typeof app.zh.errors & ZoneErrors;
    fields: typeof app.zh.fields & (typeof patrol.zh)['fields'];
  };


type At<T, P extends string> = P extends `${infer H}.${infer R}` ? (H extends keyof T ? At<T[H], R> : never) : P extends keyof T ? T[P] : never;
/**
 * The names under one branch of the catalog, for a key built from a value:
 * `t(\`mediation.types.${type as Names<'mediation.types'>}\`)`.
 */
export type Names<P extends string> = keyof At<Resources, P> & string;

/**
 * The strings of the first screen in one language: the app's own (its frame, the shared field
 * names, the core's error keys) and the login's. They come with the page; the zones' catalogs
 * are loaded when the zones are first shown (`zoneStrings`).
 */
export const firstScreenStrings = (lang: 'zh' | 'en') => ({
  ...app[lang],
  auth: auth[lang],
  errors: { ...app[lang].errors, auth: lang === 'zh' ? auth.errorsZh : auth.errorsEn },
});

/** The zones' strings in one language, to be added to the first screen's (the app's field names stay first). */
export const zoneStrings = async (lang: 'zh' | 'en') => {
  const zones = await zoneCatalogs(lang);
  return { ...zones.strings, errors: zones.errors, fields: zones.fields };
};

/**
 * The whole catalog of one language: the first screen's strings and each zone's, which the zones'
 * manifests name (app/zones.ts); tests/unit/renderer-zones.test.ts holds them to `CATALOG_KEYS`.
 */
export const build = async (lang: 'zh' | 'en'): Promise<Resources> => {
  const first = firstScreenStrings(lang);
  const zones = await zoneStrings(lang);
  return {
    ...first,
    ...zones,
    errors: { ...first.errors, ...zones.errors },
    fields: { ...zones.fields, ...first.fields },
  } as Resources;
};
