import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { mediationPoolCreate, mediationPoolList, mediationPoolUpdate, type Mediator } from '../../shared/mediation/contract.js';
import { staffDirectory } from '../../shared/staff/contract.js';
import { AVAILABILITIES, DISPUTE_TYPES } from '../../shared/mediation/model.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { ModalForm } from './forms.js';
import { linkLoginToPool, unlinkedMediatorLogins } from './poolLink.js';
import type { Names } from '../app/resources.js';

type PoolValues = { name?: string; specialties?: string[]; organisation?: string; phone?: string; availability?: string; note?: string; active?: boolean; staffId?: string | null };

/** The mediators the station may assign: specialty, organisation, load and record. */
export const PoolPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<{ m: Mediator | null } | null>(null);
  const pool = useMethod(mediationPoolList, { includeInactive });
  const mayEdit = can(mediationPoolCreate);
  const logins = useMethod(staffDirectory, {});
  // judged against every entry, the inactive ones too: a login linked to one is in the pool
  const everyEntry = useMethod(mediationPoolList, { includeInactive: true }, { enabled: mayEdit });
  const unlinked = mayEdit && everyEntry.data && logins.data ? unlinkedMediatorLogins(logins.data, everyEntry.data) : [];
  const loginName = (id: string | null) => (id ? (logins.data?.find((l) => l.id === id)?.name ?? '—') : t('mediation.pool.noLogin'));
  const [linking, setLinking] = useState(false);
  const addLogin = async (login: (typeof unlinked)[number]) => {
    setLinking(true);
    try {
      await linkLoginToPool(login);
      void message.success(t('mediation.pool.loginLinked', { name: login.name }));
      await Promise.all([pool.refetch(), everyEntry.refetch()]);
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      setLinking(false);
    }
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="pool-page">
      <Card size="small">
        <Flex align="center" gap={12} wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/zone/mediation')}>
            {t('mediation.case.back')}
          </Button>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('mediation.pool.title')}
          </Typography.Title>
          <div style={{ flex: 1 }} />
          <Space size={4}>
            <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} />
            <span style={{ fontSize: 12 }}>{t('mediation.pool.showInactive')}</span>
          </Space>
          {mayEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ m: null })} data-testid="pool-add">
              {t('mediation.pool.add')}
            </Button>
          )}
        </Flex>
      </Card>
      {pool.error && <Alert type="error" showIcon title={errorText(t, pool.error)} />}
      {unlinked.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="pool-unlinked"
          title={t('mediation.pool.unlinkedLogins')}
          description={
            <Space wrap>
              {unlinked.map((l) => (
                <Space key={l.id} size={4} data-testid={`pool-unlinked-${l.name}`}>
                  <Typography.Text strong>{l.name}</Typography.Text>
                  <Button size="small" loading={linking} onClick={() => void addLogin(l)} data-testid="pool-add-login">
                    {t('mediation.pool.addLogin')}
                  </Button>
                </Space>
              ))}
            </Space>
          }
        />
      )}
      <Table<Mediator>
        size="small"
        rowKey="id"
        loading={pool.isPending}
        dataSource={pool.data ?? []}
        pagination={false}
        locale={{ emptyText: t('mediation.pool.empty') }}
        onRow={(m) => ({ 'data-testid': `pool-row-${m.name}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('mediation.pool.name'), dataIndex: 'name' },
          {
            title: t('mediation.pool.specialties'),
            dataIndex: 'specialties',
            render: (l: string[]) => l.map((s) => <Tag key={s}>{t(`mediation.types.${s as Names<'mediation.types'>}`)}</Tag>),
          },
          { title: t('mediation.pool.organisation'), dataIndex: 'organisation', render: (v: string | null) => v ?? '—' },
          { title: t('mediation.pool.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          {
            title: t('mediation.pool.availability'),
            key: 'availability',
            render: (_: unknown, m: Mediator) => (
              <Space size={4}>
                <Tag color={m.availability === 'available' ? 'green' : m.availability === 'busy' ? 'orange' : 'default'}>{t(`mediation.availability.${m.availability}`)}</Tag>
                {!m.active && <Tag>{t('mediation.pool.inactive')}</Tag>}
              </Space>
            ),
          },
          { title: t('mediation.pool.load'), dataIndex: 'load', width: 70 },
          {
            title: t('mediation.pool.success'),
            key: 'success',
            width: 110,
            render: (_: unknown, m: Mediator) => (m.successRate === null ? '—' : t('app.aside', { text: `${Math.round(m.successRate * 100)}%`, aside: `${m.agreed}/${m.agreed + m.failed}` })),
          },
          { title: t('mediation.pool.login'), dataIndex: 'staffId', width: 100, render: (v: string | null) => loginName(v) },
          { title: t('mediation.pool.origin'), dataIndex: 'origin', width: 90, render: (v: Names<'mediation.pool.origins'>) => t(`mediation.pool.origins.${v}`) },
          { title: t('mediation.pool.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
          ...(mayEdit
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 70,
                  render: (_: unknown, m: Mediator) => (
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing({ m })} data-testid="pool-edit">
                      {t('mediation.pool.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <PoolModal m={editing.m} onClose={() => setEditing(null)} onReload={() => void pool.refetch()} />}
    </Space>
  );
};

const PoolModal = ({ m, onClose, onReload }: { m: Mediator | null; onClose: () => void; onReload: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<PoolValues>();
  const create = useAction(mediationPoolCreate);
  const update = useAction(mediationPoolUpdate);
  const hq = m?.origin === 'hq';
  const initialValues: PoolValues = m
    ? { name: m.name, specialties: m.specialties, organisation: m.organisation ?? undefined, phone: m.phone ?? undefined, availability: m.availability, note: m.note ?? undefined, active: m.active, staffId: m.staffId }
    : { specialties: [], availability: 'available', active: true, staffId: null };
  const logins = useMethod(staffDirectory, {});
  const submit = async (v: PoolValues) => {
    const fields = {
      name: v.name ?? '',
      specialties: v.specialties ?? [],
      organisation: v.organisation || null,
      phone: v.phone || null,
      availability: v.availability ?? 'available',
      note: v.note || null,
      staffId: v.staffId ?? null,
    };
    if (m) await update.mutateAsync({ id: m.id, version: m.version, ...fields, active: v.active ?? true } as never);
    else await create.mutateAsync(fields as never);
    onClose();
  };
  return (
    <ModalForm<PoolValues> open title={m ? t('mediation.pool.editTitle') : t('mediation.pool.add')} form={form} onCancel={onClose} onSubmit={submit} testId="pool-form" onReload={onReload} initialValues={initialValues}>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="name" label={t('mediation.pool.name')}>
            <Input autoFocus={!hq} disabled={hq} maxLength={50} data-testid="pool-name" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="phone" label={t('mediation.pool.phone')}>
            <Input disabled={hq} maxLength={20} data-testid="pool-phone" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="specialties" label={t('mediation.pool.specialties')}>
        <Select mode="multiple" disabled={hq} options={DISPUTE_TYPES.map((d) => ({ value: d, label: t(`mediation.types.${d}`) }))} data-testid="pool-specialties" />
      </Form.Item>
      <Form.Item name="organisation" label={t('mediation.pool.organisation')}>
        <Input disabled={hq} maxLength={60} data-testid="pool-organisation" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="availability" label={t('mediation.pool.availability')}>
            <Select autoFocus={hq} options={AVAILABILITIES.map((a) => ({ value: a, label: t(`mediation.availability.${a}`) }))} data-testid="pool-availability" />
          </Form.Item>
        </Col>
        {m && (
          <Col span={12}>
            <Form.Item name="active" label={t('mediation.pool.active')} valuePropName="checked">
              <Switch disabled={hq} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="staffId" label={t('mediation.pool.login')} extra={t('mediation.pool.loginHint')}>
        <Select
          allowClear
          disabled={hq}
          showSearch={{ optionFilterProp: 'label' }}
          options={(logins.data ?? []).map((l) => ({ value: l.id, label: t('app.aside', { text: l.name, aside: t(`roles.${l.role}`) }) }))}
          data-testid="pool-login"
        />
      </Form.Item>
      <Form.Item name="note" label={t('mediation.pool.note')}>
        <Input maxLength={200} data-testid="pool-note" />
      </Form.Item>
    </ModalForm>
  );
};
