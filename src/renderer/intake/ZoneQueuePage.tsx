import { BankOutlined, CarOutlined, CommentOutlined, IdcardOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Result, Row, Space, Spin, Statistic, Switch, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { intakeBoard, intakeReveal, type WalkIn } from '../../shared/intake/contract.js';
import { displayQueueNumber, walkInRoutesOf } from '../../shared/intake/zones.js';
import type { Role } from '../../shared/roles.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { menuFor, menuLabel } from '../app/zones.js';
import { RouteSection, WalkInActions } from './Board.js';
import { ReferModal } from './ReferModal.js';
import { CallBar } from './hall/CallBar.js';
import { boardOrder, boardStats, formatMinutes, isZone, minutesBetween, useNow, type Zone } from './common.js';
import { RevealModal, WalkInDrawer, type RevealTarget } from './Detail.js';

const ZONE_ICON: Record<Zone, ReactNode> = {
  office: <BankOutlined />,
  mediation: <CommentOutlined />,
  collection: <IdcardOutlined />,
  patrol: <CarOutlined />,
};

/** A zone's own page: what the zone does, today's numbers, who is next, and its queue. */
export const ZoneQueuePage = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { route } = useParams();
  if (!isZone(route)) return <Result status="404" title={t('intake.zone.unknown')} />;
  // the core shows a role only the walk-ins of the zones it serves
  if (!walkInRoutesOf(me.role as Role).includes(route)) return <Result status="403" title={t('errors.role')} />;
  return <ZoneQueue key={route} zone={route} />;
};

/** The zone's tools, as its submenu lists them: the queue page leads to the rest of the zone. */
const ZoneTools = ({ zone }: { zone: Zone }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const tools = menuFor({ role: me.role as Role, can }).zones.find((z) => z.zone === zone)?.entries.filter((e) => e.path !== `/zone/${zone}`) ?? [];
  if (tools.length === 0) return null;
  return (
    <Card size="small" title={t('intake.zone.tools')} data-testid="zone-tools">
      <Space wrap>
        {tools.map((e) => (
          <Button key={e.path} icon={e.icon} onClick={() => navigate(e.path)}>
            {menuLabel(t, e)}
          </Button>
        ))}
      </Space>
    </Card>
  );
};

const ZoneQueue = ({ zone }: { zone: Zone }) => {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const now = useNow();
  const board = useMethod(intakeBoard, { route: zone }, { refetchInterval: 5_000 });
  const [showFinished, setShowFinished] = useState(true);
  const [referring, setReferring] = useState<WalkIn | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [revealing, setRevealing] = useState<RevealTarget | null>(null);
  const walkIns = board.data?.walkIns ?? [];
  const stats = boardStats(walkIns, now);
  const next = boardOrder(walkIns).find((w) => w.status === 'waiting');
  const minutes = (m: number | null) => (m === null ? '—' : formatMinutes(t, m));

  return (
    <>
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid={`zone-${zone}`}>
        <Card size="small">
          <Flex align="center" gap={16} wrap>
            <div style={{ fontSize: 36, color: '#1d4f91', lineHeight: 1 }}>{ZONE_ICON[zone]}</div>
            <div style={{ flex: 1, minWidth: 240 }}>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="zone-title">
                {t(`intake.routes.${zone}`)}
              </Typography.Title>
              <Typography.Text type="secondary">{t(`intake.routeAbout.${zone}`)}</Typography.Text>
            </div>
          </Flex>
        </Card>

        {board.error && <Alert type="error" showIcon title={errorText(t, board.error)} />}

        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card size="small" style={{ height: '100%' }}>
              <Row gutter={[16, 16]}>
                <Col span={8}>
                  <Statistic title={t('intake.zone.waiting')} value={stats.byStatus.waiting} loading={board.isPending} data-testid="stat-waiting" />
                </Col>
                <Col span={8}>
                  <Statistic title={t('intake.zone.serving')} value={stats.byStatus.serving} loading={board.isPending} data-testid="stat-serving" />
                </Col>
                <Col span={8}>
                  <Statistic title={t('intake.zone.done')} value={stats.byStatus.done} loading={board.isPending} data-testid="stat-done" />
                </Col>
                <Col span={8}>
                  <Statistic title={t('intake.zone.total')} value={stats.total} loading={board.isPending} />
                </Col>
                <Col span={8}>
                  <Statistic title={t('intake.zone.avgWait')} value={minutes(stats.averageWait)} loading={board.isPending} data-testid="stat-avg-wait" />
                </Col>
                <Col span={8}>
                  <Statistic
                    title={t('intake.zone.longestWait')}
                    value={minutes(stats.longestWait)}
                    loading={board.isPending}
                    styles={{ content: { color: (stats.longestWait ?? 0) >= 30 ? '#d46b08' : undefined } }}
                  />
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('intake.zone.next')} style={{ height: '100%' }} data-testid="zone-next">
              {board.isPending ? (
                <Spin />
              ) : next ? (
                <Flex align="center" gap={16} wrap>
                  <div style={{ fontSize: 44, fontWeight: 700, color: '#1d4f91', lineHeight: 1 }}>{displayQueueNumber(next.queueNo, i18n.language)}</div>
                  <Flex vertical gap={4} style={{ flex: 1, minWidth: 160 }}>
                    <Typography.Text strong ellipsis={{ tooltip: next.visitorName }} style={{ fontSize: 16 }}>
                      {next.visitorName}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t(`intake.purposes.${next.purpose}`)} · {t('intake.board.waited', { time: formatMinutes(t, minutesBetween(next.arrivedAt, now)) })}
                    </Typography.Text>
                    <WalkInActions walkIn={next} onRefer={setReferring} size="middle" />
                  </Flex>
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('intake.zone.noneWaiting')}</Typography.Text>
              )}
            </Card>
          </Col>
        </Row>

        <CallBar routes={[zone]} />

        <div>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('intake.zone.queue')}
            </Typography.Title>
            <Space size={4}>
              <Switch size="small" checked={showFinished} onChange={setShowFinished} />
              <span style={{ fontSize: 12 }}>{t('intake.board.showFinished')}</span>
            </Space>
          </Flex>
          {board.isPending ? (
            <Spin />
          ) : (
            <RouteSection
              route={zone}
              walkIns={walkIns}
              now={now}
              showFinished={showFinished}
              layout="grid"
              onRefer={setReferring}
              onOpen={(w) => setOpenId(w.id)}
            />
          )}
        </div>

        <ZoneTools zone={zone} />
      </Space>

      <ReferModal walkIn={referring} onClose={() => setReferring(null)} />
      <WalkInDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} onReveal={can(intakeReveal) ? setRevealing : undefined} />
      <RevealModal target={revealing} onClose={() => setRevealing(null)} />
    </>
  );
};
