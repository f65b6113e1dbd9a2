import { App, Button, Card, Form, Select, Skeleton, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shellPrinters, shellSetPrinter, type PrinterChoice } from '../../shared/print.js';
import { isDesktop } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';

const DEFAULT = '__default__';

/** The desktop app's printer for slips and notices, chosen per PC; browser mode uses the browser's dialog. */
const PrinterForm = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const printers = useMethod(shellPrinters, {});
  const save = useAction(shellSetPrinter);
  if (printers.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (printers.error) return <Typography.Text type="danger">{errorText(t, printers.error)}</Typography.Text>;
  const { choice } = printers.data;
  const editable = can(shellSetPrinter);
  return (
    <Form<{ printerName: string; silent: boolean }>
      name="printer"
      layout="vertical"
      disabled={!editable}
      initialValues={{ printerName: choice.printerName ?? DEFAULT, silent: choice.silent }}
      onFinish={(v) => {
        const next: PrinterChoice = { printerName: v.printerName === DEFAULT ? null : v.printerName, silent: v.silent };
        save.mutate(next, {
          onSuccess: () => void message.success(t('app.saved')),
          onError: (err) => void message.error(errorText(t, err)),
        });
      }}
    >
      <Form.Item name="printerName" label={t('station.printer.printer')}>
        <Select
          options={[
            { value: DEFAULT, label: t('station.printer.systemDefault') },
            ...printers.data.printers.map((p) => ({ value: p.name, label: p.isDefault ? `${p.displayName} ★` : p.displayName })),
          ]}
        />
      </Form.Item>
      <Form.Item name="silent" label={t('station.printer.silent')} valuePropName="checked" extra={t('station.printer.silentHint')}>
        <Switch />
      </Form.Item>
      {editable && (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('app.save')}
        </Button>
      )}
    </Form>
  );
};

export const PrinterSettings = () => {
  const { t } = useTranslation();
  if (!isDesktop()) return null;
  return (
    <Card title={t('station.printer.title')} style={{ marginTop: 16 }}>
      <PrinterForm />
    </Card>
  );
};
