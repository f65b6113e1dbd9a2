import { LikeOutlined } from '@ant-design/icons';
import { Alert, Card, Col, DatePicker, Flex, Row, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { intakeRatings, intakeRatingStats, isPoor, type Rating } from '../../../shared/intake/hall.js';
import { localDateTime } from '../../../shared/time.js';
import { errorText } from '../../app/i18n.js';
import { useMe } from '../../app/me.js';
import { useMethod } from '../../app/query.js';
import { displayQueueNumber } from '../../../shared/intake/zones.js';

const LEVEL_COLOR = { verySatisfied: 'green', satisfied: 'green', basic: 'blue', dissatisfied: 'orange', veryDissatisfied: 'red' } as const;

/** Today's ratings at a glance: how many and the share satisfied (好评: 非常满意, 满意, 基本满意). */
export const RatingStatsCard = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const stats = useMethod(intakeRatingStats, {}, { refetchInterval: 60_000 });
  const s = stats.data;
  return (
    <Card
      size="small"
      title={
        <Space>
          <LikeOutlined />
          <Typography.Link onClick={() => navigate('/ratings')}>{t('intake.hall.ratings.title')}</Typography.Link>
        </Space>
      }
      data-testid="home-slot-ratings"
      style={{ height: '100%' }}
    >
      {stats.error && <Alert type="error" showIcon title={errorText(t, stats.error)} />}
      <Row gutter={16}>
        <Col span={12}>
          <Statistic title={t('intake.hall.ratings.today')} value={s?.count ?? 0} data-testid="ratings-today-count" />
        </Col>
        <Col span={12}>
          <Statistic
            title={t('intake.hall.ratings.rate')}
            value={s?.rate === null || s?.rate === undefined ? t('intake.hall.ratings.noRate') : `${Math.round(s.rate * 1000) / 10}%`}
            data-testid="ratings-today-rate"
          />
        </Col>
      </Row>
    </Card>
  );
};

/** The head's list of ratings with their walk-ins; the poor ones with reasons and their duty-log follow-up. */
export const RatingsPage = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [poorOnly, setPoorOnly] = useState(false);
  const input = {
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
    poorOnly,
  };
  const list = useMethod(intakeRatings, input);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('intake.hall.ratings.title')}
      </Typography.Title>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <RatingStatsCard />
        </Col>
      </Row>
      <Space wrap>
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)} placeholder={[t('intake.hall.ratings.from'), t('intake.hall.ratings.to')]} />
        <Space size={4}>
          <Switch size="small" checked={poorOnly} onChange={setPoorOnly} data-testid="ratings-poor-only" />
          <span>{t('intake.hall.ratings.poorOnly')}</span>
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon title={errorText(t, list.error)} />}
      <Table<Rating>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.ratings ?? []}
        locale={{ emptyText: t('intake.hall.ratings.empty') }}
        data-testid="ratings-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('intake.hall.ratings.ratedAt'), dataIndex: 'ratedAt', render: (v: string) => localDateTime(v, me.timeZone) },
          { title: t('intake.hall.ratings.queueNo'), dataIndex: 'queueNo', render: (v: string) => displayQueueNumber(v, i18n.language) },
          { title: t('intake.hall.ratings.visitor'), dataIndex: 'visitorName' },
          { title: t('intake.hall.ratings.route'), dataIndex: 'route', render: (v: Rating['route']) => t(`intake.routes.${v}`) },
          { title: t('intake.hall.ratings.servedBy'), dataIndex: 'servedBy', render: (v: string | null) => v ?? '—' },
          { title: t('intake.hall.ratings.level'), dataIndex: 'level', render: (v: Rating['level']) => <Tag color={LEVEL_COLOR[v]}>{t(`intake.hall.levels.${v}`)}</Tag> },
          {
            title: t('intake.hall.ratings.reasons'),
            dataIndex: 'reasons',
            render: (v: Rating['reasons']) => (v.length ? v.map((r) => t(`intake.hall.reasons.${r}`)).join(t('intake.hall.ratings.separator')) : '—'),
          },
          { title: t('intake.hall.ratings.comment'), dataIndex: 'comment', render: (v: string | null) => v ?? '—' },
          { title: t('intake.hall.ratings.via'), dataIndex: 'terminalName', render: (v: string | null) => v ?? t('intake.hall.ratings.desk') },
          {
            title: t('intake.hall.ratings.followUp'),
            key: 'followUp',
            render: (_: unknown, r: Rating) =>
              isPoor(r.level) ? (r.dutyEntryId ? <Tag color="orange">{t('intake.hall.ratings.inLog')}</Tag> : <Typography.Text type="secondary">{t('intake.hall.ratings.noShift')}</Typography.Text>) : null,
          },
        ]}
      />
    </Flex>
  );
};
