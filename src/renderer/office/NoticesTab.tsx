import { Button, Card, Flex, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../app/CancelWithReason.js';
import { useNavigate } from 'react-router';
import {
  NOTICE_FIELDS,
  NOTICE_KINDS,
  NOTICE_PAGE_SIZES,
  officeNoticeHistory,
  officeNoticePrint,
  officeNoticeTemplateRetire,
  officeNoticeTemplateSave,
  officeNoticeTemplates,
  type NoticeField,
  type NoticeKind,
  type NoticePageSize,
  type NoticeTemplate,
  type PrintedNotice,
} from '../../shared/office/notices.js';
import { stationGet } from '../../shared/station/contract.js';
import { localDate, localDateTime } from '../../shared/time.js';
import { useCan, useMe } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';

const KIND_COLOR: Record<NoticeKind, string> = { board: 'blue', safety: 'red', appointment: 'green' };
const noticeLanguage = (lang: string) => (lang.startsWith('en') ? ('en' as const) : ('zh' as const));

/** The notice library: fill a template in and print it; the head keeps the templates. */
export const NoticesTab = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const head = can(officeNoticeTemplateSave);
  // the shipped templates in the reader's language
  const templates = useMethod(officeNoticeTemplates, { lang: noticeLanguage(i18n.language) });
  const history = useMethod(officeNoticeHistory, {});
  const [filling, setFilling] = useState<NoticeTemplate | null>(null);
  const [editing, setEditing] = useState<NoticeTemplate | 'new' | null>(null);
  const [retiring, setRetiring] = useState<NoticeTemplate | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Card
        size="small"
        title={t('office.notices.library')}
        extra={
          head ? (
            <Button onClick={() => setEditing('new')} data-testid="notice-template-add">
              {t('office.notices.add')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('office.notices.headOnly')}</Typography.Text>
          )
        }
      >
        <Table<NoticeTemplate>
          size="small"
          rowKey="id"
          pagination={false}
          loading={templates.isPending}
          dataSource={templates.data ?? []}
          data-testid="notice-templates"
          onRow={(tpl) => ({ 'data-testid': 'notice-template', 'data-name': tpl.name }) as React.HTMLAttributes<HTMLTableRowElement>}
          columns={[
            { title: t('office.notices.kind'), dataIndex: 'kind', width: 130, render: (k: NoticeKind) => <Tag color={KIND_COLOR[k]}>{t(`office.noticeKinds.${k}`)}</Tag> },
            {
              title: t('office.notices.name'),
              key: 'name',
              render: (_, tpl) => (
                <Space>
                  {tpl.name}
                  {tpl.source === 'default' && <Tag>{t('office.notices.builtin')}</Tag>}
                  {tpl.source === 'hq' && (
                    <Tag color="blue" data-testid="notice-from-hq">
                      {t('office.notices.fromHq')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            { title: t('office.notices.pageSize'), dataIndex: 'pageSize', width: 70 },
            {
              title: '',
              key: 'actions',
              width: 260,
              render: (_, tpl) => (
                <Space>
                  <Button size="small" type="primary" onClick={() => setFilling(tpl)} data-testid="notice-fill">
                    {t('office.notices.fill')}
                  </Button>
                  {head && (
                    <Button size="small" onClick={() => setEditing(tpl)}>
                      {t('office.notices.edit')}
                    </Button>
                  )}
                  {head && (
                    <Button size="small" danger onClick={() => setRetiring(tpl)}>
                      {t('office.notices.retire')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('office.notices.history')}>
        <Table<PrintedNotice>
          size="small"
          rowKey="id"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={history.data ?? []}
          locale={{ emptyText: t('office.notices.none') }}
          columns={[
            { title: t('office.notices.printedAt'), dataIndex: 'printedAt', width: 150, render: (at: string) => localDateTime(at, me.timeZone) },
            { title: t('office.notices.title'), dataIndex: 'title' },
            { title: t('office.notices.pageSize'), dataIndex: 'pageSize', width: 60 },
            { title: t('office.notices.printedBy'), dataIndex: 'printedBy', width: 100 },
            { title: '', key: 'log', width: 120, render: (_, n) => (n.logEntryId ? <Tag color="blue">{t('office.notices.logged')}</Tag> : null) },
            {
              title: '',
              key: 'reprint',
              width: 100,
              render: (_, n) => (
                <Button size="small" onClick={() => navigate(`/print/office/notice/${n.id}`)}>
                  {t('office.notices.reprint')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {filling && <FillModal template={filling} onClose={() => setFilling(null)} />}
      {editing && <TemplateModal template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {retiring && <RetireModal template={retiring} onClose={() => setRetiring(null)} />}
    </Space>
  );
};

/** `values` as the core names them, so an error on `values.phone` marks that field. */
type FillValues = { values: Partial<Record<NoticeField, string>>; pageSize: NoticePageSize };

/** The form of a template's fields, filled in from the station and the person printing where it can be. */
const FillModal = ({ template, onClose }: { template: NoticeTemplate; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const navigate = useNavigate();
  const station = useMethod(stationGet, {});
  const print = useAction(officeNoticePrint);
  const [form] = Form.useForm<FillValues>();
  if (!station.data) return null;
  const today = localDate(new Date(), me.timeZone);
  const [y, m, d] = today.split('-').map(Number);
  const initial: FillValues = {
    pageSize: template.pageSize,
    values: {
      station: station.data.name,
      address: station.data.address,
      dutyPhone: station.data.dutyPhones[0]?.number,
      officer: me.role === 'officer' || me.role === 'head' ? me.name : undefined,
      date: i18n.language === 'en' ? today : `${y}年${m}月${d}日`,
    },
  };
  return (
    <ModalForm<FillValues>
      open
      title={t('office.notices.fillTitle', { name: template.name })}
      form={form}
      testId="notice-fill-form"
      okText={t('office.notices.print')}
      initialValues={initial}
      onCancel={onClose}
      onSubmit={async (v) => {
        const values = Object.fromEntries(NOTICE_FIELDS.map((f) => [f, v.values?.[f] ?? null])) as Record<NoticeField, string | null>;
        const printed = await print.mutateAsync({ templateId: template.id, templateVersion: template.version, pageSize: v.pageSize, values, lang: noticeLanguage(i18n.language) });
        onClose();
        navigate(`/print/office/notice/${printed.id}`);
      }}
    >
      <Typography.Paragraph strong>{template.title}</Typography.Paragraph>
      {template.fields.map((f) => (
        <Form.Item key={f} name={['values', f]} label={t(`office.noticeFields.${f}`)}>
          {f === 'duties' ? <Input.TextArea rows={3} data-testid={`notice-field-${f}`} /> : <Input data-testid={`notice-field-${f}`} />}
        </Form.Item>
      ))}
      <Form.Item name="pageSize" label={t('office.notices.pageSize')}>
        <Radio.Group options={NOTICE_PAGE_SIZES.map((s) => ({ value: s, label: s }))} />
      </Form.Item>
    </ModalForm>
  );
};

interface TemplateValues {
  kind: NoticeKind;
  name?: string;
  title?: string;
  body?: string;
  footer?: string;
  qr?: string;
  pageSize: NoticePageSize;
}

const TemplateModal = ({ template, onClose }: { template: NoticeTemplate | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const save = useAction(officeNoticeTemplateSave);
  const [form] = Form.useForm<TemplateValues>();
  const placeholders = NOTICE_FIELDS.map((f) => `{{${f}}}`).join(' ');
  return (
    <ModalForm<TemplateValues>
      open
      title={template ? t('app.labelled', { label: t('office.notices.edit'), value: template.name }) : t('office.notices.add')}
      form={form}
      width={720}
      testId="notice-template-form"
      initialValues={
        template
          ? { kind: template.kind, name: template.name, title: template.title, body: template.body, footer: template.footer ?? undefined, qr: template.qr ?? undefined, pageSize: template.pageSize }
          : { kind: 'safety', pageSize: 'A4' }
      }
      onCancel={onClose}
      onSubmit={async (v) => {
        await save.mutateAsync({
          ...(template ? { id: template.id, version: template.version } : {}),
          kind: v.kind,
          name: v.name ?? '',
          title: v.title ?? '',
          body: v.body ?? '',
          footer: v.footer ?? null,
          qr: v.qr ?? null,
          pageSize: v.pageSize,
        });
        onClose();
      }}
    >
      <Flex gap={8}>
        <Form.Item name="kind" label={t('office.notices.kind')} style={{ width: 160 }}>
          <Select options={NOTICE_KINDS.map((k) => ({ value: k, label: t(`office.noticeKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('office.notices.name')} style={{ flex: 1 }}>
          <Input autoFocus data-testid="notice-template-name" />
        </Form.Item>
        <Form.Item name="pageSize" label={t('office.notices.pageSize')}>
          <Radio.Group options={NOTICE_PAGE_SIZES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('office.notices.qrHint', { fields: placeholders, example: '{{phone}}' })}
      </Typography.Text>
      <Form.Item name="title" label={t('office.notices.title')}>
        <Input data-testid="notice-template-title" />
      </Form.Item>
      <Form.Item name="body" label={t('office.notices.body')}>
        <Input.TextArea rows={8} data-testid="notice-template-body" />
      </Form.Item>
      <Form.Item name="footer" label={t('office.notices.footer')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="qr" label={t('office.notices.qr')}>
        <Input placeholder="tel:{{phone}}" />
      </Form.Item>
    </ModalForm>
  );
};

const RetireModal = ({ template, onClose }: { template: NoticeTemplate; onClose: () => void }) => {
  const { t } = useTranslation();
  const retire = useAction(officeNoticeTemplateRetire);
  return (
    <ReasonModal
      title={t('app.labelled', { label: t('office.notices.retire'), value: template.name })}
      testId="notice-retire-form"
      reasonLabel={t('office.notices.retireReason')}
      onClose={onClose}
      onConfirm={(reason) => retire.mutateAsync({ id: template.id, version: template.version, reason })}
    />
  );
};
