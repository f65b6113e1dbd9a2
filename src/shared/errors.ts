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

export interface FieldError {
  /** dotted path of the input field, e.g. `idNumber` or `dutyPhones.0.number` */
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

export interface AppErrorJson {
  code: ErrorCode;
  key: string;
  field?: string;
  params?: Record<string, string | number>;
  /** every field error, for forms that mark each field at once */
  fields?: FieldError[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly key: string;
  readonly field?: string;
  readonly params?: Record<string, string | number>;
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

export const validationError = (field: string, key: string, params?: Record<string, string | number>) =>
  new AppError({ code: 'VALIDATION', key, field, params, fields: [{ field, key, params }] });
export const notFound = (key = 'notFound') => new AppError({ code: 'NOT_FOUND', key });
export const forbidden = (key = 'forbidden') => new AppError({ code: 'FORBIDDEN', key });
export const conflict = (key: string, params?: Record<string, string | number>) =>
  new AppError({ code: 'CONFLICT', key, params });
export const unauthenticated = (key = 'unauthenticated') => new AppError({ code: 'UNAUTHENTICATED', key });
