import { App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { intakeRefer, type WalkIn } from '../../shared/intake/contract.js';
import { DEFAULT_ROUTE, displayQueueNumber, type Route, ROUTES } from '../../shared/intake/zones.js';
import { toFieldErrors } from '../../shared/fields.js';
import { AppError } from '../../shared/errors.js';
import { markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useAction } from '../app/query.js';
import { useEndMessage } from './undoEnd.js';

/** Hands a walk-in on to another route, with an optional note (首接负责制). Enter submits, Esc cancels. */
export const ReferModal = ({ walkIn, onClose }: { walkIn: WalkIn | null; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ route: Route; note?: string }>();
  const refer = useAction(intakeRefer);
  const endMessage = useEndMessage();
  const targets = walkIn ? ROUTES.filter((r) => r !== walkIn.route) : [];
  const preferred = walkIn ? (DEFAULT_ROUTE[walkIn.purpose] !== walkIn.route ? DEFAULT_ROUTE[walkIn.purpose] : targets[0]) : undefined;

  const submit = async () => {
    if (!walkIn) return;
    const values = form.getFieldsValue();
    const input = { id: walkIn.id, route: values.route, note: values.note ?? '' };
    const parsed = intakeRefer.input.safeParse(input);
    if (!parsed.success) {
      markFieldErrors(form, t, new AppError({ code: 'VALIDATION', key: 'invalid', fields: toFieldErrors(parsed.error) }));
      return;
    }
    try {
      const created = await refer.mutateAsync(input);
      // the answer is the new walk-in, or the one referred when the new one is in a zone the caller does not serve
      const done = created.id === walkIn.id ? t('intake.refer.doneElsewhere', { route: t(`intake.routes.${values.route}`) }) : t('intake.refer.done', { route: t(`intake.routes.${created.route}`), queueNo: displayQueueNumber(created.queueNo, i18n.language) });
      // a referral can be taken back for a few seconds like any end: the undo is the referred walk-in's
      endMessage(done, walkIn);
      onClose();
    } catch (error) {
      if (!markFieldErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open={walkIn !== null}
      title={walkIn ? t('intake.refer.title', { queueNo: displayQueueNumber(walkIn.queueNo, i18n.language), name: walkIn.visitorName }) : ''}
      okText={t('intake.refer.submit')}
      cancelText={t('app.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={refer.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'refer-submit' }}
    >
      {walkIn && (
        <Form
          form={form}
          name="refer"
          layout="vertical"
          initialValues={{ route: preferred }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        >
          <Form.Item name="route" label={t('intake.refer.to')} rules={[{ required: true, message: t('errors.required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid">
              {targets.map((r) => (
                <Radio.Button key={r} value={r} autoFocus={r === preferred} data-testid={`refer-to-${r}`}>
                  {t(`intake.routes.${r}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('intake.refer.note')}>
            <Input maxLength={200} showCount placeholder={t('intake.refer.notePlaceholder')} data-testid="refer-note" />
          </Form.Item>
          <Typography.Text type="secondary">{t('intake.refer.hint')}</Typography.Text>
        </Form>
      )}
    </Modal>
  );
};
