import { CaretDownOutlined, CaretRightOutlined, DownloadOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { collectionChart, collectionExport, collectionHouse, collectionNode, collectionResidents, collectionTree, type AddressDetail, type AddressNode, type ResidentListItem } from '../../shared/collection/contract.js';
import { CHILD_KINDS, ROOM_STATES } from '../../shared/collection/model.js';
import { call } from '../app/api.js';
import { errorText } from '../app/i18n.js';
import { useMethod } from '../app/query.js';
import { Masked, STATE_COLOR, StateTag, chartPrintPath, download, noticePrintPath } from './common.js';
import { AppointmentForm } from './AppointmentForm.js';
import { BatchForm, CancelNodeForm, NodeForm } from './forms.js';
import { HouseForm } from './HousingForms.js';
import { ResidentForm } from './ResidentForm.js';
import { ResidentDrawer } from './ResidentDrawer.js';
import { listText } from '../app/messages.js';

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
      title={t('app.labelled', { label: t('collection.chart.title'), value: c.building.fullText })}
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
                        title={listText(t, r.names)}
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
              { key: 'tenants', label: t('collection.room.tenants'), children: listText(t, h.tenants.map((x) => x.name)) || '—', span: 2 },
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
            {t('app.labelled', { label: t(`collection.kinds.${n.kind}`), value: n.fullText })}
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
