import { Button, Form, Modal, Typography, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { clearFieldErrors, focusFirstError, markFieldErrors } from './formErrors.js';
import { errorText } from './i18n.js';

export interface ModalFormProps<V extends object> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  onCancel: () => void;
  onSubmit: (values: V) => Promise<unknown>;
  children: ReactNode;
  testId: string;
  width?: number;
  okText?: string;
  danger?: boolean;
  initialValues?: Partial<V>;
  /** a zone's own line for an error no field takes (undefined: the error's text) */
  renderError?: (error: unknown) => ReactNode | undefined;
}

/**
 * A small form in a modal, the same in every zone: the first field takes the focus, Enter submits
 * (Ctrl+Enter inside a multi-line field), Esc cancels. `onSubmit` rejects with the core's error:
 * fields it names are marked, anything else is shown above the buttons.
 */
export const ModalForm = <V extends object>({
  open,
  title,
  form,
  onCancel,
  onSubmit,
  children,
  testId,
  width = 560,
  okText,
  danger,
  initialValues,
  renderError,
}: ModalFormProps<V>) => {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const finish = async (values: V) => {
    setBusy(true);
    setError(null);
    clearFieldErrors(form);
    try {
      await onSubmit(values);
    } catch (e) {
      if (!markFieldErrors(form, t, e)) setError(e);
      else focusFirstError(form, e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      width={width}
      destroyOnHidden
      maskClosable={false}
      footer={
        <>
          {error !== null &&
            (renderError?.(error) ?? (
              <Typography.Paragraph type="danger" style={{ textAlign: 'left' }} data-testid="form-error">
                {errorText(t, error)}
              </Typography.Paragraph>
            ))}
          <Button onClick={onCancel}>{t('app.cancel')}</Button>
          <Button type="primary" danger={danger} loading={busy} onClick={() => form.submit()} data-testid={`${testId}-submit`}>
            {okText ?? t('app.save')}
          </Button>
        </>
      }
    >
      <div data-testid={testId}>
        <Form<V>
          form={form}
          initialValues={initialValues}
          layout="vertical"
          onFinish={(v) => void finish(v)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              form.submit();
            }
          }}
        >
          {children}
          <button type="submit" hidden />
        </Form>
      </div>
    </Modal>
  );
};
