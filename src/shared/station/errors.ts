/**
 * The message keys the station zone can answer with (under `errors.` in the catalogs). A raiser
 * accepts only declared keys; the catalogs word each of them in both languages.
 */
export const STATION_ERROR_KEYS = [
  'station.notSetUp',
  'station.alreadySetUp',
] as const;
export type StationErrorKey = (typeof STATION_ERROR_KEYS)[number];
