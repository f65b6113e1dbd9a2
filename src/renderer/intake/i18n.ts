/** The intake zone's catalog: its strings and refusal messages in Chinese (i18n.zh.ts) and English (i18n.en.ts). */
export { zh, errorsZh } from './i18n.zh.js';
export { en, errorsEn } from './i18n.en.js';
