import * as app from './catalog.js';
import * as auth from '../auth/i18n.js';
import * as station from '../station/i18n.js';
import * as staff from '../staff/i18n.js';
import * as intake from '../intake/i18n.js';
import * as audit from '../audit/i18n.js';
import * as mediation from '../mediation/i18n.js';
import * as roster from '../roster/i18n.js';
import * as sync from '../sync/i18n.js';
import * as backup from '../backup/i18n.js';
import * as office from '../office/i18n.js';
import * as collection from '../collection/i18n.js';
import * as patrol from '../patrol/i18n.js';
import * as prevention from '../patrol/prevention.i18n.js';
import * as retention from '../retention/i18n.js';
import * as pairing from '../pairing/i18n.js';

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

/** Each zone keeps its own strings beside its pages; here they are put together. */
const zones = { auth, station, staff, intake, audit, mediation, collection, roster, sync, office, patrol, prevention, backup, retention, pairing } satisfies Record<string, ZoneCatalog>;
type Zones = typeof zones;

type ZoneStrings = { [Z in keyof Zones]: Zones[Z]['zh'] };
type ZoneErrors = { [Z in keyof Zones as Zones[Z] extends { errorsZh: object } ? Z : never]: Zones[Z] extends { errorsZh: infer E } ? E : never };
/** The whole catalog of one language; i18next's `t` is typed by it (see i18next.d.ts). */
export type Resources = Omit<typeof app.zh, 'errors' | 'fields'> &
  ZoneStrings & {
    errors: typeof app.zh.errors & ZoneErrors;
    fields: typeof app.zh.fields & (typeof patrol.zh)['fields'];
  };

export const build = (lang: 'zh' | 'en'): Resources => {
  const pick = (zone: ZoneCatalog) => (lang === 'zh' ? zone.errorsZh : zone.errorsEn);
  return {
    ...app[lang],
    ...Object.fromEntries(Object.entries(zones).map(([name, catalog]) => [name, catalog[lang]])),
    errors: { ...app[lang].errors, ...Object.fromEntries(Object.entries(zones).flatMap(([name, zone]: [string, ZoneCatalog]) => (pick(zone) ? [[name, pick(zone)]] : []))) },
    // the fields a patrol error names, beside the app's own
    fields: { ...patrol[lang].fields, ...app[lang].fields },
  } as Resources;
};

type At<T, P extends string> = P extends `${infer H}.${infer R}` ? (H extends keyof T ? At<T[H], R> : never) : P extends keyof T ? T[P] : never;
/**
 * The names under one branch of the catalog, for a key built from a value:
 * `t(\`mediation.types.${type as Names<'mediation.types'>}\`)`.
 */
export type Names<P extends string> = keyof At<Resources, P> & string;
