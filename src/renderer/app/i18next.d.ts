import type { Resources } from './resources.js';

// `t('unknown.key')` fails the type check: i18next knows the catalog's shape.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}
