import { type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import { clearFieldErrors, focusFirstError, markFieldErrors } from '../app/formErrors.js';

/**
 * Submits a form's values to the core. Errors on fields the form shows are marked there (`alias`
 * names the form field a core field is typed in); any other error is returned, to show above.
 */
export const useSubmit = () => {
  const { t } = useTranslation();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's values
  return async (form: FormInstance<any>, run: () => Promise<unknown>, alias: Record<string, string> = {}): Promise<unknown> => {
    clearFieldErrors(form);
    try {
      await run();
      return null;
    } catch (e) {
      if (!(e instanceof AppError) || !e.fields?.length) return e;
      const shown = new Set(form.getFieldsError().map((f) => f.name.join('.')));
      const fields = e.fields.map((f) => ({ ...f, field: alias[f.field] ?? f.field }));
      const onForm = new AppError({ ...e.toJSON(), field: fields[0].field, fields: fields.filter((f) => shown.has(f.field)) });
      if (onForm.fields!.length > 0) {
        markFieldErrors(form, t, onForm);
        focusFirstError(form, onForm);
      }
      return fields.every((f) => shown.has(f.field)) ? null : e;
    }
  };
};
