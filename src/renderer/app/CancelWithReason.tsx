import { Alert, Button, Form, Input } from 'antd';
import { useState, type ReactNode } from 'react';
import { ModalForm } from './ModalForm.js';

/**
 * A small form asking for the reason an action needs on the record (Enter confirms, Esc goes
 * back): cancelling or retiring a record — records about people are never deleted — or showing a
 * number in full. The core checks the reason; its error shows on the field.
 */
export const ReasonModal = ({
  title,
  testId,
  reasonLabel,
  onConfirm,
  onClose,
  okText,
  danger = true,
  inputTestId,
  maxLength,
  hint,
}: {
  title: ReactNode;
  /** the form's test id; its button is `${testId}-submit` */
  testId: string;
  reasonLabel: string;
  onConfirm: (reason: string) => Promise<unknown>;
  onClose: () => void;
  okText?: string;
  /** false for a deliberate action that destroys nothing (showing a number in full) */
  danger?: boolean;
  inputTestId?: string;
  maxLength?: number;
  /** what the action will do, above the field */
  hint?: ReactNode;
}) => {
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <ModalForm<{ reason?: string }>
      open
      form={form}
      title={title}
      testId={testId}
      danger={danger}
      okText={okText}
      onCancel={onClose}
      onSubmit={async (v) => {
        await onConfirm(v.reason ?? '');
        onClose();
      }}
    >
      {hint && <Alert type="info" showIcon title={hint} style={{ marginBottom: 12 }} />}
      <Form.Item name="reason" label={reasonLabel}>
        <Input autoFocus maxLength={maxLength} data-testid={inputTestId} />
      </Form.Item>
    </ModalForm>
  );
};

/** A link-button that opens a {@link ReasonModal}; the button's label names the action. */
export const CancelWithReason = ({
  label,
  title,
  testId,
  reasonLabel,
  onConfirm,
  danger = true,
}: {
  label: string;
  title: string;
  /** the button's test id; the form's is `${testId}-form`, its field's `${testId}-reason` */
  testId: string;
  reasonLabel: string;
  onConfirm: (reason: string) => Promise<unknown>;
  danger?: boolean;
}) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" danger={danger} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      {open && (
        <ReasonModal
          title={title}
          testId={`${testId}-form`}
          reasonLabel={reasonLabel}
          okText={label}
          danger={danger}
          inputTestId={`${testId}-reason`}
          onConfirm={onConfirm}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
};
