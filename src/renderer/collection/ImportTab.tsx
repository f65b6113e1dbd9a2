import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Input, Progress, Select, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_FIELDS, collectionImportCancel, collectionImportCommit, collectionImportPreview, collectionImportProgress, collectionImportRejects, type ImportField, type ImportPreview, type ImportProgress } from '../../shared/collection/contract.js';
import { codedLabel } from '../../shared/collection/model.js';
import { call } from '../app/api.js';
import type { Names } from '../app/resources.js';
import { errorText } from '../app/i18n.js';
import { useAction, useMethod } from '../app/query.js';
import { download, readAsBase64 } from './common.js';
import { listText } from '../app/messages.js';

/** A grid worker's file: check (preview), choose conflicts, import in one go, download what was refused. */
export const ImportTab = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<{ fileName: string; data: string } | null>(null);
  const [source, setSource] = useState('');
  const [mapping, setMapping] = useState<Record<string, ImportField> | undefined>(undefined);
  const [take, setTake] = useState<number[]>([]);
  // each check and each import gets its own ticket: the core reports its progress and can stop it
  const [ticket, setTicket] = useState<string | null>(null);
  const input = file ? { ...file, source, mapping } : null;
  const preview = useMutation<ImportPreview, Error>({
    mutationFn: () => {
      const id = crypto.randomUUID();
      setTicket(id);
      return call(collectionImportPreview, { ...input!, ticket: id });
    },
  });
  const commit = useAction(collectionImportCommit);
  const running = preview.isPending || commit.isPending;
  const progress = useMethod(collectionImportProgress, { ticket: ticket ?? '' }, { enabled: running && ticket !== null, refetchInterval: 500 });
  // shown from the click on: until the core has the file and answers for the ticket (seconds for a
  // large workbook on a busy PC) the step is the sending of the file, not an empty page
  const step: { phase: ImportProgress['phase'] | 'send'; done: number; total: number } | null = running ? (progress.data ?? { phase: 'send', done: 0, total: 0 }) : null;
  const rejects = useMutation({ mutationFn: () => call(collectionImportRejects, input!) });
  const p = preview.data;
  const ready = p && p.counts.new + p.counts.updated > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="import">
      <Card size="small">
        <Space wrap>
          <Input placeholder={t('collection.import.source')} value={source} onChange={(e) => setSource(e.target.value)} maxLength={60} style={{ width: 240 }} data-testid="import-source" />
          <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
            <UploadOutlined /> {file?.fileName ?? t('collection.import.file')}
            <input
              type="file"
              hidden
              accept=".xlsx,.csv"
              data-testid="import-file"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                // cleared, so choosing the same file again (corrected) is a change too
                e.target.value = '';
                if (!f) return;
                setFile({ fileName: f.name, data: await readAsBase64(f) });
                setMapping(undefined);
                preview.reset();
                commit.reset();
              }}
            />
          </label>
          <Button type="primary" disabled={!file || !source.trim()} loading={preview.isPending} onClick={() => preview.mutate()} data-testid="import-preview">
            {t('collection.import.preview')}
          </Button>
          <Typography.Text type="secondary">{t('collection.import.sourceHint')}</Typography.Text>
        </Space>
      </Card>
      {step && (
        <Card size="small" data-testid="import-progress">
          <Space>
            <Typography.Text>{t(`collection.import.phases.${step.phase}`)}</Typography.Text>
            <Progress style={{ width: 320 }} percent={step.total ? Math.floor((100 * step.done) / step.total) : 0} status="active" />
            <Button danger size="small" onClick={() => void call(collectionImportCancel, { ticket: ticket! })} data-testid="import-cancel">
              {t('collection.import.cancel')}
            </Button>
          </Space>
        </Card>
      )}
      {preview.error && <Alert type="error" showIcon title={errorText(t, preview.error)} data-testid="import-error" />}
      {p && (
        <Card size="small" title={t('app.labelled', { label: t('collection.import.sheet'), value: p.sheet })}>
          {p.mappingRemembered && <Alert type="info" title={t('collection.import.remembered')} style={{ marginBottom: 8 }} />}
          <Space wrap style={{ marginBottom: 8 }}>
            {p.headers.map((h) => (
              <Space key={h} size={2}>
                <Typography.Text>{h}→</Typography.Text>
                <Select<string>
                  size="small"
                  style={{ width: 120 }}
                  value={p.mapping[h] ?? ''}
                  options={[{ value: '', label: t('collection.import.ignore') }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: codedLabel(f, i18n.language) ?? t(`collection.import.fields.${f as Names<'collection.import.fields'>}`) }))]}
                  onChange={(v) => {
                    const next = { ...p.mapping };
                    if (v) next[h] = v as ImportField;
                    else delete next[h];
                    setMapping(next);
                  }}
                />
              </Space>
            ))}
          </Space>
          <Alert type={p.counts.rejected ? 'warning' : 'success'} title={t('collection.import.counts', { rows: p.rows, ...p.counts })} data-testid="import-counts" />
          {p.newAddresses.count > 0 && (
            <Alert
              style={{ marginTop: 8 }}
              type="info"
              data-testid="import-new-addresses"
              title={t('collection.import.newAddresses', { count: p.newAddresses.count, rows: p.newAddresses.rows })}
              description={listText(t, p.newAddresses.sample)}
            />
          )}
          {p.problems.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 8 }}
              title={() => t('collection.import.problems')}
              rowKey={(r) => `${r.row}-${r.column}-${r.key}`}
              dataSource={p.problems}
              pagination={{ pageSize: 10 }}
              data-testid="import-problems"
              columns={[
                { key: 'row', title: t('collection.import.row'), dataIndex: 'row', width: 70 },
                { key: 'column', title: t('collection.import.column'), dataIndex: 'column', width: 140 },
                { key: 'reason', title: t('collection.import.reason'), render: (_, r) => t(`errors.${r.key}`, { ...r.params, defaultValue: r.key }) },
              ]}
            />
          )}
          {p.conflicts.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 8 }}
              title={() => t('collection.import.conflicts')}
              rowKey="row"
              dataSource={p.conflicts}
              pagination={{ pageSize: 10 }}
              columns={[
                { key: 'take', title: '', width: 40, render: (_, c) => <Checkbox checked={take.includes(c.row)} onChange={(e) => setTake((x) => (e.target.checked ? [...x, c.row] : x.filter((r) => r !== c.row)))} /> },
                { key: 'row', title: t('collection.import.row'), dataIndex: 'row', width: 70 },
                { key: 'name', title: t('collection.resident.name'), dataIndex: 'name' },
                {
                  key: 'fields',
                  title: `${t('collection.import.current')} / ${t('collection.import.incoming')}`,
                  render: (_, c) => c.fields.map((f) => <div key={f.field}>{t('app.labelled', { label: codedLabel(f.field, i18n.language) ?? t(`collection.import.fields.${f.field as Names<'collection.import.fields'>}`), value: `${f.current ?? '—'} / ${f.incoming ?? '—'}` })}</div>),
                },
              ]}
            />
          )}
          <Space style={{ marginTop: 8 }}>
            <Button
              type="primary"
              disabled={!ready || commit.isSuccess}
              loading={commit.isPending}
              data-testid="import-commit"
              onClick={() =>
                void (() => {
                  const id = crypto.randomUUID();
                  setTicket(id);
                  return commit.mutateAsync({ ...input!, takeIncoming: take, ticket: id });
                })()
                  .then((r) => message.success(t('collection.import.done', r.counts)))
                  .catch((e: unknown) => message.error(errorText(t, e)))
              }
            >
              {t('collection.import.commit', { n: p.counts.new + p.counts.updated })}
            </Button>
            {p.counts.rejected > 0 && (
              <Button icon={<DownloadOutlined />} loading={rejects.isPending} onClick={() => void rejects.mutateAsync().then(download)} data-testid="import-rejects">
                {t('collection.import.rejects')}
              </Button>
            )}
          </Space>
          {commit.isPending && (
            <Space style={{ marginTop: 8 }}>
              <Spin size="small" />
              <Typography.Text>{t('collection.import.committing')}</Typography.Text>
            </Space>
          )}
          {commit.error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={errorText(t, commit.error)} data-testid="import-commit-error" />}
          {commit.data && (
            <Alert
              style={{ marginTop: 8 }}
              type="success"
              title={t('collection.import.done', commit.data.counts)}
              description={commit.data.addressesCreated > 0 ? t('collection.import.addressesCreated', { n: commit.data.addressesCreated }) : undefined}
              data-testid="import-done"
            />
          )}
        </Card>
      )}
    </Space>
  );
};
