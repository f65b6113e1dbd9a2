import { SearchOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Input, List, Result, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { collectionSearch, collectionTree } from '../../shared/collection/contract.js';
import { can } from '../../shared/permissions.js';
import type { Role } from '../../shared/roles.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { AddressTree, NodePanel } from './AddressPanel.js';
import { ResidentDrawer } from './ResidentDrawer.js';
import { AppointmentsTab, CompletenessTab, UnitsTab } from './ListTabs.js';
import { ImportTab } from './ImportTab.js';

/** Search as you type: people, addresses, housing and units in one box. */
const SearchBox = ({ onAddress, onPerson }: { onAddress: (id: string) => void; onPerson: (id: string) => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(q.trim()), 150);
    return () => window.clearTimeout(timer);
  }, [q]);
  const hits = useMethod(collectionSearch, { q: debounced, limit: 20 }, { enabled: debounced !== '' });
  return (
    <Card size="small">
      <Input allowClear autoFocus prefix={<SearchOutlined />} value={q} onChange={(e) => setQ(e.target.value)} placeholder={t(can(me.role as Role, 'person.unmask') ? 'collection.search.placeholder' : 'collection.search.placeholderMasked')} data-testid="collection-search" maxLength={40} />
      {debounced !== '' && (
        <List
          size="small"
          data-testid="search-results"
          loading={hits.isFetching}
          locale={{ emptyText: hits.error ? errorText(t, hits.error) : t('collection.search.none') }}
          dataSource={hits.data ?? []}
          renderItem={(h) => (
            <List.Item
              style={{ cursor: 'pointer' }}
              data-testid={`search-hit-${h.type}`}
              onClick={() => (h.type === 'person' ? onPerson(h.id) : h.addressId && onAddress(h.addressId))}
            >
              <Space>
                <Tag>{t(`collection.search.types.${h.type}`)}</Tag>
                <span>{h.title}</span>
                <Typography.Text type="secondary" className="masked">
                  {h.subtitle}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
};

/** The collection zone: addresses with their people, housing and charts; search; quality; visits; imports; units. */
export const CollectionPage = () => {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'tree';
  const selected = params.get('node');
  const [person, setPerson] = useState<string | null>(null);
  const select = (id: string) => setParams({ tab: 'tree', node: id });
  if (!can(collectionTree)) return <Result status="403" title={t('errors.role')} />;
  return (
    <>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(selected ? { tab: key, node: selected } : { tab: key })}
        items={[
          {
            key: 'tree',
            label: t('collection.tabs.tree'),
            children: (
              <Row gutter={12}>
                <Col span={6}>
                  <AddressTree selected={selected} onSelect={select} />
                </Col>
                <Col span={18}>{selected ? <NodePanel key={selected} id={selected} onSelect={select} /> : <Empty description={t('collection.tree.select')} />}</Col>
              </Row>
            ),
          },
          { key: 'search', label: t('collection.tabs.search'), children: <SearchBox onAddress={select} onPerson={setPerson} /> },
          { key: 'completeness', label: t('collection.tabs.completeness'), children: <CompletenessTab onAddress={select} onPerson={setPerson} /> },
          { key: 'appointments', label: t('collection.tabs.appointments'), children: <AppointmentsTab onAddress={select} /> },
          { key: 'import', label: t('collection.tabs.import'), children: <ImportTab /> },
          { key: 'units', label: t('collection.tabs.units'), children: <UnitsTab /> },
        ]}
      />
      <ResidentDrawer id={person} onClose={() => setPerson(null)} />
    </>
  );
};
