import { FormOutlined, HistoryOutlined, PhoneOutlined, SolutionOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, List, Progress, Row, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { intakeBoard, intakeRegister, intakeSearch } from '../../shared/intake/contract.js';
import { STATUSES, walkInRoutesOf, type Route } from '../../shared/intake/zones.js';
import type { Role } from '../../shared/roles.js';
import { backupAge, backupRecoveryStatus } from '../../shared/backup/contract.js';
import { authFailedAttempts } from '../../shared/auth/contract.js';
import { FailedAttemptsCard } from '../auth/FailedAttemptsCard.js';
import { BackupAgeAlert } from '../backup/BackupPage.js';
import { RecoveryKeyAlert } from '../backup/RecoveryKey.js';
import { stationGet } from '../../shared/station/contract.js';
import { localTime } from '../../shared/time.js';
import { OnDutyList } from '../roster/OnDutyCard.js';
import { rosterMonth } from '../../shared/roster/contract.js';
import { boardStats, formatMinutes, isZone, STATUS_COLOR, useNow } from '../intake/common.js';
import { errorText } from './i18n.js';
import { syncSettings } from '../../shared/sync/contract.js';
import { ClockAlert } from '../sync/SyncPage.js';
import { useCan, useMe } from './me.js';
import { useMethod } from './query.js';
import { HOME_SLOTS } from './zones.js';

const greetingKey = (hour: number) =>
  hour < 5 ? 'evening' : hour < 9 ? 'morning' : hour < 12 ? 'forenoon' : hour < 14 ? 'noon' : hour < 18 ? 'afternoon' : 'evening';

/** Where every role lands after login: the station, today's walk-ins, the duty phones, open items. */
export const HomePage = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const viewer = { role: me.role as Role, can };
  const navigate = useNavigate();
  const now = useNow(30_000);
  // grid workers see no visitors: their home page has the station and the duty phones only
  const seesWalkIns = can(intakeBoard);
  const board = useMethod(intakeBoard, {}, { refetchInterval: 5_000, enabled: seesWalkIns });
  const station = useMethod(stationGet, {});
  const walkIns = board.data?.walkIns ?? [];
  const stats = boardStats(walkIns, now);
  const hour = Number(localTime(new Date(now), me.timeZone).slice(0, 2));
  const today = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: me.timeZone, dateStyle: 'full' }).format(now);
  const byRoute = (r: Route) => walkIns.filter((w) => w.route === r);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {can(backupAge) && <BackupAgeAlert />}
      {can(backupRecoveryStatus) && <RecoveryKeyAlert />}
      {can(authFailedAttempts) && <FailedAttemptsCard />}
      {can(syncSettings) && <ClockAlert />}
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={12}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="home-station">
              {me.stationName}
            </Typography.Title>
            <Typography.Text style={{ fontSize: 16 }} data-testid="home-greeting">
              {t('intake.home.greeting', { hello: t(`intake.home.${greetingKey(hour)}`), name: me.name, role: t(`roles.${me.role}`) })}
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('intake.home.today', { date: today })}</Typography.Text>
          </div>
          <Space>
            {can(intakeRegister) && (
              <Button type="primary" size="large" icon={<FormOutlined />} onClick={() => navigate('/front-desk')} data-testid="home-go-desk">
                {t('intake.home.goDesk')}
              </Button>
            )}
            {can(intakeSearch) && (
              <Button size="large" icon={<HistoryOutlined />} onClick={() => navigate('/history')}>
                {t('intake.home.goHistory')}
              </Button>
            )}
          </Space>
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        {seesWalkIns && (
          <Col xs={24} xl={16}>
            <Card size="small" title={t('intake.home.walkIns')} data-testid="home-walkins" style={{ height: '100%' }}>
              {board.error && <Alert type="error" showIcon title={errorText(t, board.error)} style={{ marginBottom: 12 }} />}
              <Row gutter={[16, 16]}>
                <Col span={6}>
                  <Tooltip title={t('intake.home.totalHint')}>
                    <Statistic title={t('intake.home.total')} value={stats.arrivals} loading={board.isPending} data-testid="home-total" />
                  </Tooltip>
                </Col>
                <Col span={6}>
                  <Statistic
                    title={t('intake.home.waitingNow')}
                    value={stats.byStatus.waiting}
                    loading={board.isPending}
                    data-testid="home-waiting"
                    styles={{ content: { color: stats.byStatus.waiting ? '#d48806' : undefined } }}
                  />
                </Col>
                <Col span={6}>
                  <Statistic title={t('intake.home.servingNow')} value={stats.byStatus.serving} loading={board.isPending} data-testid="home-serving" />
                </Col>
                <Col span={6}>
                  <Statistic
                    title={t('intake.home.longestWait')}
                    value={stats.longestWait === null ? '—' : formatMinutes(t, stats.longestWait)}
                    loading={board.isPending}
                    data-testid="home-longest"
                    styles={{ content: { color: (stats.longestWait ?? 0) >= 30 ? '#d46b08' : undefined } }}
                  />
                </Col>
              </Row>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('intake.home.byZone')}
              </Typography.Title>
              <List
                size="small"
                dataSource={[...walkInRoutesOf(me.role as Role)]}
                renderItem={(r) => {
                  const list = byRoute(r);
                  const s = boardStats(list, now);
                  return (
                    <List.Item data-testid={`home-route-${r}`}>
                      <Flex align="center" gap={12} wrap style={{ width: '100%' }}>
                        <div style={{ width: 90 }}>
                          {isZone(r) ? (
                            <Typography.Link strong onClick={() => navigate(`/zone/${r}`)}>
                              {t(`intake.routes.${r}`)}
                            </Typography.Link>
                          ) : (
                            <Typography.Text strong>{t(`intake.routes.${r}`)}</Typography.Text>
                          )}
                        </div>
                        <div style={{ width: 30, fontSize: 18, fontWeight: 600, textAlign: 'right' }} data-testid="route-total">
                          {s.total}
                        </div>
                        <Space size={2} wrap style={{ flex: '1 1 260px' }}>
                          {STATUSES.filter((st) => s.byStatus[st] > 0).map((st) => (
                            <Tag key={st} color={STATUS_COLOR[st]} data-testid={`route-${st}`}>
                              {t(`intake.statuses.${st}`)} {s.byStatus[st]}
                            </Tag>
                          ))}
                        </Space>
                        <div style={{ flex: '0 1 220px', minWidth: 140 }}>
                          <Progress
                            percent={s.total ? Math.round((s.finished / s.total) * 100) : 0}
                            success={{ percent: s.total ? Math.round((s.byStatus.done / s.total) * 100) : 0 }}
                            size="small"
                            format={() => t('intake.home.doneShare', { finished: s.finished, total: s.total })}
                          />
                        </div>
                      </Flex>
                    </List.Item>
                  );
                }}
              />
            </Card>
          </Col>
        )}
        <Col xs={24} xl={seesWalkIns ? 8 : 24}>
          <Card size="small" title={<Space><SolutionOutlined />{t('intake.home.duty')}</Space>} data-testid="home-duty" style={{ height: '100%' }}>
            <OnDutyList />
            {/* only for those who may open the roster (a mediator or grid worker sees who is on duty, not the plan) */}
            {can(rosterMonth) && (
              <>
                <Typography.Link onClick={() => navigate('/roster')} data-testid="home-go-roster">
                  {t('roster.onDuty.goRoster')}
                </Typography.Link>
                <br />
              </>
            )}
            <Typography.Text strong>{t('intake.home.dutyPhones')}</Typography.Text>
            {station.error ? (
              <Alert type="error" showIcon title={errorText(t, station.error)} />
            ) : (
              <List
                size="small"
                loading={station.isPending}
                dataSource={station.data?.dutyPhones ?? []}
                renderItem={(p) => (
                  <List.Item data-testid="home-duty-phone">
                    <Space>
                      <PhoneOutlined />
                      <span>{p.label}</span>
                    </Space>
                    <Typography.Text strong copyable style={{ fontSize: 16 }}>
                      {p.number}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        {HOME_SLOTS.filter((slot) => slot.visible(viewer)).map(({ key, Slot }) => (
          <Slot
            key={key}
            wrap={(card, cardKey) => (
              <Col xs={24} md={8} key={cardKey}>
                {card}
              </Col>
            )}
          />
        ))}
      </Row>
    </Space>
  );
};
