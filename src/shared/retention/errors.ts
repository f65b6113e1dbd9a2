/**
 * The message keys the retention zone can answer with (under `errors.` in the catalogs). A raiser
 * accepts only declared keys; the catalogs word each of them in both languages.
 */
export const RETENTION_ERROR_KEYS = [
  'retention.tooShort',
  'retention.tooLong',
  'retention.wrongPassword',
  'retention.changed',
  'retention.previewStale',
] as const;
export type RetentionErrorKey = (typeof RETENTION_ERROR_KEYS)[number];
