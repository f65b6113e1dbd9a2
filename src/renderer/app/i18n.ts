import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';
import { errorMessage } from './messages.js';
import { firstScreenStrings, zoneStrings } from './resources.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = 'station-desk.language';

const saved = localStorage.getItem(LANGUAGE_KEY);
const initial: Language = saved === 'en' ? 'en' : 'zh-CN';

void i18next.use(initReactI18next).init({
  // the first screen's strings in both languages (a few kilobytes); the zones' come when wanted
  resources: { 'zh-CN': { translation: firstScreenStrings('zh') }, en: { translation: firstScreenStrings('en') } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;

const zoneStringsOf = new Map<Language, Promise<void>>();
const zoneStringsIn = new Set<Language>();

/**
 * Loads the zones' catalogs of one language once and adds them to i18next; resolves when their
 * strings can be shown. Screens past the login wait for it (`ZoneStrings` in App.tsx), so none
 * shows a key while its catalog is on its way. A load that failed is tried again next time.
 */
export const loadZoneStrings = (lang: Language): Promise<void> => {
  let loading = zoneStringsOf.get(lang);
  if (!loading) {
    loading = zoneStrings(lang === 'en' ? 'en' : 'zh').then((strings) => {
      // deep, keeping what is there: the app's own field names stay before a zone's
      i18next.addResourceBundle(lang, 'translation', strings, true, false);
      zoneStringsIn.add(lang);
    });
    loading.catch(() => zoneStringsOf.delete(lang));
    zoneStringsOf.set(lang, loading);
  }
  return loading;
};

/** Whether the zones' strings of a language are there to show. */
export const hasZoneStrings = (lang: Language): boolean => zoneStringsIn.has(lang);

/**
 * Shows the app in another language: once the zones' strings are wanted (past the login), the new
 * language's are loaded first, so the switch happens when every string on screen has its words.
 */
export const setLanguage = async (lang: Language) => {
  localStorage.setItem(LANGUAGE_KEY, lang);
  if (zoneStringsOf.size > 0) await loadZoneStrings(lang);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
};

/** The sentence to show for an error: the field's name first when there is one. */
export const errorText = (t: TFunction, error: unknown): string => {
  if (!(error instanceof AppError)) return t('errors.internal', { incident: '-' });
  const params = { ...error.params };
  // a shift's name in a refusal is stored in Chinese for the shifts the app ships with
  if (typeof params.shiftName === 'string') params.shiftName = displayShiftName(params.shiftName, i18next.language);
  const message = errorMessage(t, { key: error.key, params });
  const field = error.field?.split('.')[0];
  return field ? t('app.fieldRefusal', { field: t(`fields.${field}`, { defaultValue: field }), message }) : message;
};

export default i18next;
