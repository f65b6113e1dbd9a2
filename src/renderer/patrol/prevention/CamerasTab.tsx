import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Input, Radio, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patrolCameraAdd, patrolCameraRetire, patrolCameraRound, patrolCameraRounds, patrolCamerasList, patrolCameraUpdate, type CameraView } from '../../../shared/patrol/prevention.contract.js';
import { localDateTime } from '../../../shared/time.js';
import { errorText } from '../../app/i18n.js';
import { useCan, useMe } from '../../app/me.js';
import { ModalForm } from '../../app/ModalForm.js';
import { useAction, useMethod } from '../../app/query.js';
import { CAMERA_COLOR, CancelRecord } from './common.js';
import { textOrNull } from '../../app/formValues.js';

// ───────────────────────────── video channels ─────────────────────────────

export const CamerasTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const cameras = useMethod(patrolCamerasList, {});
  const rounds = useMethod(patrolCameraRounds, { limit: 10 });
  const [editing, setEditing] = useState<CameraView | 'new' | null>(null);
  const [round, setRound] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {cameras.error && <Alert type="error" showIcon title={errorText(t, cameras.error)} />}
      <Space>
        {can(patrolCameraAdd) && (
          <Button onClick={() => setEditing('new')} data-testid="prevention-camera-add">
            {t('prevention.camera.add')}
          </Button>
        )}
        <Button type="primary" disabled={(cameras.data ?? []).length === 0} onClick={() => setRound(true)} data-testid="prevention-camera-round">
          {t('prevention.camera.round')}
        </Button>
      </Space>
      <Table<CameraView>
        size="small"
        rowKey="id"
        pagination={false}
        loading={cameras.isPending}
        dataSource={cameras.data ?? []}
        locale={{ emptyText: <Empty description={t('prevention.camera.empty')} /> }}
        onRow={(c) => ({ 'data-testid': 'prevention-camera-row', 'data-code': c.code }) as React.HTMLAttributes<HTMLTableRowElement>}
        columns={[
          { title: t('prevention.camera.code'), dataIndex: 'code' },
          { title: t('prevention.camera.place'), dataIndex: 'place' },
          { title: t('prevention.camera.facing'), dataIndex: 'facing' },
          { title: t('prevention.camera.ownerUnit'), dataIndex: 'ownerUnit' },
          {
            title: t('prevention.camera.status'),
            dataIndex: 'status',
            render: (s: CameraView['status']) => (
              <Tag color={CAMERA_COLOR[s]} data-testid="prevention-camera-status">
                {t(`prevention.camera.statuses.${s}`)}
              </Tag>
            ),
          },
          {
            title: t('prevention.camera.faultNote'),
            key: 'fault',
            render: (_, c) => (c.faultNote ? t('app.aside', { text: c.faultNote, aside: `${t('prevention.camera.faultSince')} ${c.faultSince ? localDateTime(c.faultSince, me.timeZone) : ''}` }) : ''),
          },
          { title: t('prevention.camera.lastCheckedAt'), dataIndex: 'lastCheckedAt', render: (at: string | null) => (at ? localDateTime(at, me.timeZone) : '') },
          {
            title: '',
            key: 'edit',
            render: (_, c) =>
              can(patrolCameraUpdate) && (
                <Space size={0}>
                  <Button size="small" onClick={() => setEditing(c)}>
                    {t('prevention.edit')}
                  </Button>
                  <CancelRecord
                    method={patrolCameraRetire}
                    record={c}
                    label={t('prevention.camera.retire')}
                    title={t('app.labelled', { label: t('prevention.camera.retire'), value: c.code })}
                    testId="prevention-camera-retire"
                  />
                </Space>
              ),
          },
        ]}
      />
      <Card size="small" title={t('prevention.camera.rounds')}>
        {(rounds.data ?? []).length === 0 ? (
          <Empty />
        ) : (
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="prevention-camera-rounds">
            {(rounds.data ?? []).map((r) => (
              <li key={r.id}>
                {t('prevention.camera.roundLine', { at: localDateTime(r.checkedAt, me.timeZone), by: r.checkedBy, count: r.results.length, faults: r.faults })}
                {r.results
                  .filter((x) => !x.ok)
                  .map((x) => ` · ${x.code} ${x.note ?? ''}`)
                  .join('')}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editing && <CameraForm camera={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {round && cameras.data && <RoundForm cameras={cameras.data} onDone={() => setRound(false)} />}
    </Space>
  );
};

interface CameraValues {
  code: string;
  place: string;
  facing: string;
  ownerUnit: string;
  note: string;
}

const CameraForm = ({ camera, onDone }: { camera: CameraView | null; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<CameraValues>();
  const add = useAction(patrolCameraAdd);
  const update = useAction(patrolCameraUpdate);
  return (
    <ModalForm<CameraValues>
      open
      form={form}
      title={camera ? t('prevention.camera.edit') : t('prevention.camera.add')}
      testId="prevention-camera-form"
      onCancel={onDone}
      initialValues={camera ? { ...camera, facing: camera.facing ?? '', note: camera.note ?? '' } : {}}
      onSubmit={async (v) => {
        const fields = { code: v.code ?? '', place: v.place ?? '', facing: textOrNull(v.facing), ownerUnit: v.ownerUnit ?? '', note: textOrNull(v.note) };
        if (camera) await update.mutateAsync({ id: camera.id, version: camera.version, ...fields });
        else await add.mutateAsync(fields);
        onDone();
      }}
    >
      <Form.Item name="code" label={t('prevention.camera.code')}>
        <Input autoFocus data-testid="prevention-camera-code" />
      </Form.Item>
      <Form.Item name="place" label={t('prevention.camera.place')}>
        <Input data-testid="prevention-camera-place" />
      </Form.Item>
      <Flex gap={12}>
        <Form.Item name="facing" label={t('prevention.camera.facing')} style={{ flex: 1 }}>
          <Input data-testid="prevention-camera-facing" />
        </Form.Item>
        <Form.Item name="ownerUnit" label={t('prevention.camera.ownerUnit')} style={{ flex: 2 }}>
          <Input data-testid="prevention-camera-owner" />
        </Form.Item>
      </Flex>
      <Form.Item name="note" label={t('prevention.camera.note')}>
        <Input />
      </Form.Item>
    </ModalForm>
  );
};

interface RoundValues {
  checkedAt: Dayjs | null;
  note: string;
  results: { cameraId: string; ok: boolean; note: string }[];
}

const RoundForm = ({ cameras, onDone }: { cameras: CameraView[]; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoundValues>();
  const record = useAction(patrolCameraRound);
  const results = Form.useWatch('results', form) as RoundValues['results'] | undefined;
  return (
    <ModalForm<RoundValues>
      open
      form={form}
      width={760}
      title={t('prevention.camera.roundTitle')}
      testId="prevention-round-form"
      onCancel={onDone}
      okText={t('app.save')}
      initialValues={{ checkedAt: dayjs(), results: cameras.map((c) => ({ cameraId: c.id, ok: c.status !== 'fault', note: c.faultNote ?? '' })) }}
      onSubmit={async (v) => {
        await record.mutateAsync({
          checkedAt: v.checkedAt ? v.checkedAt.format() : undefined,
          note: textOrNull(v.note),
          results: v.results.map((r) => ({ cameraId: r.cameraId, ok: r.ok, note: textOrNull(r.note) })),
        });
        onDone();
      }}
    >
      <Form.Item name="checkedAt" label={t('prevention.camera.checkedAt')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.List name="results">
        {(fields) =>
          fields.map((f, i) => {
            const c = cameras[i];
            return (
              <Flex key={f.key} gap={8} align="start" data-testid="prevention-round-line" data-code={c.code}>
                <Form.Item name={[f.name, 'cameraId']} hidden>
                  <Input />
                </Form.Item>
                <div style={{ width: 220, paddingTop: 4 }}>
                  {c.code} · {c.place}
                </div>
                <Form.Item name={[f.name, 'ok']} style={{ marginBottom: 8 }}>
                  <Radio.Group
                    data-testid="prevention-round-result"
                    options={[
                      { value: true, label: t('prevention.camera.ok') },
                      { value: false, label: t('prevention.camera.fault') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'note']} style={{ flex: 1, marginBottom: 8 }}>
                  <Input placeholder={results?.[i]?.ok === false ? t('prevention.camera.resultNote') : ''} data-testid="prevention-round-note" />
                </Form.Item>
              </Flex>
            );
          })
        }
      </Form.List>
      <Form.Item name="note" label={t('prevention.camera.roundNote')}>
        <Input />
      </Form.Item>
    </ModalForm>
  );
};
