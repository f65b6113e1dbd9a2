import { CloudSyncOutlined, LinkOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Descriptions, Form, Input, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stationGet } from '../../shared/station/contract.js';
import {
  syncEnrol,
  syncNow,
  syncSetCa,
  syncSettings,
  syncStatus,
  syncTransfers,
  type SyncStatus,
  type UpdateReport,
} from '../../shared/sync/contract.js';
import { CLOCK_WARNING_MS } from '../../shared/sync/protocol.js';
import { localDateTime } from '../../shared/time.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { DirectivesCard } from './DirectivesCard.js';
import { CaCard, TransfersCard } from './TransfersCard.js';

/** "3 h 20 min", "2 d", "5 y" — how far the clock is off, in words a user reads at a glance. */
const duration = (ms: number, lang: string): string => {
  const zh = lang.startsWith('zh');
  const s = Math.abs(ms) / 1000;
  const units: [number, string, string][] = [
    [365.25 * 86400, '年', ' y'],
    [86400, '天', ' d'],
    [3600, '小时', ' h'],
    [60, '分钟', ' min'],
    [1, '秒', ' s'],
  ];
  for (const [size, z, e] of units) if (s >= size) return `${Math.floor(s / size)}${zh ? z : e}`;
  return zh ? '0秒' : '0 s';
};

export const syncErrorText = (t: TFunction, e: SyncStatus['lastError']): string | null =>
  e ? t(`sync.error.${e.key}`, { detail: e.detail ?? '', defaultValue: t('sync.error.internal', { detail: e.key }) }) : null;

const StateTag = ({ s }: { s: SyncStatus }) => {
  const { t } = useTranslation();
  if (s.enrolling) return <Tag color="processing">{t('sync.state.enrolling')}</Tag>;
  if (!s.enrolled) return <Tag>{t('sync.state.notEnrolled')}</Tag>;
  if (!s.enabled) return <Tag color="warning">{t('sync.state.paused')}</Tag>;
  // a round while the link is down is a retry, not a sync in progress: the offline notice stands
  if (s.running) return s.online ? <Tag color="processing">{t('sync.state.running')}</Tag> : <Tag color="warning">{t('sync.state.retrying')}</Tag>;
  return s.online ? <Badge status="success" text={t('sync.state.online')} /> : <Badge status="error" text={t('sync.state.offline')} />;
};

/** The head's warning on the home screen: HQ's last answer showed this PC's clock far off. */
export const ClockAlert = () => {
  const { t, i18n } = useTranslation();
  const status = useMethod(syncStatus, {}, { refetchInterval: 60_000 });
  const skew = status.data?.clockSkewMs;
  if (skew === null || skew === undefined || Math.abs(skew) <= CLOCK_WARNING_MS) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="clock-warning"
      title={t(skew > 0 ? 'sync.clockWarningAhead' : 'sync.clockWarningBehind', { d: duration(skew, i18n.language) })}
      description={t('sync.clockWarningHint')}
    />
  );
};

/** The station's sync with HQ: state at all times, enrolment, settings, refused records and HQ's directives. */
export const SyncPage = () => {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const status = useMethod(syncStatus, {}, { refetchInterval: 3000 });
  const station = useMethod(stationGet, {});
  const now = useAction(syncNow);
  const tz = station.data?.timeZone ?? 'Asia/Shanghai';
  const when = (iso: string | null) => (iso ? localDateTime(iso, tz) : t('sync.never'));
  const s = status.data;
  if (!s) return <Card loading />;
  const skew = s.clockSkewMs;
  const skewText =
    skew === null
      ? '—'
      : Math.abs(skew) < 60_000
        ? t('sync.clockOk')
        : t(skew > 0 ? 'sync.clockAhead' : 'sync.clockBehind', { d: duration(skew, i18n.language) });
  const errorLine = syncErrorText(t, s.lastError);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <CloudSyncOutlined />
            {t('sync.title')}
            <span data-testid="sync-state">
              <StateTag s={s} />
            </span>
          </Space>
        }
        extra={
          s.enrolled && (
            <Button icon={<CloudSyncOutlined />} loading={now.isPending || (s.running && s.online)} onClick={() => now.mutate({})} data-testid="sync-now">
              {t('sync.syncNow')}
            </Button>
          )
        }
      >
        {s.enrolled && !s.online && <Alert type="info" showIcon title={t('sync.offlineHint')} style={{ marginBottom: 16 }} />}
        {s.notice && (
          <Alert
            type="info"
            showIcon
            title={t(`sync.notice.${s.notice.key}`, { n: s.notice.n, at: when(s.notice.at) })}
            description={t(`sync.notice.${s.notice.key}Why`)}
            style={{ marginBottom: 16 }}
            data-testid="sync-notice"
          />
        )}
        {errorLine && <Alert type={s.online ? 'error' : 'warning'} showIcon title={errorLine} role="alert" style={{ marginBottom: 16 }} data-testid="sync-error" />}
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('sync.backlog')}>
            <span data-testid="sync-backlog">{t('sync.backlogValue', { n: s.backlog })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('sync.lastSuccess')}>{when(s.lastSuccessAt)}</Descriptions.Item>
          <Descriptions.Item label={t('sync.lastAttempt')}>{when(s.lastAttemptAt)}</Descriptions.Item>
          <Descriptions.Item label={t('sync.nextAttempt')}>{s.nextAttemptAt ? when(s.nextAttemptAt) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sync.hq')}>{s.hqUrl ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sync.hqCode')}>{s.hqCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sync.clock')} span={2}>
            <Space direction="vertical" size={0}>
              <span data-testid="sync-clock">{skewText}</span>
              {skew !== null && Math.abs(skew) >= 60_000 && <Typography.Text type="secondary">{t('sync.clockHint')}</Typography.Text>}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {s.update && <UpdateCard report={s.update} when={when} />}
      {can(syncEnrol) && <EnrolCard s={s} defaultUrl={station.data?.hqUrl ?? null} />}
      {can(syncSettings) && s.enrolled && <SettingsCard s={s} />}
      {can(syncSetCa) && <CaCard s={s} />}
      {s.rejects.length > 0 && (
        <Card title={t('sync.rejectsTitle')}>
          <Typography.Paragraph type="secondary">{t('sync.rejectsHint')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={s.rejects}
            columns={[
              { title: t('sync.table'), dataIndex: 'tableName' },
              { title: t('sync.record'), dataIndex: 'rowId' },
              { title: t('sync.reason'), dataIndex: 'reason', render: (r: string) => t(`sync.reasons.${r}`, { defaultValue: r }) },
              { title: t('sync.at'), dataIndex: 'at', render: (a: string) => when(a) },
            ]}
          />
        </Card>
      )}
      <DirectivesCard />
      {can(syncTransfers) && <TransfersCard tz={tz} />}
    </Space>
  );
};

/** The desktop app's last look at HQ's update feed; a refused release says why, in words. */
const UpdateCard = ({ report, when }: { report: UpdateReport; when: (iso: string | null) => string }) => {
  const { t } = useTranslation();
  const vars = { offered: report.offered ?? '', installed: report.installed, detail: report.detail ?? '' };
  return (
    <Card title={t('sync.update.title')} data-testid="update-card">
      {report.state === 'refused' ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="update-refused"
          style={{ marginBottom: 16 }}
          title={report.offered ? t('sync.update.refused', vars) : t('sync.update.refusedUnknown')}
          description={
            <Space direction="vertical" size={2}>
              <span data-testid="update-refusal">{report.refusal ? t(`sync.update.refusal.${report.refusal}`, vars) : null}</span>
              <Typography.Text type="secondary">{t('sync.update.contact')}</Typography.Text>
            </Space>
          }
        />
      ) : (
        <Typography.Paragraph data-testid="update-state">{t(`sync.update.${report.state}`, vars)}</Typography.Paragraph>
      )}
      <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('sync.update.installed')}>{report.installed}</Descriptions.Item>
        <Descriptions.Item label={t('sync.update.checkedAt')}>{when(report.checkedAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
};

interface EnrolValues {
  hqUrl: string;
  code: string;
}

const EnrolCard = ({ s, defaultUrl }: { s: SyncStatus; defaultUrl: string | null }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<EnrolValues>();
  const enrol = useAction(syncEnrol);
  const [error, setError] = useState<unknown>(null);
  const submit = async (values: EnrolValues) => {
    setError(null);
    const input = checkForm(form, t, syncEnrol.input, values);
    if (!input) return;
    try {
      await enrol.mutateAsync(input);
      form.setFieldValue('code', '');
    } catch (err) {
      if (markFieldErrors(form, t, err)) focusFirstError(form, err);
      else setError(err);
    }
  };
  return (
    <Card title={s.enrolled ? t('sync.reenrol') : t('sync.enrolTitle')}>
      <Typography.Paragraph type="secondary">{t('sync.enrolIntro')}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} />}
      <Form<EnrolValues> form={form} name="syncEnrol" layout="inline" initialValues={{ hqUrl: s.hqUrl ?? defaultUrl ?? '', code: '' }} onFinish={submit}>
        <Form.Item name="hqUrl" label={t('sync.hqUrlLabel')} style={{ minWidth: 360 }}>
          <Input placeholder="https://hq.example.gov.cn" />
        </Form.Item>
        <Form.Item name="code" label={t('sync.codeLabel')}>
          <Input placeholder={t('sync.codePlaceholder')} autoComplete="off" style={{ width: 180 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<LinkOutlined />} loading={enrol.isPending || s.enrolling} data-testid="sync-enrol">
          {s.enrolled ? t('sync.reenrol') : t('sync.enrol')}
        </Button>
      </Form>
    </Card>
  );
};

const SettingsCard = ({ s }: { s: SyncStatus }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useAction(syncSettings);
  const [form] = Form.useForm<{ enabled: boolean; retentionDays: number }>();
  return (
    <Card title={t('sync.settingsTitle')}>
      <Form
        form={form}
        name="syncSettings"
        layout="inline"
        initialValues={{ enabled: s.enabled, retentionDays: s.retentionDays }}
        onFinish={async (values) => {
          try {
            await save.mutateAsync(values);
            void message.success(t('app.saved'));
          } catch (err) {
            void message.error(errorText(t, err));
          }
        }}
      >
        <Form.Item name="enabled" label={t('sync.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="retentionDays" label={t('sync.retention')} tooltip={t('sync.retentionHint')}>
          <InputNumber min={0} max={365} suffix={t('sync.days')} />
        </Form.Item>
        <Button htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
          {t('app.save')}
        </Button>
      </Form>
    </Card>
  );
};

