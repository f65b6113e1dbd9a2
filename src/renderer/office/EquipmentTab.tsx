import { Alert, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EQUIPMENT_KINDS, officeEquipmentList, officeEquipmentRetire, officeEquipmentSave, type EquipmentItem, type EquipmentState } from '../../shared/office/contract.js';
import { localDateTime } from '../../shared/time.js';
import { CancelWithReason } from '../app/CancelWithReason.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { useSubmit } from './useSubmit.js';
import type { Names } from '../app/resources.js';

const EQUIPMENT_COLOR = { present: 'green', damaged: 'orange', lost: 'red' } as const;

// ───────────────────────────── equipment ─────────────────────────────

export const EquipmentTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const list = useMethod(officeEquipmentList, {});
  const save = useAction(officeEquipmentSave);
  const retire = useAction(officeEquipmentRetire);
  const [form] = Form.useForm<{ kind: EquipmentItem['kind']; name: string; code?: string; note?: string }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const head = can(officeEquipmentSave);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
      {head ? (
        <Form
          form={form}
          layout="inline"
          initialValues={{ kind: 'bicycle' }}
          data-testid="office-equipment-form"
          onFinish={(v) =>
            void submit(form, async () => {
              await save.mutateAsync({ kind: v.kind, name: v.name ?? '', code: v.code ?? null, note: v.note ?? null });
              form.resetFields();
            }).then(setError)
          }
        >
          <Form.Item name="kind" label={t('office.equipment.kind')}>
            <Select style={{ width: 130 }} options={EQUIPMENT_KINDS.map((k) => ({ value: k, label: t(`office.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('office.equipment.name')}>
            <Input data-testid="office-equipment-name" />
          </Form.Item>
          <Form.Item name="code" label={t('office.equipment.code')}>
            <Input data-testid="office-equipment-code" style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="note" label={t('office.equipment.note')}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="office-equipment-add">
            {t('office.equipment.add')}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">{t('office.equipment.headOnly')}</Typography.Text>
      )}
      <Table<EquipmentItem>
        size="small"
        rowKey="id"
        pagination={false}
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('office.equipment.none') }}
        data-testid="office-equipment"
        columns={[
          { title: t('office.equipment.kind'), dataIndex: 'kind', width: 110, render: (k: Names<'office.kinds'>) => t(`office.kinds.${k}`) },
          { title: t('office.equipment.name'), dataIndex: 'name' },
          { title: t('office.equipment.code'), dataIndex: 'code', width: 120 },
          { title: t('office.equipment.state'), dataIndex: 'state', width: 90, render: (s: EquipmentState) => <Tag color={EQUIPMENT_COLOR[s]}>{t(`office.equipmentStates.${s}`)}</Tag> },
          { title: t('office.equipment.stateNote'), key: 'stateNote', render: (_, i) => [i.stateNote, i.stateAt && localDateTime(i.stateAt, me.timeZone)].filter(Boolean).join(' · ') },
          { title: t('office.equipment.note'), dataIndex: 'note' },
          ...(head
            ? [
                {
                  title: '',
                  key: 'retire',
                  width: 80,
                  render: (_: unknown, i: EquipmentItem) => (
                    <CancelWithReason
                      label={t('office.equipment.retire')}
                      title={`${t('office.equipment.retire')} ${i.name} ${i.code ?? ''}`}
                      testId="office-equipment-retire"
                      reasonLabel={t('office.equipment.retireReason')}
                      onConfirm={(reason) => retire.mutateAsync({ id: i.id, version: i.version, reason })}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
};
