import { BarChartOutlined, CommentOutlined, PlusOutlined, SettingOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Empty, Flex, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { intakeBoard, type WalkIn } from '../../shared/intake/contract.js';
import { mayOpenCaseFrom, mediationOpenCase, mediationPoolList, mediationQueue, mediationStats, type QueueCase } from '../../shared/mediation/contract.js';
import { DISPUTE_TYPES, OPEN_STATUSES } from '../../shared/mediation/model.js';
import { RISK_LEVELS } from '../../shared/mediation/risk.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { WalkInActions } from '../intake/Board.js';
import { ReferModal } from '../intake/ReferModal.js';
import { StatusTag, useNow } from '../intake/common.js';
import { casePath, CaseStatusTag, Countdown, POOL_PATH, RiskTag } from './common.js';
import { NewCaseModal } from './forms.js';
import { SETTINGS_PATH } from './SettingsPage.js';
import { STATS_PATH } from './StatsPage.js';
import type { Names } from '../app/resources.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';
import { listText } from '../app/messages.js';

type Filter = {
  status?: (typeof OPEN_STATUSES)[number];
  type?: (typeof DISPUTE_TYPES)[number];
  minRisk?: (typeof RISK_LEVELS)[number];
  /** the cases other stations have taken from this one, instead of the open ones */
  transferredAway?: boolean;
};

/** A case leaving for another station, or gone to it: where to, and its number there. */
export const TransferTag = ({ transfer }: { transfer: QueueCase['transfer'] }) => {
  const { t } = useTranslation();
  if (!transfer) return null;
  const station = transfer.toStationName ? t('mediation.case.transfer.station', { name: transfer.toStationName, code: transfer.toStationCode }) : transfer.toStationCode;
  return transfer.status === 'requested' ? (
    <Tooltip title={t('mediation.queue.transferPendingHint')}>
      <Tag color="purple" data-testid="transfer-pending">
        {t('mediation.queue.transferPending', { station: transfer.toStationCode })}
      </Tag>
    </Tooltip>
  ) : (
    <Tag data-testid="transferred-to">
      {t('mediation.queue.transferredTo', { station })}
      {transfer.newCaseNo && ` · ${t('mediation.queue.newCaseNo', { caseNo: transfer.newCaseNo })}`}
    </Tag>
  );
};

/** The clock of the core, moved on by the time since it answered. */
export const useCoreNow = (coreNow: string | undefined, fetchedAt: number): number => {
  const now = useNow(15_000);
  return coreNow ? Date.parse(coreNow) + (now - fetchedAt) : now;
};

/** The mediation zone: today's walk-ins routed here (one action opens a case) and the queue of open cases. */
export const MediationZonePage = () => {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { me } = useMe();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>({});
  const [creating, setCreating] = useState<{ walkIn: WalkIn | null } | null>(null);
  const [referring, setReferring] = useState<WalkIn | null>(null);
  const queue = useMethod(mediationQueue, { ...filter, limit: 200 }, { refetchInterval: 15_000 });
  const board = useMethod(intakeBoard, { route: 'mediation' }, { refetchInterval: 5_000 });
  const now = useCoreNow(queue.data?.now, queue.dataUpdatedAt);
  const walkIns = (board.data?.walkIns ?? []).filter((w) => w.status !== 'referred' && w.status !== 'left');
  const mayOpen = can(mediationOpenCase);

  const columns = [
    {
      title: t('mediation.queue.caseNo'),
      dataIndex: 'caseNo',
      width: 110,
      render: (no: string, c: QueueCase) => (
        <Typography.Link onClick={() => navigate(casePath(c.id))} data-testid="queue-case-link">
          {no}
        </Typography.Link>
      ),
    },
    { title: t('mediation.form.type'), dataIndex: 'type', width: 100, render: (v: Names<'mediation.types'>) => t(`mediation.types.${v}`) },
    {
      title: t('mediation.queue.filterStatus'),
      dataIndex: 'status',
      width: 120,
      render: (_: unknown, c: QueueCase) => (
        <Space size={4} wrap>
          <CaseStatusTag status={c.status} />
          {c.failurePending && <Tag color="red">{t('mediation.queue.failurePending')}</Tag>}
          <TransferTag transfer={c.transfer} />
        </Space>
      ),
    },
    { title: t('mediation.queue.parties'), dataIndex: 'partyNames', render: (v: string[]) => listText(t, v) },
    { title: t('mediation.queue.mediators'), dataIndex: 'mediatorNames', width: 120, render: (v: string[]) => listText(t, v) || '—' },
    {
      title: t('mediation.queue.due'),
      key: 'due',
      width: 220,
      // a case another station has taken counts down there, not here
      render: (_: unknown, c: QueueCase) =>
        c.transfer?.status === 'accepted' ? (
          '—'
        ) : (
          <Flex vertical gap={0}>
            {c.status === 'accepted' && c.startDueAt && (
              <span>
                {t('mediation.queue.startDue')}{t('mediation.queue.colon')}<Countdown due={c.startDueAt} now={now} overdue={c.startOverdue} testId="countdown-start" />
              </span>
            )}
            {(c.status === 'accepted' || c.status === 'mediating') && c.concludeDueAt && (
              <span>
                {t('mediation.queue.concludeDue')}{t('mediation.queue.colon')}<Countdown due={c.concludeDueAt} now={now} overdue={c.concludeOverdue} testId="countdown-conclude" />
              </span>
            )}
            {c.followUpDate && (
              <Typography.Text type={c.followUpOverdue ? 'danger' : undefined}>
                {t('mediation.queue.followUp')}{t('mediation.queue.colon')}{c.followUpDate}
              </Typography.Text>
            )}
          </Flex>
        ),
    },
    { title: t('mediation.queue.filterRisk'), key: 'risk', width: 100, render: (_: unknown, c: QueueCase) => <RiskTag level={c.riskLevel} score={c.riskScore} /> },
  ];

  return (
    <>
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="zone-mediation">
        <Card size="small">
          <Flex align="center" gap={16} wrap>
            <div style={{ fontSize: 36, color: '#1d4f91', lineHeight: 1 }}>
              <CommentOutlined />
            </div>
            <div style={{ flex: 1, minWidth: 240 }}>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="zone-title">
                {t('mediation.title')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('mediation.about')}</Typography.Text>
            </div>
            <Space>
              {/* an auxiliary opens cases from walk-ins only */}
              {mayOpenCaseFrom(me.role, 'direct') && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({ walkIn: null })} data-testid="new-case-button">
                  {t('mediation.queue.newCase')}
                </Button>
              )}
              <Button icon={<TeamOutlined />} onClick={() => navigate(POOL_PATH)} data-testid="pool-link">
                {t('mediation.queue.pool')}
              </Button>
              {can(mediationStats) && (
                <Button icon={<BarChartOutlined />} onClick={() => navigate(STATS_PATH)} data-testid="stats-link">
                  {t('mediation.stats.link')}
                </Button>
              )}
              <Button icon={<SettingOutlined />} onClick={() => navigate(SETTINGS_PATH)} data-testid="settings-link">
                {t('mediation.settings.link')}
              </Button>
            </Space>
          </Flex>
        </Card>

        <Card size="small" title={t('mediation.walkIns.title')} data-testid="mediation-walkins">
          {board.error && <Alert type="error" showIcon title={errorText(t, board.error)} />}
          {walkIns.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mediation.walkIns.none')} style={{ margin: '4px 0' }} />
          ) : (
            <Flex vertical gap={6}>
              {walkIns.map((w) => (
                <Flex key={w.id} align="center" gap={12} wrap data-testid={`mwalkin-${w.queueNo}`}>
                  <Typography.Text strong style={{ width: 64 }}>
                    {displayQueueNumber(w.queueNo, i18n.language)}
                  </Typography.Text>
                  <Typography.Text style={{ minWidth: 100 }}>{w.visitorName}</Typography.Text>
                  <StatusTag status={w.status} />
                  <Typography.Text type="secondary">{t(`intake.purposes.${w.purpose}`)}</Typography.Text>
                  <div style={{ flex: 1 }} />
                  {/* a finished walk-in was served already: opening a case from it made it so, or it ended otherwise */}
                  {mayOpen && (w.status === 'waiting' || w.status === 'serving') && (
                    <Button type="primary" size="small" onClick={() => setCreating({ walkIn: w })} data-testid="act-open-case">
                      {t('mediation.walkIns.openCase')}
                    </Button>
                  )}
                  <WalkInActions walkIn={w} onRefer={setReferring} reprint={false} />
                </Flex>
              ))}
            </Flex>
          )}
        </Card>

        <Card
          size="small"
          title={t('mediation.queue.title')}
          data-testid="mediation-queue"
          extra={
            <Space wrap>
              <Select
                allowClear
                placeholder={t('mediation.queue.filterStatus')}
                style={{ width: 130 }}
                value={filter.status}
                onChange={(status) => setFilter((f) => ({ ...f, status }))}
                options={OPEN_STATUSES.map((s) => ({ value: s, label: t(`mediation.statuses.${s}`) }))}
                data-testid="filter-status"
              />
              <Select
                allowClear
                placeholder={t('mediation.queue.filterType')}
                style={{ width: 130 }}
                value={filter.type}
                onChange={(type) => setFilter((f) => ({ ...f, type }))}
                options={DISPUTE_TYPES.map((s) => ({ value: s, label: t(`mediation.types.${s}`) }))}
                data-testid="filter-type"
              />
              <Select
                allowClear
                placeholder={t('mediation.queue.filterRisk')}
                style={{ width: 110 }}
                value={filter.minRisk}
                onChange={(minRisk) => setFilter((f) => ({ ...f, minRisk }))}
                options={RISK_LEVELS.map((s) => ({ value: s, label: t(`mediation.risk.${s}`) }))}
                data-testid="filter-risk"
              />
              <Checkbox
                checked={!!filter.transferredAway}
                onChange={(e) => setFilter((f) => ({ ...f, transferredAway: e.target.checked || undefined }))}
                data-testid="filter-transferred-away"
              >
                {t('mediation.queue.transferredAway')}
              </Checkbox>
            </Space>
          }
        >
          {queue.error && <Alert type="error" showIcon title={errorText(t, queue.error)} style={{ marginBottom: 8 }} />}
          <Flex gap={12} style={{ marginBottom: 8 }}>
            <Typography.Text data-testid="queue-total">
              {filter.transferredAway
                ? t('mediation.queue.transferredAwayTotal', { total: queue.data?.total ?? 0 })
                : t('mediation.queue.total', { total: queue.data?.total ?? 0, overdue: queue.data?.overdue ?? 0 })}
            </Typography.Text>
            <Tooltip title={t('mediation.queue.overdueShown')}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('mediation.queue.overdueShown')}
              </Typography.Text>
            </Tooltip>
          </Flex>
          <Table<QueueCase>
            size="small"
            rowKey="id"
            loading={queue.isPending}
            dataSource={queue.data?.cases ?? []}
            columns={columns}
            pagination={false}
            locale={{ emptyText: t(filter.transferredAway ? 'mediation.queue.transferredAwayEmpty' : 'mediation.queue.empty') }}
            onRow={(c) => ({
              'data-testid': `case-row-${c.caseNo}`,
              style: !c.matchesFilter ? { background: '#fff1f0' } : undefined,
              onDoubleClick: () => navigate(casePath(c.id)),
            }) as React.HTMLAttributes<HTMLElement>}
          />
        </Card>
      </Space>
      {creating && <NewCaseModal open walkIn={creating.walkIn} onClose={() => setCreating(null)} />}
      <ReferModal walkIn={referring} onClose={() => setReferring(null)} />
    </>
  );
};

// the pool list is read here too so the case page's assign modal opens with it cached
export const usePool = (includeInactive = false) => useMethod(mediationPoolList, { includeInactive });
