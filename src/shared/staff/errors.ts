/**
 * The message keys the staff zone can answer with (under `errors.` in the catalogs). A raiser
 * accepts only declared keys; the catalogs word each of them in both languages.
 */
export const STAFF_ERROR_KEYS = [
  'staff.notFound',
  'staff.usernameTaken',
  'staff.keepOwnHead',
] as const;
export type StaffErrorKey = (typeof STAFF_ERROR_KEYS)[number];
