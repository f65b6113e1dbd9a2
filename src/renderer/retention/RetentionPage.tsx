import { DeleteOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, type FieldError } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/fields.js';
import {
  RETENTION_KINDS,
  retentionPreview,
  retentionPurge,
  retentionSettingsGet,
  retentionSettingsSave,
  type PurgeKindPreview,
  type PurgePreview,
  type PurgeResult,
  type RetentionKind,
} from '../../shared/retention/contract.js';
import { localDate, localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { errorMessage } from '../app/messages.js';
import { useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { PasswordInput } from '../auth/PasswordInput.js';
import { displayQueueNumberIn } from '../../shared/intake/zones.js';

type Periods = Record<RetentionKind, { days: number | null; forever: boolean }>;

/** The kind of record a field error is about (`periods.walkIns` → walkIns), if it is about one. */
const kindOf = (f: FieldError): RetentionKind | undefined => {
  const kind = f.field.split('.')[1] as RetentionKind | undefined;
  return f.field.startsWith('periods.') && kind && RETENTION_KINDS.includes(kind) ? kind : undefined;
};

/** The head's page: how long each kind of record is kept, and the monthly purge with its preview. */
export const RetentionPage = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const settings = useMethod(retentionSettingsGet, {});
  const save = useAction(retentionSettingsSave);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [edits, setEdits] = useState<Partial<Periods>>({});
  const [preview, setPreview] = useState<PurgePreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const [purgeError, setPurgeError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [purged, setPurged] = useState<PurgeResult | null>(null);

  const current = (kind: RetentionKind) => {
    const fromServer = settings.data?.periods.find((p) => p.kind === kind);
    return edits[kind] ?? { days: fromServer?.days ?? fromServer?.defaultDays ?? null, forever: fromServer ? fromServer.days === null : false };
  };
  const setKind = (kind: RetentionKind, v: { days: number | null; forever: boolean }) => {
    setEdits((e) => ({ ...e, [kind]: v }));
    setSaveError(null);
  };

  const onSave = async () => {
    const periods: Partial<Record<RetentionKind, number | null>> = {};
    // an emptied field is not "keep for ever" (null): that is the checkbox's to say
    const empty: FieldError[] = [];
    for (const k of Object.keys(edits) as RetentionKind[]) {
      const edit = edits[k]!;
      if (!edit.forever && edit.days === null) empty.push({ field: `periods.${k}`, key: 'required' });
      periods[k] = edit.forever ? null : edit.days;
    }
    const parsed = retentionSettingsSave.input.safeParse({ periods });
    const fields = [...empty, ...(parsed.success ? [] : toFieldErrors(parsed.error))];
    if (fields.length > 0) {
      setSaveError(new AppError({ code: 'VALIDATION', key: fields[0].key, field: fields[0].field, params: fields[0].params, fields }));
      return;
    }
    setSaveError(null);
    try {
      await save.mutateAsync({ periods });
      setEdits({});
      setPreview(null);
      void message.success(t('retention.saved'));
    } catch (err) {
      setSaveError(err);
    }
  };
  // a refused period is named by its kind of record, and its field marked
  const periodErrors = saveError instanceof AppError ? (saveError.fields ?? []).filter((f) => kindOf(f)) : [];
  const saveErrorLines =
    periodErrors.length > 0
      ? periodErrors.map((f) => t('app.labelled', { label: t(`retention.kinds.${kindOf(f)!}`), value: errorMessage(t, f) }))
      : saveError !== null
        ? [errorText(t, saveError)]
        : [];

  const loadPreview = async () => {
    setPreviewError(null);
    setPurged(null);
    try {
      setPreview(await call(retentionPreview, {}));
    } catch (err) {
      setPreviewError(err);
    }
  };

  const purge = async () => {
    if (!preview) return;
    setBusy(true);
    setPurgeError(null);
    try {
      const expected = Object.fromEntries(preview.kinds.map((k) => [k.kind, k.count]));
      const r = await call(retentionPurge, { asOf: preview.asOf, expected, password });
      // what went stays on the page: the head may want to note it
      setPurged(r);
      setConfirming(false);
      setPassword('');
      setPreview(null);
      void settings.refetch();
    } catch (err) {
      setPurgeError(err);
    } finally {
      setBusy(false);
    }
  };

  const s = settings.data;
  const due = s?.purgeDue ?? false;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('retention.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('retention.intro')}</Typography.Paragraph>
      {settings.error && <Alert type="error" showIcon title={errorText(t, settings.error)} />}

      <Card size="small" title={t('retention.columns.days')}>
          <Table
            size="small"
            rowKey="kind"
            pagination={false}
            loading={settings.isPending}
            dataSource={RETENTION_KINDS.map((kind) => ({ kind }))}
            columns={[
              { title: t('retention.columns.kind'), dataIndex: 'kind', render: (k: RetentionKind) => t(`retention.kinds.${k}`) },
              {
                title: t('retention.columns.days'),
                width: 320,
                render: (_: unknown, { kind }: { kind: RetentionKind }) => {
                  const v = current(kind);
                  return (
                    <Space>
                      {/* no min/max here: antd would quietly change a typed 30 into 180; the rule says why instead */}
                      <InputNumber
                        precision={0}
                        status={periodErrors.some((f) => kindOf(f) === kind) ? 'error' : undefined}
                        value={v.forever ? null : v.days}
                        disabled={v.forever}
                        onChange={(days) => setKind(kind, { days: typeof days === 'number' ? days : null, forever: false })}
                        suffix={t('retention.daysUnit')}
                        data-testid={`retention-days-${kind}`}
                        style={{ width: 130 }}
                      />
                      <Checkbox checked={v.forever} onChange={(e) => setKind(kind, { days: v.days, forever: e.target.checked })}>
                        {t('retention.forever')}
                      </Checkbox>
                    </Space>
                  );
                },
              },
              {
                title: t('retention.columns.default'),
                width: 160,
                render: (_: unknown, { kind }: { kind: RetentionKind }) => {
                  const d = s?.periods.find((p) => p.kind === kind)?.defaultDays ?? 0;
                  return `${d} ${t('retention.daysUnit')} (${t('retention.years', { years: Math.round(d / 365) })})`;
                },
              },
            ]}
          />
        {saveErrorLines.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={saveErrorLines.map((line) => (
              <div key={line}>{line}</div>
            ))}
            style={{ marginTop: 12 }}
            data-testid="retention-save-error"
          />
        )}
        <Button type="primary" icon={<SaveOutlined />} onClick={() => void onSave()} loading={save.isPending} disabled={Object.keys(edits).length === 0} style={{ marginTop: 12 }} data-testid="retention-save">
          {t('retention.save')}
        </Button>
      </Card>

      <Card
        size="small"
        title={
          <Space>
            {s?.lastPurgeAt ? t('retention.lastPurge', { at: localDateTime(s.lastPurgeAt, me.timeZone) }) : t('retention.neverPurged')}
            {s && (due ? <Tag color="orange">{t('retention.due')}</Tag> : <Tag>{t('retention.nextDue', { at: localDate(s.purgeDueAt, me.timeZone) })}</Tag>)}
          </Space>
        }
      >
        <Button icon={<EyeOutlined />} onClick={() => void loadPreview()} data-testid="retention-preview">
          {t('retention.preview')}
        </Button>
        {previewError !== null && <Alert type="error" showIcon title={errorText(t, previewError)} style={{ marginTop: 12 }} />}
        {purged && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="retention-purged"
            title={t('retention.done', { count: Object.values(purged.counts).reduce((a, n) => a + n, 0), hq: purged.queuedForHq })}
            description={RETENTION_KINDS.filter((k) => purged.counts[k] > 0).map((k) => (
              <div key={k}>{t('retention.purgedKind', { kind: t(`retention.kinds.${k}`), count: purged.counts[k] })}</div>
            ))}
          />
        )}
        {preview && (
          <div style={{ marginTop: 12 }} data-testid="retention-preview-result">
            {preview.total === 0 ? (
              <Alert type="success" showIcon title={t('retention.nothing')} />
            ) : (
              <Alert
                type="warning"
                showIcon
                title={t('retention.total', { count: preview.total, related: preview.kinds.reduce((a, k) => a + k.related, 0) })}
              />
            )}
            <Table<PurgeKindPreview>
              size="small"
              rowKey="kind"
              pagination={false}
              style={{ marginTop: 12 }}
              dataSource={preview.kinds}
              columns={[
                { title: t('retention.columns.kind'), dataIndex: 'kind', render: (k: RetentionKind) => t(`retention.kinds.${k}`) },
                { title: t('retention.columns.count'), dataIndex: 'count', width: 90, render: (n: number, r) => <span data-testid={`retention-count-${r.kind}`}>{n}</span> },
                { title: t('retention.columns.related'), dataIndex: 'related', width: 90 },
                {
                  title: t('retention.columns.cutoff'),
                  dataIndex: 'cutoff',
                  width: 120,
                  render: (c: string | null) => (c ? localDate(c, me.timeZone) : t('retention.forever')),
                },
                {
                  title: t('retention.columns.samples'),
                  dataIndex: 'samples',
                  render: (samples: PurgeKindPreview['samples']) => (
                    <Space orientation="vertical" size={0}>
                      {samples.map((x) => (
                        <Typography.Text key={x.id} type="secondary">
                          {x.date.slice(0, 10)} · {displayQueueNumberIn(x.label, x.queueNo, i18n.language)}
                        </Typography.Text>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
            {preview.total > 0 && (
              <Button danger type="primary" icon={<DeleteOutlined />} style={{ marginTop: 12 }} onClick={() => setConfirming(true)} data-testid="retention-purge">
                {t('retention.purge')}
              </Button>
            )}
          </div>
        )}
      </Card>

      <Modal
        open={confirming}
        title={t('retention.confirmTitle')}
        okText={t('retention.purgeNow')}
        cancelText={t('retention.cancel')}
        okButtonProps={{ danger: true, loading: busy, disabled: password === '', id: 'retention-confirm' }}
        onOk={() => void purge()}
        onCancel={() => {
          setConfirming(false);
          setPassword('');
          setPurgeError(null);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('retention.confirmText', { count: preview?.total ?? 0 })}</Typography.Paragraph>
        <PasswordInput
          autoFocus
          placeholder={t('retention.password')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          onPressEnter={() => password && void purge()}
          data-testid="retention-password"
        />
        {purgeError !== null && <Alert type="error" showIcon title={errorText(t, purgeError)} style={{ marginTop: 12 }} />}
      </Modal>
    </Space>
  );
};
