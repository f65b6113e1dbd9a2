import { EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Flex, Form, Input, Modal, Result, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AppError } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/fields.js';
import { intakeGet, intakeReveal, type WalkIn } from '../../shared/intake/contract.js';
import { localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { Masked, slipPath, StatusTag } from './common.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';

export interface RevealTarget {
  id: string;
  visitorName: string;
}

/**
 * Shows a walk-in's full ID and phone after the user gives a reason; the core audits who, when,
 * which record and why. The numbers live only in this modal's state and are gone when it closes.
 */
export const RevealModal = ({ target, onClose }: { target: RevealTarget | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const reveal = useMutation({ mutationFn: (input: { id: string; reason: string }) => call(intakeReveal, input) });
  const presets = t('intake.reveal.presets', { returnObjects: true }) as unknown as string[];

  const close = () => {
    reveal.reset();
    onClose();
  };
  const submit = async () => {
    if (!target) return;
    const input = { id: target.id, reason: form.getFieldValue('reason') ?? '' };
    const parsed = intakeReveal.input.safeParse(input);
    if (!parsed.success) {
      markFieldErrors(form, t, new AppError({ code: 'VALIDATION', key: 'invalid', fields: toFieldErrors(parsed.error) }));
      form.focusField('reason');
      return;
    }
    try {
      await reveal.mutateAsync(input);
    } catch (error) {
      if (!markFieldErrors(form, t, error)) message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open={target !== null}
      title={target ? t('intake.reveal.title', { name: target.visitorName }) : ''}
      onCancel={close}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (open) form.focusField('reason');
      }}
      footer={
        reveal.data ? (
          <Button type="primary" onClick={close} data-testid="reveal-close" autoFocus>
            {t('app.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>{t('app.cancel')}</Button>
            <Button type="primary" icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => void submit()} data-testid="reveal-submit">
              {t('intake.reveal.submit')}
            </Button>
          </Space>
        )
      }
    >
      {reveal.data ? (
        <div data-testid="revealed">
          <Alert type="warning" showIcon title={t('intake.reveal.shown')} style={{ marginBottom: 12 }} />
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              { key: 'id', label: t('fields.idNumber'), children: <span className="masked" data-testid="revealed-id">{reveal.data.idNumber ?? t('app.none')}</span> },
              { key: 'phone', label: t('fields.phone'), children: <span className="masked" data-testid="revealed-phone">{reveal.data.phone ?? t('app.none')}</span> },
            ]}
          />
        </div>
      ) : (
        <Form
          form={form}
          name="reveal"
          layout="vertical"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        >
          <Form.Item name="reason" label={t('intake.reveal.reason')} required extra={t('intake.reveal.audited')}>
            <Input autoFocus maxLength={100} placeholder={t('intake.reveal.reasonPlaceholder')} data-testid="reveal-reason" />
          </Form.Item>
          <Flex wrap gap={4}>
            {presets.map((p) => (
              <Tag.CheckableTag
                key={p}
                checked={false}
                onChange={() => {
                  form.setFields([{ name: 'reason', value: p, errors: [] }]);
                  form.focusField('reason');
                }}
                style={{ border: '1px solid #d9d9d9' }}
              >
                {p}
              </Tag.CheckableTag>
            ))}
          </Flex>
        </Form>
      )}
    </Modal>
  );
};

const LinkedWalkIn = ({ id, render }: { id: string; render: (w: WalkIn) => ReactNode }) => {
  const linked = useMethod(intakeGet, { id });
  return linked.data ? <>{render(linked.data)}</> : <Spin size="small" />;
};

/** A walk-in in full (identifiers still masked) and its timeline: arrived, served, finished, referred. */
export const WalkInDrawer = ({
  id,
  onClose,
  onOpen,
  onReveal,
}: {
  id: string | null;
  onClose: () => void;
  /** opens a linked walk-in (referred from / to) */
  onOpen: (id: string) => void;
  onReveal?: (target: RevealTarget) => void;
}) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const walkIn = useMethod(intakeGet, { id: id ?? '' }, { enabled: id !== null });
  const w = id !== null ? walkIn.data : undefined;
  const at = (iso: string) => localDateTime(iso, me.timeZone);
  const link = (linkedId: string, text: (l: WalkIn) => string) => (
    <LinkedWalkIn
      id={linkedId}
      render={(l) => (
        <Typography.Link onClick={() => onOpen(l.id)} data-testid="linked-walkin">
          {text(l)}
        </Typography.Link>
      )}
    />
  );

  const items = w
    ? [
        ...(w.referredFromId
          ? [
              {
                key: 'from',
                color: 'purple',
                content: link(w.referredFromId, (l) => t('intake.detail.referredFrom', { route: t(`intake.routes.${l.route}`), queueNo: displayQueueNumber(l.queueNo, i18n.language) })),
              },
            ]
          : []),
        {
          key: 'arrived',
          color: 'gray',
          content: (
            <>
              <Typography.Text strong>{at(w.arrivedAt)}</Typography.Text>{' '}
              {t('intake.detail.arrived', { by: w.receivedBy.name, route: t(`intake.routes.${w.route}`) })}
            </>
          ),
        },
        ...(w.servingStartedAt
          ? [
              {
                key: 'serving',
                color: 'blue',
                content: (
                  <>
                    <Typography.Text strong>{at(w.servingStartedAt)}</Typography.Text>{' '}
                    {t('intake.detail.servingStarted', { by: w.servedBy?.name ?? '' })}
                  </>
                ),
              },
            ]
          : []),
        ...(w.finishedAt
          ? [
              {
                key: 'finished',
                color: w.status === 'done' ? 'green' : w.status === 'referred' ? 'purple' : 'gray',
                content: (
                  <>
                    <Typography.Text strong>{at(w.finishedAt)}</Typography.Text>{' '}
                    {w.status === 'referred' && w.referredToId
                      ? link(w.referredToId, (l) => t('intake.detail.referredTo', { by: w.servedBy?.name ?? '', route: t(`intake.routes.${l.route}`), queueNo: displayQueueNumber(l.queueNo, i18n.language) }))
                      : t(`intake.detail.${w.status === 'done' ? 'done' : 'left'}`)}
                  </>
                ),
              },
            ]
          : [{ key: 'now', color: 'blue', loading: true, content: t(`intake.statuses.${w.status}`) }]),
      ]
    : [];

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={480}
      title={w ? t('intake.detail.title', { queueNo: displayQueueNumber(w.queueNo, i18n.language) }) : ''}
      data-testid="walkin-drawer"
      extra={
        w && (
          <Space>
            {onReveal && can(intakeReveal) && (
              <Button icon={<EyeOutlined />} onClick={() => onReveal({ id: w.id, visitorName: w.visitorName })} data-testid="drawer-reveal">
                {t('intake.history.reveal')}
              </Button>
            )}
            <Button icon={<PrinterOutlined />} onClick={() => navigate(slipPath(w.id, 'receipt80'))}>
              {t('intake.detail.printSlip')}
            </Button>
          </Space>
        )
      }
    >
      {walkIn.error ? (
        <Result status="warning" title={errorText(t, walkIn.error)} />
      ) : !w ? (
        <Spin />
      ) : (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'status', label: t('fields.status'), children: <StatusTag status={w.status} /> },
              { key: 'name', label: t('fields.visitorName'), children: <span data-testid="drawer-name">{w.visitorName}</span> },
              { key: 'idType', label: t('fields.idType'), children: t(`intake.idTypes.${w.idType}`) },
              { key: 'idNumber', label: t('fields.idNumber'), children: <Masked value={w.idNumberMasked} empty={t('app.none')} /> },
              ...(w.age !== null
                ? [{ key: 'birth', label: t('intake.detail.birth'), children: `${t('intake.detail.age', { age: w.age })}${w.sex ? ` · ${t(`intake.sex.${w.sex}`)}` : ''}` }]
                : []),
              { key: 'phone', label: t('fields.phone'), children: <Masked value={w.phoneMasked} empty={t('app.none')} /> },
              { key: 'purpose', label: t('fields.purpose'), children: t(`intake.purposes.${w.purpose}`) },
              { key: 'route', label: t('fields.route'), children: t(`intake.routes.${w.route}`) },
              { key: 'note', label: t('fields.note'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{w.note ?? ''}</span> },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('intake.detail.timeline')}
          </Typography.Title>
          <Timeline items={items} data-testid="timeline" />
        </>
      )}
    </Drawer>
  );
};
