import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
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

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = 'station-desk.language';

/** Each zone keeps its own strings beside its pages; here they are put together. */
const zones = { auth, station, staff, intake, audit, mediation, collection, roster, sync, office, patrol, prevention, backup, retention, pairing };
const build = (lang: 'zh' | 'en') => ({
  ...app[lang],
  ...Object.fromEntries(Object.entries(zones).map(([name, catalog]) => [name, catalog[lang]])),
  // the roster's and the office's error keys live beside their pages, like their other strings
  errors: {
    ...app[lang].errors,
    roster: lang === 'zh' ? roster.errorsZh : roster.errorsEn,
    office: lang === 'zh' ? office.errorsZh : office.errorsEn,
    patrol: lang === 'zh' ? patrol.errorsZh : patrol.errorsEn,
    prevention: lang === 'zh' ? prevention.errorsZh : prevention.errorsEn,
    backup: lang === 'zh' ? backup.errorsZh : backup.errorsEn,
    retention: lang === 'zh' ? retention.errorsZh : retention.errorsEn,
  },
  // the fields a patrol error names, beside the app's own
  fields: { ...patrol[lang].fields, ...app[lang].fields },
});

const saved = localStorage.getItem(LANGUAGE_KEY);
const initial: Language = saved === 'en' ? 'en' : 'zh-CN';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: build('zh') }, en: { translation: build('en') } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;

export const setLanguage = async (lang: Language) => {
  localStorage.setItem(LANGUAGE_KEY, lang);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
};

/** The sentence to show for an error: the field's name first when there is one. */
export const errorText = (t: TFunction, error: unknown): string => {
  if (!(error instanceof AppError)) return t('errors.internal', { incident: '-' });
  const message = t(`errors.${error.key}`, { ...error.params, defaultValue: t('errors.invalid') });
  const field = error.field?.split('.')[0];
  return field ? `${t(`fields.${field}`, { defaultValue: field })}：${message}` : message;
};

export default i18next;
