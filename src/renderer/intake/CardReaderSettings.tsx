import { IdcardOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Form, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intakeCardReaderPorts, intakeCardReaderSet, intakeCardReaderTest, type CardFailure, type CardReaderFault, type CardReaderStatus, type CardTestResult } from '../../shared/intake/cardReader.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';

const PORT_PATTERN = /^(\/dev\/[\w./-]+|[Cc][Oo][Mm]\d{1,3}|\\\\\.\\[Cc][Oo][Mm]\d{1,3})$/;

const StatusTag = ({ status }: { status: CardReaderStatus }) => {
  const { t } = useTranslation();
  if (status.state === 'ready') return <Tag color="green" data-testid="reader-state">{t('intake.card.status.ready')}</Tag>;
  if (status.state === 'fault')
    return (
      <Tag color="orange" data-testid="reader-state" style={{ whiteSpace: 'normal' }}>
        {t(`intake.card.fault.${status.fault ?? 'noAnswer'}`)}
      </Tag>
    );
  return <Tag data-testid="reader-state">{t('intake.card.status.off')}</Tag>;
};

/** This PC's ID card reader: the port (listed, or typed for a pseudo-terminal), and a test read. */
export const CardReaderSettings = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const allowed = can(intakeCardReaderPorts);
  const ports = useMethod(intakeCardReaderPorts, {}, { enabled: allowed, refetchInterval: 3000 });
  const save = useAction(intakeCardReaderSet);
  const test = useAction(intakeCardReaderTest);
  const [form] = Form.useForm<{ path: string }>();
  const [tested, setTested] = useState<CardTestResult | null>(null);
  if (!allowed) return null;

  const path = () => (form.getFieldValue('path') as string | undefined)?.trim() ?? '';
  const valid = async () => {
    try {
      await form.validateFields();
      return true;
    } catch {
      return false;
    }
  };
  const onSave = async () => {
    if (!(await valid())) return;
    const value = path();
    save.mutate(
      { path: value || null },
      {
        onSuccess: () => void message.success(t(value ? 'intake.reader.saved' : 'intake.reader.removed')),
        onError: (err) => void message.error(errorText(t, err)),
      },
    );
  };
  const onTest = async () => {
    if (!path() || !(await valid())) return;
    setTested(null);
    test.mutate({ path: path() }, { onSuccess: setTested, onError: (err) => void message.error(errorText(t, err)) });
  };

  return (
    <Card
      title={
        <>
          <IdcardOutlined /> {t('intake.reader.title')}
        </>
      }
      extra={ports.data && <StatusTag status={ports.data.status} />}
      style={{ marginTop: 16 }}
      data-testid="card-reader-settings"
    >
      <Typography.Paragraph type="secondary">{t('intake.reader.hint')}</Typography.Paragraph>
      {ports.data && (
        <Form
          form={form}
          name="cardReader"
          layout="vertical"
          initialValues={{ path: ports.data.status.path ?? '' }}
          onFinish={() => void onSave()}
          autoComplete="off"
        >
          <Form.Item
            name="path"
            label={t('intake.reader.port')}
            extra={ports.data.ports.length === 0 ? t('intake.reader.noPorts') : undefined}
            rules={[{ validator: async (_r, v?: string) => (!v?.trim() || PORT_PATTERN.test(v.trim()) ? undefined : Promise.reject(new Error(t('intake.reader.portInvalid')))) }]}
          >
            <AutoComplete
              options={ports.data.ports.map((p) => ({ value: p.path, label: p.label ? `${p.path} · ${p.label}` : p.path }))}
              placeholder={t('intake.reader.portPlaceholder')}
              allowClear
              data-testid="reader-port"
            />
          </Form.Item>
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="reader-save">
              {t('intake.reader.save')}
            </Button>
            <Button onClick={() => void onTest()} loading={test.isPending} data-testid="reader-test">
              {t('intake.reader.test')}
            </Button>
          </Space>
        </Form>
      )}
      {tested && (
        <Alert
          style={{ marginTop: 12 }}
          showIcon
          data-testid="reader-test-result"
          type={tested.ok ? 'success' : 'error'}
          title={
            tested.ok
              ? tested.card
                ? `${t('intake.reader.testCard', { name: tested.card.name, idNumber: tested.card.idNumberMasked })}${tested.card.expired ? t('intake.reader.testExpired') : ''}`
                : t('intake.reader.testNoCard')
              : tested.problem in FAULT_KEYS
                ? t(`intake.card.fault.${tested.problem as CardReaderFault}`)
                : t(`intake.card.failure.${tested.problem as CardFailure}`)
          }
        />
      )}
    </Card>
  );
};

const FAULT_KEYS: Record<string, true> = { openFailed: true, unplugged: true, noAnswer: true, notReader: true };
