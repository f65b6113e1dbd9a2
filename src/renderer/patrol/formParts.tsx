/** What the patrol zone's forms share: submitting with the core's error kept, and the line that shows it. */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { markFieldErrors, clearFieldErrors, focusFirstError } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';

/**
 * Runs a form's submission against the core: errors on the form's fields are marked there, the
 * first focused; anything else comes back to be shown above the form.
 */
export const useSubmit = () => {
  const { t } = useTranslation();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's values
  return async (form: any, run: () => Promise<unknown>): Promise<unknown> => {
    clearFieldErrors(form);
    try {
      await run();
      return null;
    } catch (e) {
      if (markFieldErrors(form, t, e)) {
        focusFirstError(form, e);
        return null;
      }
      return e;
    }
  };
};

export const ErrorLine = ({ error }: { error: unknown }) => {
  const { t } = useTranslation();
  return error ? <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 8 }} data-testid="patrol-error" /> : null;
};
