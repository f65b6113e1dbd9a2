import { AUTH_ERROR_KEYS } from './auth/errors.js';
import { STATION_ERROR_KEYS } from './station/errors.js';
import { STAFF_ERROR_KEYS } from './staff/errors.js';
import { INTAKE_ERROR_KEYS } from './intake/errors.js';
import { SYNC_ERROR_KEYS } from './sync/errors.js';
import { COLLECTION_ERROR_KEYS } from './collection/errors.js';
import { MEDIATION_ERROR_KEYS } from './mediation/errors.js';
import { ROSTER_ERROR_KEYS } from './roster/errors.js';
import { OFFICE_ERROR_KEYS } from './office/errors.js';
import { PATROL_ERROR_KEYS } from './patrol/errors.js';
import { BACKUP_ERROR_KEYS } from './backup/errors.js';
import { RETENTION_ERROR_KEYS } from './retention/errors.js';

/**
 * Errors that cross the boundary between the core and the UI. They are plain JSON: a stable code,
 * an i18n message key (looked up under `errors.` in the catalogs), and for validation the field.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'UNAUTHENTICATED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The message keys every zone may answer with: field checks shared by all forms, the router's and
 * the transports' refusals. Each zone declares its own keys in `src/shared/<zone>/errors.ts`.
 */
export const COMMON_ERROR_KEYS = [
  'terminalNotPaired',
  'required',
  'tooLong',
  'tooMany',
  'characters',
  'invalidType',
  'invalidOption',
  'unknownField',
  'invalid',
  'invalidId',
  'integer',
  'date',
  'dateRange',
  'timeZone',
  'url',
  'stationCode',
  'username',
  'dutyPhone.required',
  'idleLock.range',
  'phone.characters',
  'phone.mobile',
  'phone.format',
  'idNumber.length',
  'idNumber.characters',
  'idNumber.province',
  'idNumber.birthDate',
  'idNumber.futureBirthDate',
  'idNumber.checksum',
  'idNumber.typeNone',
  'idNumber.document',
  'notFound',
  'forbidden',
  'role',
  'unauthenticated',
  'sessionLocked',
  'sessionExpired',
  'mustChangePassword',
  'unknownMethod',
  'internal',
  'network',
  'badRequest',
  'tooLarge',
  'fileTooLarge',
  'file.empty',
  'file.typeMismatch',
  'file.pathName',
  'file.badName',
  'file.noExtension',
  'file.missing',
  'file.corrupt',
  'tooManyRequests',
  'printFailed',
  'printNotReady',
  'staleVersion',
  'dataDirInUse',
  'password.tooShort',
  'password.weak',
  'password.same',
  'password.wrongCurrent',
  'creditCode.length',
  'creditCode.characters',
  'creditCode.authority',
  'creditCode.division',
  'creditCode.checksum',
] as const;

/** Every message key the core and the forms can raise; the catalogs word each one in both languages. */
export const ERROR_KEYS = [
  ...COMMON_ERROR_KEYS,
  ...AUTH_ERROR_KEYS,
  ...STATION_ERROR_KEYS,
  ...STAFF_ERROR_KEYS,
  ...INTAKE_ERROR_KEYS,
  ...SYNC_ERROR_KEYS,
  ...COLLECTION_ERROR_KEYS,
  ...MEDIATION_ERROR_KEYS,
  ...ROSTER_ERROR_KEYS,
  ...OFFICE_ERROR_KEYS,
  ...PATROL_ERROR_KEYS,
  ...BACKUP_ERROR_KEYS,
  ...RETENTION_ERROR_KEYS,
] as const;
export type ErrorKey = (typeof ERROR_KEYS)[number];

/** The rest of a zone's key after its prefix: `KeyIn<'roster'>` holds `'clock'` for `'roster.clock'`. */
export type KeyIn<P extends string> = ErrorKey extends infer K ? (K extends `${P}.${infer Rest}` ? Rest : never) : never;

const declared: ReadonlySet<string> = new Set(ERROR_KEYS);
/** For keys built at run time (zod messages, a check's problem name): is it one the catalogs word? */
export const isErrorKey = (key: string): key is ErrorKey => declared.has(key);
/**
 * A key built at run time (a zod message, a broken rule's name), passed on as it is; the catalog
 * test checks that every such key the sources can build is declared.
 */
export const runtimeErrorKey = (key: string): ErrorKey => key as ErrorKey;

/**
 * The values a message names: numbers, words, and lists (people's names), which each language
 * joins its own way when it words the message (、 in Chinese, ", " in English).
 */
export type ErrorParams = Record<string, string | number | string[]>;

export interface FieldError {
  /** dotted path of the input field, e.g. `idNumber` or `dutyPhones.0.number` */
  field: string;
  key: ErrorKey;
  params?: ErrorParams;
}

export interface AppErrorJson {
  code: ErrorCode;
  key: ErrorKey;
  field?: string;
  params?: ErrorParams;
  /** every field error, for forms that mark each field at once */
  fields?: FieldError[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly key: ErrorKey;
  readonly field?: string;
  readonly params?: ErrorParams;
  readonly fields?: FieldError[];

  constructor(json: AppErrorJson) {
    super(`${json.code}: ${json.key}${json.field ? ` (${json.field})` : ''}`);
    this.name = 'AppError';
    this.code = json.code;
    this.key = json.key;
    this.field = json.field;
    this.params = json.params;
    this.fields = json.fields;
  }

  toJSON(): AppErrorJson {
    const json: AppErrorJson = { code: this.code, key: this.key };
    if (this.field !== undefined) json.field = this.field;
    if (this.params !== undefined) json.params = this.params;
    if (this.fields !== undefined) json.fields = this.fields;
    return json;
  }
}

export const isAppErrorJson = (value: unknown): value is AppErrorJson =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as AppErrorJson).key === 'string' &&
  (ERROR_CODES as readonly string[]).includes((value as AppErrorJson).code);

export const validationError = (field: string, key: ErrorKey, params?: ErrorParams) =>
  new AppError({ code: 'VALIDATION', key, field, params, fields: [{ field, key, params }] });
export const notFound = (key: ErrorKey = 'notFound') => new AppError({ code: 'NOT_FOUND', key });
export const forbidden = (key: ErrorKey = 'forbidden') => new AppError({ code: 'FORBIDDEN', key });
export const conflict = (key: ErrorKey, params?: ErrorParams) =>
  new AppError({ code: 'CONFLICT', key, params });
export const unauthenticated = (key: ErrorKey = 'unauthenticated') => new AppError({ code: 'UNAUTHENTICATED', key });
