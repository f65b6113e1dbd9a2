import { CaretDownOutlined, CaretRightOutlined, DownloadOutlined, EyeOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Modal, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  collectionChart,
  collectionExport,
  collectionHouse,
  collectionNode,
  collectionResidentGet,
  collectionResidents,
  collectionReveal,
  collectionTree,
  type AddressDetail,
  type AddressNode,
  type ResidentListItem,
} from '../../shared/collection/contract.js';
import { CHILD_KINDS, ROOM_STATES } from '../../shared/collection/model.js';
import { localDateTime } from '../../shared/time.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { Masked, STATE_COLOR, StateTag, chartPrintPath, download, noticePrintPath } from './common.js';
import { AppointmentForm, BatchForm, CancelNodeForm, HouseForm, MoveOutForm, NodeForm, ResidentForm } from './forms.js';

/** One level of the address tree, loaded when it is opened. */
const TreeLevel = ({ parentId, selected, onSelect, depth }: { parentId: string | null; selected: string | null; onSelect: (id: string) => void; depth: number }) => {
  const { t } = useTranslation();
  const level = useMethod(collectionTree, { parentId });
  const [open, setOpen] = useState<Record<string, boolean>>({});
  if (level.isPending) return <Spin size="small" />;
  if (level.error) return <Typography.Text type="danger">{errorText(t, level.error)}</Typography.Text>;
  if (depth === 0 && level.data.length === 0) return <Empty description={t('collection.tree.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  // floors and rooms are shown on the building chart, not as hundreds of tree lines
  const nodes = level.data.filter((n) => n.kind !== 'room' && n.kind !== 'floor');
  return (
    <div>
      {nodes.map((n: AddressNode) => {
        const expandable = n.childCount > 0 && n.kind !== 'building';
        return (
          <div key={n.id}>
            <div
              style={{ paddingLeft: depth * 14, display: 'flex', alignItems: 'center', gap: 4, cursor: 'pointer', background: selected === n.id ? '#e6f4ff' : undefined }}
              data-testid={`tree-node-${n.name}`}
              onClick={() => onSelect(n.id)}
            >
              <span
                style={{ width: 14, display: 'inline-block' }}
                onClick={(e) => {
                  e.stopPropagation();
                  setOpen((o) => ({ ...o, [n.id]: !o[n.id] }));
                }}
              >
                {expandable && (open[n.id] ? <CaretDownOutlined /> : <CaretRightOutlined />)}
              </span>
              <span>{n.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`collection.kinds.${n.kind}`)}
                {n.residentCount > 0 ? ` · ${t('collection.tree.residents', { n: n.residentCount })}` : ''}
              </Typography.Text>
            </div>
            {expandable && open[n.id] && <TreeLevel parentId={n.id} selected={selected} onSelect={onSelect} depth={depth + 1} />}
          </div>
        );
      })}
    </div>
  );
};

export const AddressTree = ({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) => {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <Card size="small" title={t('collection.tabs.tree')} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="tree-add-root">{t('collection.tree.addRoot')}</Button>}>
      <div data-testid="address-tree" style={{ maxHeight: '70vh', overflow: 'auto' }}>
        <TreeLevel parentId={null} selected={selected} onSelect={onSelect} depth={0} />
      </div>
      {adding && <NodeForm mode="add" node={null} onClose={() => setAdding(false)} onSaved={(id) => (setAdding(false), onSelect(id))} />}
    </Card>
  );
};

/** The building drawn as units × floors × rooms, each room in the colour of its state. */
export const BuildingChart = ({ buildingId, onRoom }: { buildingId: string; onRoom: (id: string) => void }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const chart = useMethod(collectionChart, { buildingId });
  if (chart.isPending) return <Spin />;
  if (chart.error) return <Alert type="error" title={errorText(t, chart.error)} />;
  const c = chart.data;
  return (
    <Card
      size="small"
      title={`${t('collection.chart.title')}：${c.building.fullText}`}
      data-testid="building-chart"
      extra={
        <Button icon={<PrinterOutlined />} onClick={() => navigate(chartPrintPath(buildingId))} data-testid="chart-print">
          {t('collection.chart.print')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 8 }} data-testid="chart-legend">
        {ROOM_STATES.map((s) => (
          <span key={s}>
            <StateTag state={s} /> {c.counts[s]}
          </span>
        ))}
        <Typography.Text type="secondary">{t('collection.chart.rooms', { n: c.rooms })}</Typography.Text>
      </Space>
      <div style={{ display: 'flex', gap: 16, overflowX: 'auto' }}>
        {c.units.map((u) => (
          <div key={u.id ?? 'none'}>
            <Typography.Text strong>{u.name ?? t('collection.chart.noUnit')}</Typography.Text>
            <table style={{ borderCollapse: 'separate', borderSpacing: 3 }}>
              <tbody>
                {u.floors.map((f) => (
                  <tr key={f.id}>
                    <td style={{ fontSize: 12, color: '#888', paddingRight: 4 }}>{f.name}</td>
                    {f.rooms.map((r) => (
                      <td
                        key={r.id}
                        onClick={() => onRoom(r.id)}
                        data-testid={`chart-room-${u.name ?? ''}-${r.name}`}
                        data-state={r.state}
                        title={r.names.join('、')}
                        style={{
                          cursor: 'pointer',
                          minWidth: 56,
                          padding: '2px 4px',
                          fontSize: 12,
                          background: STATE_COLOR[r.state].background,
                          border: `1px solid ${STATE_COLOR[r.state].border}`,
                          borderRadius: 3,
                        }}
                      >
                        <div>
                          {r.name}
                          {r.appointments > 0 ? ' ⏰' : ''}
                        </div>
                        <div style={{ color: '#555' }}>{r.residents > 0 ? t('collection.chart.persons', { n: r.residents }) : ' '}</div>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
    </Card>
  );
};

/** Shows a person's numbers in full after a reason; the core audits it. */
const RevealButton = ({ id }: { id: string }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reveal = useMutation({ mutationFn: () => call(collectionReveal, { id, reason }) });
  return (
    <>
      <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="resident-reveal">
        {t('collection.resident.reveal')}
      </Button>
      <Modal open={open} title={t('collection.resident.reveal')} onCancel={() => (setOpen(false), reveal.reset())} onOk={() => (reveal.data ? setOpen(false) : reveal.mutate())} destroyOnHidden>
        {reveal.data ? (
          <div data-testid="revealed">
            <Alert type="warning" showIcon title={t('collection.resident.revealShown')} style={{ marginBottom: 8 }} />
            <div className="masked">{reveal.data.idNumber}</div>
            <div className="masked">{reveal.data.phone}</div>
          </div>
        ) : (
          <Form layout="vertical">
            <Form.Item label={t('collection.resident.revealReason')} validateStatus={reveal.error ? 'error' : undefined} help={reveal.error ? errorText(t, reveal.error) : undefined}>
              <Input autoFocus value={reason} maxLength={100} onChange={(e) => setReason(e.target.value)} data-testid="reveal-reason" />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
};

export const ResidentDrawer = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const r = useMethod(collectionResidentGet, { id: id ?? '' }, { enabled: Boolean(id) });
  const [editing, setEditing] = useState(false);
  const [movingOut, setMovingOut] = useState(false);
  const p = r.data;
  return (
    <Drawer open={Boolean(id)} onClose={onClose} size={560} title={p?.name} data-testid="resident-drawer">
      {r.error && <Alert type="error" title={errorText(t, r.error)} />}
      {p && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            {!p.movedOutOn && <Button onClick={() => setEditing(true)} data-testid="resident-edit">{t('app.edit')}</Button>}
            {!p.movedOutOn && <Button danger onClick={() => setMovingOut(true)} data-testid="resident-move-out">{t('collection.resident.moveOut')}</Button>}
            {can(collectionReveal) && <RevealButton id={p.id} />}
          </Space>
          {p.movedOutOn && <Alert type="info" title={t('collection.resident.movedOut', { date: p.movedOutOn })} description={p.moveOutReason} />}
          {p.careReason && <Alert type="warning" showIcon title={t('collection.resident.underCare')} description={p.careReason} data-testid="resident-under-care" />}
          <Descriptions
            size="small"
            bordered
            column={2}
            data-testid="resident-detail"
            items={[
              { key: 'id', label: t('collection.resident.idNumber'), children: <Masked value={p.idNumberMasked} testId="resident-id-masked" />, span: 2 },
              { key: 'sex', label: t('collection.resident.sex'), children: p.sex ? t(`collection.resident.${p.sex}`) : '—' },
              { key: 'age', label: t('collection.resident.age'), children: p.age ?? '—' },
              { key: 'eth', label: t('collection.resident.ethnicity'), children: p.ethnicity ?? '—' },
              { key: 'cat', label: t('collection.resident.category'), children: t(`collection.categories.${p.category}`) },
              { key: 'phone', label: t('collection.resident.phone'), children: <Masked value={p.phoneMasked} /> },
              { key: 'ver', label: t('collection.resident.verification'), children: t(`collection.verifications.${p.verification}`) },
              { key: 'addr', label: t('collection.resident.address'), children: p.addressText ?? '—', span: 2 },
              { key: 'hukou', label: t('collection.resident.hukouPlace'), children: p.hukouPlace ?? '—', span: 2 },
              { key: 'head', label: t('collection.resident.householdHead'), children: p.householdHeadName ?? '—' },
              { key: 'rel', label: t('collection.resident.relationToHead'), children: p.relationToHead ? t(`collection.relations.${p.relationToHead}`) : '—' },
              { key: 'src', label: t('collection.resident.source'), children: t(`collection.sources.${p.source}`) },
              { key: 'by', label: t('collection.resident.collectedBy'), children: p.collectedBy?.name ?? '—' },
            ]}
          />
          {p.household.length > 0 && (
            <Card size="small" title={t('collection.resident.household')}>
              {p.household.map((h) => (
                <Tag key={h.id}>
                  {h.name}
                  {h.relationToHead ? `（${t(`collection.relations.${h.relationToHead}`)}）` : ''}
                </Tag>
              ))}
            </Card>
          )}
          <Card size="small" title={t('collection.resident.history')} data-testid="resident-history">
            <Timeline
              items={p.history.map((h, i) => ({
                key: i,
                content: (
                  <div>
                    <div>
                      {localDateTime(h.at, me.timeZone)} · {t(`collection.resident.kinds.${h.kind}`)} · {h.by?.name ?? ''}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {Object.entries(h.changes)
                        .map(([f, [a, b]]) => `${f}: ${a ?? '—'} → ${b ?? '—'}`)
                        .join('；')}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          </Card>
        </Space>
      )}
      {editing && p && <ResidentForm addressId={p.addressId} resident={p} onClose={() => setEditing(false)} />}
      {movingOut && p && <MoveOutForm resident={p} onClose={() => setMovingOut(false)} />}
    </Drawer>
  );
};

/** A room: who lives there, the housing record, a visit to book. */
const RoomPanel = ({ node }: { node: AddressDetail }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const people = useMethod(collectionResidents, { addressId: node.id });
  const house = useMethod(collectionHouse, { addressId: node.id });
  const [adding, setAdding] = useState(false);
  const [editingHouse, setEditingHouse] = useState(false);
  const [booking, setBooking] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const h = house.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('collection.room.residents')}
        extra={
          <Space>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="room-add-resident">
              {t('collection.room.addResident')}
            </Button>
            <Button onClick={() => setBooking(true)} data-testid="room-book">
              {t('collection.room.book')}
            </Button>
          </Space>
        }
      >
        <Table<ResidentListItem>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={people.data ?? []}
          loading={people.isPending}
          data-testid="room-residents"
          columns={[
            { key: 'name', title: t('collection.resident.name'), render: (_, r) => <Typography.Link onClick={() => setOpen(r.id)} data-testid="room-resident-name">{r.name}</Typography.Link> },
            { key: 'id', title: t('collection.resident.idNumber'), render: (_, r) => <Masked value={r.idNumberMasked} /> },
            { key: 'phone', title: t('collection.resident.phone'), render: (_, r) => <Masked value={r.phoneMasked} /> },
            { key: 'sex', title: t('collection.resident.sex'), render: (_, r) => (r.sex ? t(`collection.resident.${r.sex}`) : '') },
            { key: 'age', title: t('collection.resident.age'), dataIndex: 'age' },
            { key: 'cat', title: t('collection.resident.category'), render: (_, r) => t(`collection.categories.${r.category}`) },
            { key: 'ver', title: t('collection.resident.verification'), render: (_, r) => t(`collection.verifications.${r.verification}`) },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('collection.room.house')}
        extra={
          <Button onClick={() => setEditingHouse(true)} data-testid="room-edit-house">
            {t('collection.room.editHouse')}
          </Button>
        }
      >
        {h ? (
          <Descriptions
            size="small"
            column={2}
            data-testid="room-house"
            items={[
              { key: 'use', label: t('collection.house.use'), children: t(`collection.uses.${h.use}`) },
              { key: 'owner', label: t('collection.house.ownerName'), children: h.ownerName ?? '—' },
              { key: 'rented', label: t('collection.house.rented'), children: h.rented ? `${t('app.yes')} ${h.landlordName ?? ''} ${h.rentFrom ?? ''}–${h.rentTo ?? ''}` : t('app.no') },
              { key: 'vacant', label: t('collection.house.vacant'), children: h.vacant ? t('app.yes') : t('app.no') },
              { key: 'tenants', label: t('collection.room.tenants'), children: h.tenants.map((x) => x.name).join('、') || '—', span: 2 },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('collection.room.noHouse')}</Typography.Text>
        )}
      </Card>
      {adding && <ResidentForm addressId={node.id} onClose={() => setAdding(false)} />}
      {editingHouse && <HouseForm addressId={node.id} house={h ?? null} onClose={() => setEditingHouse(false)} />}
      {booking && <AppointmentForm addressId={node.id} onClose={() => setBooking(false)} onSaved={(id) => navigate(noticePrintPath(id))} />}
      <ResidentDrawer id={open} onClose={() => setOpen(null)} />
    </Space>
  );
};

/** The selected address: its details and actions; a building shows its chart, a room its people and housing. */
export const NodePanel = ({ id, onSelect }: { id: string; onSelect: (id: string) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const node = useMethod(collectionNode, { id });
  const [dialog, setDialog] = useState<'add' | 'edit' | 'batch' | 'cancel' | null>(null);
  if (node.isPending) return <Spin />;
  if (node.error) return <Alert type="error" title={errorText(t, node.error)} />;
  const n = node.data;
  const canAdd = CHILD_KINDS[n.kind].length > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <span data-testid="node-title">
            {t(`collection.kinds.${n.kind}`)}：{n.fullText}
          </span>
        }
        extra={
          <Space wrap>
            {n.ancestors.map((a) => (
              <Typography.Link key={a.id} onClick={() => onSelect(a.id)}>
                {a.name}
              </Typography.Link>
            ))}
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'code', label: t('collection.tree.code'), children: n.code ?? '—' },
            { key: 'grid', label: t('collection.tree.grid'), children: n.effectiveGrid ? `${n.effectiveGrid}${n.grid ? '' : t('collection.tree.inherited')}` : '—' },
            { key: 'area', label: t('collection.tree.policeArea'), children: n.effectivePoliceArea ? `${n.effectivePoliceArea}${n.policeArea ? '' : t('collection.tree.inherited')}` : '—' },
          ]}
        />
        <Space wrap>
          {canAdd && (
            <Button icon={<PlusOutlined />} onClick={() => setDialog('add')} data-testid="node-add">
              {t('collection.tree.add')}
            </Button>
          )}
          <Button onClick={() => setDialog('edit')} data-testid="node-edit">
            {t('collection.tree.rename')}
          </Button>
          {n.kind === 'building' && (
            <Button type="primary" onClick={() => setDialog('batch')} data-testid="node-batch">
              {t('collection.tree.batch')}
            </Button>
          )}
          <Button danger onClick={() => setDialog('cancel')} data-testid="node-cancel">
            {t('collection.tree.cancel')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => void call(collectionExport, { list: 'residents', addressId: n.id }).then(download)} data-testid="node-export">
            {t('collection.room.exportPeople')}
          </Button>
          {n.kind === 'building' && (
            <Button icon={<DownloadOutlined />} onClick={() => void call(collectionExport, { list: 'rooms', addressId: n.id }).then(download)}>
              {t('collection.room.exportRooms')}
            </Button>
          )}
          {n.kind === 'room' && n.buildingId && (
            <Button onClick={() => onSelect(n.buildingId!)} data-testid="node-open-chart">
              {t('collection.room.openChart')}
            </Button>
          )}
        </Space>
      </Card>
      {n.kind === 'building' && <BuildingChart buildingId={n.id} onRoom={onSelect} />}
      {n.kind === 'room' && <RoomPanel node={n} />}
      {dialog === 'add' && <NodeForm mode="add" node={n} onClose={() => setDialog(null)} onSaved={(newId) => (setDialog(null), onSelect(newId))} />}
      {dialog === 'edit' && <NodeForm mode="edit" node={n} onClose={() => setDialog(null)} onSaved={() => (setDialog(null), message.success(t('app.saved')))} />}
      {dialog === 'batch' && <BatchForm building={n} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelNodeForm node={n} onClose={() => setDialog(null)} />}
    </Space>
  );
};
