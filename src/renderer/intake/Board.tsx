import { PrinterOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Empty, Flex, Segmented, Space, Spin, Switch, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { intakeBoard, intakeRefer, intakeSetStatus, type WalkIn } from '../../shared/intake/contract.js';
import { displayQueueNumber, isFinished, NEXT_STATUSES, UNDOABLE, walkInRoutesOf, type Route, type WalkInStatus } from '../../shared/intake/zones.js';
import type { Role } from '../../shared/roles.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { localTime } from '../../shared/time.js';
import { boardOrder, boardStats, formatMinutes, Masked, minutesBetween, slipPath, StatusTag, useNow } from './common.js';
import { ReferModal } from './ReferModal.js';
import { useEndMessage } from './undoEnd.js';

/** The label of each one-action move, keyed by the status it moves to. */
const MOVE_LABEL = {
  serving: 'intake.actions.serve',
  done: 'intake.actions.done',
  left: 'intake.actions.leave',
  waiting: 'intake.actions.back',
  referred: 'intake.actions.refer',
} as const satisfies Record<WalkInStatus, string>;
const MOVE_TESTID: Record<WalkInStatus, string> = {
  serving: 'act-serve',
  done: 'act-done',
  left: 'act-leave',
  waiting: 'act-back',
  referred: 'act-refer',
};
/** The move the zone most likely wants next gets the primary look. */
const PRIMARY_MOVE: Partial<Record<WalkInStatus, WalkInStatus>> = { waiting: 'serving', serving: 'done' };

/** The one-action buttons a walk-in allows now, for a role that may use them. */
export const WalkInActions = ({
  walkIn,
  onRefer,
  size = 'small',
  reprint = true,
}: {
  walkIn: WalkIn;
  onRefer: (w: WalkIn) => void;
  size?: 'small' | 'middle';
  reprint?: boolean;
}) => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const setStatus = useAction(intakeSetStatus);
  const endMessage = useEndMessage();
  const moves = can(intakeSetStatus) ? NEXT_STATUSES[walkIn.status] : [];
  const mayRefer = can(intakeRefer) && !isFinished(walkIn.status);
  // the promise, not mutate's callbacks: those are dropped when the walk-in's buttons are gone by the
  // time the refreshed board arrives (an ended walk-in shows none), and the undo message with them
  const move = (status: WalkInStatus) =>
    void setStatus.mutateAsync({ id: walkIn.id, status }).then(
      () => {
        const done = t(`intake.actionDone.${status}`, { queueNo: displayQueueNumber(walkIn.queueNo, i18n.language) });
        // an end (离开, 办结) can be taken back for a few seconds: a click meant for 接待 costs nothing
        if (!UNDOABLE[status]) return void message.success({ key: 'intake-status', duration: 2, content: done });
        endMessage(done, walkIn);
      },
      (error: unknown) => void message.error({ key: 'intake-status', content: errorText(t, error) }),
    );
  if (moves.length === 0 && !mayRefer && (!reprint || isFinished(walkIn.status))) return null;
  return (
    <Flex wrap gap={4}>
      {moves.map((status) => (
        <Button
          key={status}
          size={size}
          type={PRIMARY_MOVE[walkIn.status] === status ? 'primary' : 'default'}
          danger={status === 'left'}
          loading={setStatus.isPending && setStatus.variables?.status === status}
          disabled={setStatus.isPending}
          onClick={() => move(status)}
          data-testid={MOVE_TESTID[status]}
        >
          {t(MOVE_LABEL[status])}
        </Button>
      ))}
      {mayRefer && (
        <Button size={size} icon={<SwapOutlined />} onClick={() => onRefer(walkIn)} data-testid="act-refer" disabled={setStatus.isPending}>
          {t('intake.actions.refer')}
        </Button>
      )}
      {reprint && !isFinished(walkIn.status) && (
        <Tooltip title={t('intake.actions.reprint')}>
          <Button
            size={size}
            icon={<PrinterOutlined />}
            aria-label={t('intake.actions.reprint')}
            onClick={() => navigate(slipPath(walkIn.id, 'receipt80'))}
            data-testid="act-reprint"
          />
        </Tooltip>
      )}
    </Flex>
  );
};

/** How long it has taken so far, in words: waited / being served / took. */
const TimeLine = ({ walkIn, now }: { walkIn: WalkIn; now: number }) => {
  const { t } = useTranslation();
  if (walkIn.status === 'waiting') {
    const m = minutesBetween(walkIn.arrivedAt, now);
    return (
      <span data-testid="wait" style={{ color: m >= 60 ? '#cf1322' : m >= 30 ? '#d46b08' : undefined, fontWeight: m >= 30 ? 600 : undefined }}>
        {t('intake.board.waited', { time: formatMinutes(t, m) })}
      </span>
    );
  }
  if (walkIn.status === 'serving' && walkIn.servingStartedAt) {
    return <span data-testid="wait">{t('intake.board.servingFor', { time: formatMinutes(t, minutesBetween(walkIn.servingStartedAt, now)) })}</span>;
  }
  if (walkIn.finishedAt) return <span data-testid="wait">{t('intake.board.took', { time: formatMinutes(t, minutesBetween(walkIn.arrivedAt, walkIn.finishedAt)) })}</span>;
  return null;
};

/** One walk-in on the board: number, name, masked identifiers, purpose, status, time, actions. */
export const WalkInCard = ({
  walkIn,
  now,
  onRefer,
  onOpen,
}: {
  walkIn: WalkIn;
  now: number;
  onRefer: (w: WalkIn) => void;
  onOpen?: (w: WalkIn) => void;
}) => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const finished = isFinished(walkIn.status);
  return (
    <Card
      size="small"
      data-testid={`walkin-${walkIn.queueNo}`}
      data-status={walkIn.status}
      style={{
        borderLeft: `4px solid ${walkIn.status === 'serving' ? '#1677ff' : walkIn.status === 'waiting' ? '#faad14' : '#d9d9d9'}`,
        opacity: finished ? 0.72 : 1,
      }}
      styles={{ body: { padding: '8px 10px' } }}
    >
      <Flex justify="space-between" align="center" gap={6}>
        <Space size={6} style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }} data-testid="queue">
            {displayQueueNumber(walkIn.queueNo, i18n.language)}
          </Typography.Text>
          <Typography.Text
            strong
            ellipsis={{ tooltip: walkIn.visitorName }}
            style={{ maxWidth: 120, cursor: onOpen ? 'pointer' : undefined }}
            data-testid="name"
            onClick={onOpen ? () => onOpen(walkIn) : undefined}
          >
            {walkIn.visitorName}
          </Typography.Text>
        </Space>
        <StatusTag status={walkIn.status} />
      </Flex>
      {!finished && (
        <div style={{ fontSize: 12, color: '#555', marginTop: 2 }}>
          <Masked value={walkIn.idNumberMasked} empty={t('intake.board.noId')} testId="id-masked" />
          {' · '}
          <Masked value={walkIn.phoneMasked} empty={t('intake.board.noPhone')} testId="phone-masked" />
        </div>
      )}
      <Flex justify="space-between" wrap gap={4} style={{ fontSize: 12, marginTop: 2 }}>
        <span>
          {t(`intake.purposes.${walkIn.purpose}`)}
          {' · '}
          {localTime(walkIn.arrivedAt, me.timeZone)}
          {walkIn.referredFromId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' · '}
              {t('intake.board.referredFrom')}
            </Typography.Text>
          )}
        </span>
        <TimeLine walkIn={walkIn} now={now} />
      </Flex>
      {walkIn.servedBy && (
        <div style={{ fontSize: 12, color: '#555' }} data-testid="served-by">
          {t('intake.board.servedBy', { name: walkIn.servedBy.name })}
        </div>
      )}
      {!finished && walkIn.note && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2, tooltip: walkIn.note }}>
          {walkIn.note}
        </Typography.Paragraph>
      )}
      {!finished && (
        <div style={{ marginTop: 6 }}>
          <WalkInActions walkIn={walkIn} onRefer={onRefer} />
        </div>
      )}
    </Card>
  );
};

/** A route's part of today's board, with its counts in the title. */
export const RouteSection = ({
  route,
  walkIns,
  now,
  showFinished,
  layout,
  onRefer,
  onOpen,
}: {
  route: Route;
  walkIns: WalkIn[];
  now: number;
  showFinished: boolean;
  layout: 'column' | 'grid';
  onRefer: (w: WalkIn) => void;
  onOpen?: (w: WalkIn) => void;
}) => {
  const { t } = useTranslation();
  const stats = boardStats(walkIns, now);
  const shown = boardOrder(walkIns).filter((w) => showFinished || !isFinished(w.status));
  return (
    <Card
      size="small"
      data-testid={`board-${route}`}
      title={
        <Space size={6}>
          <span>{t(`intake.routes.${route}`)}</span>
          <Badge count={stats.byStatus.waiting} showZero color={stats.byStatus.waiting ? '#faad14' : '#d9d9d9'} data-testid="count-waiting" />
        </Space>
      }
      styles={{ body: { padding: 8, background: '#fafafa' } }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', margin: '-2px 2px 6px' }} data-testid="summary">
        {t('intake.board.summary', { waiting: stats.byStatus.waiting, serving: stats.byStatus.serving, total: stats.total })}
      </Typography.Text>
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.board.empty')} style={{ margin: '8px 0' }} />
      ) : (
        <div
          style={
            layout === 'grid'
              ? { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(270px, 1fr))', gap: 8 }
              : { display: 'flex', flexDirection: 'column', gap: 8 }
          }
        >
          {shown.map((w) => (
            <WalkInCard key={w.id} walkIn={w} now={now} onRefer={onRefer} onOpen={onOpen} />
          ))}
        </div>
      )}
    </Card>
  );
};

/**
 * Today's board, polled every 5 seconds: walk-ins grouped by route, a filter with counts, and the
 * one-action status buttons on each card.
 */
export const TodayBoard = ({ onOpen }: { onOpen?: (w: WalkIn) => void }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const now = useNow();
  const board = useMethod(intakeBoard, {}, { refetchInterval: 5_000 });
  const [filter, setFilter] = useState<Route | 'all'>('all');
  // the zones whose walk-ins this role serves (a mediator's board is the mediation zone's)
  const served = walkInRoutesOf(me.role as Role);
  const [showFinished, setShowFinished] = useState(true);
  const [referring, setReferring] = useState<WalkIn | null>(null);
  const walkIns = board.data?.walkIns ?? [];
  const byRoute = (r: Route) => walkIns.filter((w) => w.route === r);
  const open = (r: Route) => byRoute(r).filter((w) => !isFinished(w.status)).length;
  const routes = filter === 'all' ? served : [filter];

  return (
    <Card
      title={t('intake.board.title')}
      size="small"
      data-testid="board"
      extra={
        <Space size="middle" wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {board.isFetching ? <Spin size="small" /> : null} {t('intake.board.updated')}
          </Typography.Text>
          <Space size={4}>
            <Switch size="small" checked={showFinished} onChange={setShowFinished} data-testid="show-finished" />
            <span style={{ fontSize: 12 }}>{t('intake.board.showFinished')}</span>
          </Space>
        </Space>
      }
    >
      <Segmented<Route | 'all'>
        value={filter}
        onChange={setFilter}
        style={{ marginBottom: 12, flexWrap: 'wrap' }}
        data-testid="board-filter"
        options={[
          { value: 'all', label: `${t('intake.board.all')} ${walkIns.filter((w) => !isFinished(w.status)).length}/${walkIns.length}` },
          ...served.map((r) => ({ value: r, label: `${t(`intake.routes.${r}`)} ${open(r)}/${byRoute(r).length}` })),
        ]}
      />
      {board.error && <Alert type="error" showIcon title={errorText(t, board.error)} style={{ marginBottom: 8 }} />}
      {board.isPending ? (
        <Spin />
      ) : (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: filter === 'all' ? 'repeat(auto-fill, minmax(250px, 1fr))' : '1fr',
            gap: 8,
            alignItems: 'start',
          }}
        >
          {routes.map((r) => (
            <RouteSection
              key={r}
              route={r}
              walkIns={byRoute(r)}
              now={now}
              showFinished={showFinished}
              layout={filter === 'all' ? 'column' : 'grid'}
              onRefer={setReferring}
              onOpen={onOpen}
            />
          ))}
        </div>
      )}
      <ReferModal walkIn={referring} onClose={() => setReferring(null)} />
    </Card>
  );
};
