import { App, Button, Card, Form, Select, Skeleton, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_KINDS, shellPrinters, shellSetPrinter, shellTestPrint, type DocumentKind, type PrinterInfo, type PrinterSetting } from '../../shared/print.js';
import { isDesktop } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';

const DEFAULT = '__default__';

/** One kind's printer (receipt or A4): which one, silent or not, and a test page. */
const KindForm = ({ kind, setting, printers, editable }: { kind: DocumentKind; setting: PrinterSetting; printers: PrinterInfo[]; editable: boolean }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useAction(shellSetPrinter);
  const test = useAction(shellTestPrint);
  const [form] = Form.useForm<{ printerName: string; silent: boolean }>();
  const chosen = Form.useWatch('printerName', form) ?? (setting.printerName ?? DEFAULT);
  return (
    <Form<{ printerName: string; silent: boolean }>
      form={form}
      name={`printer-${kind}`}
      layout="vertical"
      disabled={!editable}
      initialValues={{ printerName: setting.printerName ?? DEFAULT, silent: setting.silent }}
      onFinish={(v) => {
        save.mutate(
          { kind, printerName: v.printerName === DEFAULT ? null : v.printerName, silent: v.silent },
          {
            onSuccess: () => void message.success(t('app.saved')),
            onError: (err) => void message.error(errorText(t, err)),
          },
        );
      }}
    >
      <Typography.Title level={5}>{t(`station.printer.kind.${kind}`)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(`station.printer.kindHint.${kind}`)}</Typography.Paragraph>
      <Form.Item name="printerName" label={t(`station.printer.kind.${kind}`)}>
        <Select
          options={[
            { value: DEFAULT, label: t('station.printer.systemDefault') },
            ...printers.map((p) => ({ value: p.name, label: p.isDefault ? `${p.displayName} ★` : p.displayName })),
          ]}
        />
      </Form.Item>
      <Form.Item name="silent" label={t('station.printer.silent')} valuePropName="checked" extra={t('station.printer.silentHint')}>
        <Switch disabled={!editable || chosen === DEFAULT} />
      </Form.Item>
      {editable && (
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('app.save')}
          </Button>
          <Button
            loading={test.isPending}
            onClick={() =>
              test.mutate(
                { kind },
                {
                  onSuccess: () => void message.success(t('station.printer.testSent')),
                  onError: (err) => void message.error(errorText(t, err)),
                },
              )
            }
          >
            {t('station.printer.testPrint')}
          </Button>
        </Space>
      )}
    </Form>
  );
};

/** This PC's printers, one per kind of document; browser mode uses the browser's print dialog. */
const PrinterForms = () => {
  const { t } = useTranslation();
  const can = useCan();
  const printers = useMethod(shellPrinters, {});
  if (printers.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (printers.error) return <Typography.Text type="danger">{errorText(t, printers.error)}</Typography.Text>;
  const editable = can(shellSetPrinter);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {DOCUMENT_KINDS.map((kind) => (
        <KindForm key={kind} kind={kind} setting={printers.data.choice[kind]} printers={printers.data.printers} editable={editable} />
      ))}
    </Space>
  );
};

export const PrinterSettings = () => {
  const { t } = useTranslation();
  if (!isDesktop()) return null;
  return (
    <Card title={t('station.printer.title')} style={{ marginTop: 16 }}>
      <PrinterForms />
    </Card>
  );
};
