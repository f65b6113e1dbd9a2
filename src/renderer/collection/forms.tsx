import { App, Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonModal } from '../app/CancelWithReason.js';
import { collectionAddNode, collectionBatchRooms, collectionCancelNode, collectionDivisions, collectionUpdateNode, type AddressDetail } from '../../shared/collection/contract.js';
import { CHILD_KINDS, type NodeKind } from '../../shared/collection/model.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction, useMethod } from '../app/query.js';
import { textOrNull } from '../app/formValues.js';


// ───────────── address nodes ─────────────

export const NodeForm = ({
  mode,
  node,
  onClose,
  onSaved,
}: {
  /** add: a child of `node` (or a root when node is null); edit: `node` itself */
  mode: 'add' | 'edit';
  node: AddressDetail | null;
  onClose: () => void;
  onSaved: (id: string) => void;
}) => {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useAction(collectionAddNode);
  const update = useAction(collectionUpdateNode);
  const kinds: readonly NodeKind[] = mode === 'edit' ? [node!.kind] : CHILD_KINDS[node?.kind ?? 'root'];
  const kind: NodeKind = Form.useWatch('kind', form) ?? kinds[0];
  const [q, setQ] = useState('');
  const divisions = useMethod(collectionDivisions, { q: q || '22' }, { enabled: kind === 'division' && mode === 'add' });
  return (
    <ModalForm
      open
      form={form}
      testId="node-form"
      title={mode === 'add' ? (node ? t('app.labelled', { label: t('collection.tree.add'), value: node.fullText }) : t('collection.tree.addRoot')) : t('app.labelled', { label: t('collection.tree.rename'), value: node!.fullText })}
      onCancel={onClose}
      initialValues={mode === 'edit' ? { kind: node!.kind, name: node!.name, code: node!.code, grid: node!.grid, policeArea: node!.policeArea } : { kind: kinds[0] }}
      onSubmit={async (v: Record<string, unknown>) => {
        const fields = { name: v.name ?? '', code: textOrNull(v.code), grid: textOrNull(v.grid), policeArea: textOrNull(v.policeArea) } as { name: string; code: string | null; grid: string | null; policeArea: string | null };
        if (mode === 'add') {
          const created = await add.mutateAsync({ parentId: node?.id ?? null, kind: v.kind as NodeKind, ...fields, floorNo: (v.floorNo as number | undefined) ?? null });
          onSaved(created.id);
        } else {
          await update.mutateAsync({ id: node!.id, version: node!.version, ...fields });
          onSaved(node!.id);
        }
      }}
    >
      <Form.Item name="kind" label={t('collection.tree.kind')}>
        <Select disabled={mode === 'edit'} data-testid="node-kind" options={kinds.map((k) => ({ value: k, label: t(`collection.kinds.${k}`) }))} />
      </Form.Item>
      {kind === 'division' && mode === 'add' && (
        <Form.Item label={t('collection.tree.chooseDivision')}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            data-testid="node-division"
            options={(divisions.data ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.fullName}` }))}
            onChange={(code: string) => {
              const d = divisions.data?.find((x) => x.code === code);
              if (d) form.setFieldsValue({ code: d.code, name: d.name });
            }}
          />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item name="name" label={t('collection.tree.name')}>
            <Input autoFocus maxLength={60} data-testid="node-name" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="code" label={t('collection.tree.code')}>
            <Input maxLength={20} data-testid="node-code" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="grid" label={t('collection.tree.grid')}>
            <Input maxLength={40} data-testid="node-grid" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="policeArea" label={t('collection.tree.policeArea')}>
            <Input maxLength={40} data-testid="node-policeArea" />
          </Form.Item>
        </Col>
        {kind === 'floor' && mode === 'add' && (
          <Col span={12}>
            <Form.Item name="floorNo" label={t('collection.tree.floorNo')}>
              <InputNumber min={-5} max={200} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </ModalForm>
  );
};

export const BatchForm = ({ building, onClose }: { building: AddressDetail; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const batch = useAction(collectionBatchRooms);
  const v = Form.useWatch([], form) as { units?: number; floors?: number; roomsPerFloor?: number } | undefined;
  const units = v?.units ?? 0;
  const total = Math.max(1, units) * (v?.floors ?? 0) * (v?.roomsPerFloor ?? 0);
  return (
    <ModalForm
      open
      form={form}
      testId="batch-form"
      title={t('collection.batch.title', { name: building.fullText })}
      okText={t('collection.batch.submit')}
      onCancel={onClose}
      initialValues={{ units: 2, floors: 18, roomsPerFloor: 4, firstFloor: 1 }}
      onSubmit={async (values: { units: number; floors: number; roomsPerFloor: number; firstFloor: number }) => {
        const r = await batch.mutateAsync({ buildingId: building.id, ...values });
        message.success(t('collection.batch.done', { rooms: r.rooms, existing: r.existing }));
        onClose();
      }}
    >
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item name="units" label={t('collection.batch.units')}>
            <InputNumber min={0} max={20} autoFocus data-testid="batch-units" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="floors" label={t('collection.batch.floors')}>
            <InputNumber min={1} max={120} data-testid="batch-floors" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="roomsPerFloor" label={t('collection.batch.rooms')}>
            <InputNumber min={1} max={40} data-testid="batch-rooms" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="firstFloor" label={t('collection.batch.firstFloor')}>
            <InputNumber min={-5} max={10} />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" data-testid="batch-preview">
        {t('collection.batch.preview', { units: Math.max(1, units), floors: v?.floors ?? 0, rooms: v?.roomsPerFloor ?? 0, total })}
      </Typography.Text>
    </ModalForm>
  );
};

export const CancelNodeForm = ({ node, onClose }: { node: AddressDetail; onClose: () => void }) => {
  const { t } = useTranslation();
  const cancel = useAction(collectionCancelNode);
  return (
    <ReasonModal
      testId="cancel-node"
      title={t('app.labelled', { label: t('collection.tree.cancel'), value: node.fullText })}
      okText={t('collection.tree.cancel')}
      reasonLabel={t('collection.tree.reason')}
      maxLength={100}
      onClose={onClose}
      onConfirm={(reason) => cancel.mutateAsync({ id: node.id, version: node.version, reason })}
    />
  );
};
