import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';
import { build } from './resources.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANGUAGE_KEY = 'station-desk.language';

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
  const params: Record<string, unknown> = { ...error.params };
  // a shift's name in a refusal is stored in Chinese for the shifts the app ships with
  if (typeof params.shiftName === 'string') params.shiftName = displayShiftName(params.shiftName, i18next.language);
  const message = t(`errors.${error.key}`, { ...params, defaultValue: t('errors.invalid') });
  const field = error.field?.split('.')[0];
  return field ? t('app.fieldRefusal', { field: t(`fields.${field}`, { defaultValue: field }), message }) : message;
};

export default i18next;
