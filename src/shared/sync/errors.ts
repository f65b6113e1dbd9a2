/**
 * The message keys the sync zone can answer with (under `errors.` in the catalogs). A raiser
 * accepts only declared keys; the catalogs word each of them in both languages.
 */
export const SYNC_ERROR_KEYS = [
  'sync.code',
  'sync.retention',
  'sync.directiveNotFound',
  'sync.stationCode',
  'sync.caPem',
  'sync.transferSameStation',
  'sync.caseTransferred',
  'sync.transferArchived',
  'sync.transferNotFound',
  'sync.transferTaken',
  'sync.transferEmpty',
] as const;
export type SyncErrorKey = (typeof SYNC_ERROR_KEYS)[number];
