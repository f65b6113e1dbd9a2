/**
 * The message keys the auth zone can answer with (under `errors.` in the catalogs). A raiser
 * accepts only declared keys; the catalogs word each of them in both languages.
 */
export const AUTH_ERROR_KEYS = [
  'auth.badCredentials',
  'auth.lockedOut',
  'auth.inactive',
] as const;
export type AuthErrorKey = (typeof AUTH_ERROR_KEYS)[number];
