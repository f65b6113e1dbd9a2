import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patrolBoard, patrolRouteSave, type RouteView } from '../../shared/patrol/contract.js';
import { useCan } from '../app/me.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';

// ───────────────────────────── routes ─────────────────────────────

export const RoutesTab = () => {
  const { t } = useTranslation();
  const can = useCan();
  const board = useMethod(patrolBoard, {});
  const save = useAction(patrolRouteSave);
  const [editing, setEditing] = useState<RouteView | 'new' | null>(null);
  const [form] = Form.useForm<{ name: string; note?: string; checkpoints: string }>();
  const current = editing && editing !== 'new' ? editing : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {can(patrolRouteSave) && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="patrol-route-add">
          {t('patrol.route.add')}
        </Button>
      )}
      <Table<RouteView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={board.data?.routes ?? []}
        columns={[
          { title: t('patrol.route.name'), dataIndex: 'name', width: 200 },
          { title: t('patrol.patrol.checkpoints'), key: 'cp', render: (_, r) => r.checkpoints.map((c) => c.place).join(' → ') },
          { title: t('patrol.route.note'), dataIndex: 'note', width: 200 },
          {
            title: '',
            key: 'edit',
            width: 80,
            render: (_, r) => can(patrolRouteSave) && <Button size="small" onClick={() => setEditing(r)}>{t('patrol.route.edit')}</Button>,
          },
        ]}
      />
      <ModalForm
        open={editing !== null}
        title={current ? current.name : t('patrol.route.add')}
        form={form}
        testId="patrol-route-form"
        initialValues={current ? { name: current.name, note: current.note ?? '', checkpoints: current.checkpoints.map((c) => c.place).join('\n') } : { checkpoints: '' }}
        onCancel={() => setEditing(null)}
        onSubmit={async (v) => {
          const places = (v.checkpoints ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
          // a line that still reads as before keeps its checkpoint (and its address)
          const checkpoints = places.map((place, i) => {
            const old = current?.checkpoints.find((c, j) => c.place === place && j === i) ?? current?.checkpoints.find((c) => c.place === place);
            return old ? { key: old.key, addressId: old.addressId, place } : { place };
          });
          await save.mutateAsync({ ...(current ? { id: current.id, version: current.version } : {}), name: v.name ?? '', note: v.note ?? null, checkpoints });
          setEditing(null);
        }}
      >
        <Form.Item name="name" label={t('patrol.route.name')}>
          <Input autoFocus data-testid="patrol-route-name" />
        </Form.Item>
        <Form.Item name="checkpoints" label={t('patrol.route.checkpoints')}>
          <Input.TextArea rows={5} data-testid="patrol-route-checkpoints" />
        </Form.Item>
        <Form.Item name="note" label={t('patrol.route.note')}>
          <Input />
        </Form.Item>
      </ModalForm>
    </Space>
  );
};
