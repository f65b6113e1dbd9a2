/** A published reference list at HQ: read from its bucket, edited as JSON, published again for the stations to fetch. */
import { App as AntApp, Alert, Button, Card, Flex, Input, Space, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { PublishedBucket } from '../../shared/sync/protocol.js';
import { api, errorText } from './api.js';
import { fill, type Strings } from './strings.js';

export interface PublishedItem {
  id: string;
  version: number;
  payload: Record<string, unknown>;
  publishedAt: string;
  publishedBy: string;
}

export const at = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** A bucket's items as HQ holds them, newest publication first. */
export const useBucket = (bucket: PublishedBucket) => {
  const [items, setItems] = useState<PublishedItem[]>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => {
    api<PublishedItem[]>(`/api/reference/${bucket}`).then(setItems, setError);
  }, [bucket]);
  useEffect(reload, [reload]);
  return { items, error, reload };
};

/** What was published, without the id and version HQ adds: the same JSON an admin uploads. */
export const published = ({ id: _id, version: _version, ...rest }: Record<string, unknown>) => rest;

const downloadJson = (fileName: string, data: unknown) => {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
};

export const publish = (bucket: PublishedBucket, payload: unknown, id?: string) =>
  api<{ id: string; version: number }>(`/api/reference/${bucket}`, { method: 'POST', body: JSON.stringify({ payload, ...(id ? { id } : {}) }) });

/**
 * A bucket published as one JSON document that replaces the last (the standard task list, the
 * early-warning rules): the current version with a download, and for admins a file or pasted text
 * published as the next version of the same item.
 */
export const JsonBucketCard = ({
  s,
  admin,
  bucket,
  title,
  about,
  summary,
  shipped,
  testId,
}: {
  s: Strings;
  admin: boolean;
  bucket: PublishedBucket;
  title: string;
  about: string;
  summary: (payload: Record<string, unknown>) => string;
  shipped: unknown;
  testId: string;
}) => {
  const { message } = AntApp.useApp();
  const { items, error: loadError, reload } = useBucket(bucket);
  const current = items?.[0];
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setError(undefined);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (e) {
      setError(fill(s.badJson, { e: (e as Error).message }));
      return;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      setError(fill(s.fieldError, { field: s.wholeItem, reason: s.reasons.invalidType }));
      return;
    }
    setBusy(true);
    try {
      // the next version of the one item: a station applies each version once, the newest wins
      const r = await publish(bucket, payload, current?.id);
      void message.success(fill(s.publishedVersion, { version: r.version }));
      setText('');
      reload();
    } catch (e) {
      setError(errorText(s, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={title} data-testid={testId}>
      <Typography.Paragraph type="secondary">{about}</Typography.Paragraph>
      {loadError !== undefined && <Alert type="error" title={errorText(s, loadError)} style={{ marginBottom: 12 }} />}
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        {current ? (
          <Space orientation="vertical" size={0} data-testid={`${testId}-current`}>
            <Typography.Text strong>{fill(s.current, { version: current.version, by: current.publishedBy, at: at(current.publishedAt) })}</Typography.Text>
            <Typography.Text>{summary(current.payload)}</Typography.Text>
          </Space>
        ) : (
          items && <Typography.Text type="secondary">{s.notPublished}</Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        {current ? (
          <Button onClick={() => downloadJson(`${bucket}-v${current.version}.json`, published(current.payload))} data-testid={`${testId}-download`}>
            {s.download}
          </Button>
        ) : (
          <Button onClick={() => downloadJson(`${bucket}-shipped.json`, shipped)}>{s.downloadShipped}</Button>
        )}
      </Flex>
      {admin && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              // read here, published only when the admin says so
              void file.text().then((t) => {
                setText(t);
                setError(undefined);
              });
              return false;
            }}
          >
            <Button data-testid={`${testId}-file`}>{s.chooseFile}</Button>
          </Upload>
          <Input.TextArea
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={s.pasteHint}
            style={{ fontFamily: 'monospace' }}
            data-testid={`${testId}-json`}
          />
          {error && <Alert type="error" showIcon title={error} data-testid={`${testId}-error`} />}
          <Button type="primary" disabled={!text.trim()} loading={busy} onClick={() => void send()} data-testid={`${testId}-publish`}>
            {fill(s.publishVersion, { version: (current?.version ?? 0) + 1 })}
          </Button>
        </Space>
      )}
    </Card>
  );
};
