import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/fields.js';
import { errorMessage } from './messages.js';

/**
 * Marks each field an error names (core or client-side zod) on an antd form. Returns true when
 * at least one field was marked, so the caller shows a toast only for errors without a field.
 */
export const markFieldErrors = (form: FormInstance, t: TFunction, error: unknown): boolean => {
  if (!(error instanceof AppError) || !error.fields?.length) return false;
  const byField = new Map<string, string[]>();
  for (const f of error.fields) {
    const list = byField.get(f.field) ?? [];
    list.push(errorMessage(t, f));
    byField.set(f.field, list);
  }
  form.setFields(
    [...byField].map(([field, errors]) => ({ name: field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors })),
  );
  return true;
};

/** Clears the errors every field of the form shows, before a new check marks them again. */
export const clearFieldErrors = (form: FormInstance) => {
  const stale = form.getFieldsError().filter((f) => f.errors.length > 0);
  if (stale.length > 0) form.setFields(stale.map((f) => ({ name: f.name, errors: [] })));
};

/** Puts the cursor on the first field an error names (the next keystroke belongs there). */
export const focusFirstError = (form: FormInstance, error: unknown) => {
  const first = error instanceof AppError ? error.fields?.[0]?.field : undefined;
  if (!first) return;
  const name = first.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  try {
    form.focusField(name);
  } catch {
    // a field the form does not show (the error is then shown elsewhere)
  }
};

/**
 * Checks form values with the same zod schema the core uses. On failure every field is marked in
 * the user's language, the first one gets the focus, and null is returned.
 */
export const checkForm = <S extends z.ZodType>(form: FormInstance, t: TFunction, schema: S, values: unknown): z.output<S> | null => {
  clearFieldErrors(form);
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const fields = toFieldErrors(parsed.error);
  const error = new AppError({ code: 'VALIDATION', key: fields[0]?.key ?? 'invalid', field: fields[0]?.field, params: fields[0]?.params, fields });
  markFieldErrors(form, t, error);
  focusFirstError(form, error);
  return null;
};
