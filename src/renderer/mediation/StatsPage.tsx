import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Flex, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { mediationStats, type Stats } from '../../shared/mediation/contract.js';
import { errorText } from '../app/i18n.js';
import { useMethod } from '../app/query.js';
import { EChart, type ChartOption } from './EChart.js';
import { byMonth, byType, monthsBetween, percent, rateOf, type Figures } from './stats.js';

export const STATS_PATH = '/mediation/stats';
export const reportPath = (month: string) => `/print/mediation/report/${month}`;

const COLORS = { accepted: '#1d4f91', resolved: '#52c41a', failed: '#f5222d', declined: '#bfbfbf', overdue: '#fa8c16' };

/** The charts of a range of months; shared by the page and the printed monthly report. */
export const useStatsCharts = (stats: Stats | undefined, months: string[]) => {
  const { t } = useTranslation();
  return useMemo(() => {
    if (!stats) return null;
    const monthly = byMonth(stats, months);
    const types = byType(stats).filter((r) => r.registered + r.accepted + r.resolved + r.failed + r.declined > 0);
    const perMonth: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: monthly.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('mediation.stats.accepted'), type: 'bar', data: monthly.map((m) => m.accepted), itemStyle: { color: COLORS.accepted } },
        { name: t('mediation.stats.resolved'), type: 'bar', data: monthly.map((m) => m.resolved), itemStyle: { color: COLORS.resolved } },
        { name: t('mediation.stats.failed'), type: 'bar', data: monthly.map((m) => m.failed), itemStyle: { color: COLORS.failed } },
        { name: t('mediation.stats.declined'), type: 'bar', data: monthly.map((m) => m.declined), itemStyle: { color: COLORS.declined } },
        {
          name: t('mediation.stats.overdue'),
          type: 'line',
          data: monthly.map((m) => m.overdueStart + m.overdueConclude),
          itemStyle: { color: COLORS.overdue },
        },
      ],
    };
    const perType: ChartOption = {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          name: t('mediation.stats.registered'),
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}: {c}' },
          data: types.map((r) => ({ name: t(`mediation.types.${r.type}`), value: r.registered })),
        },
      ],
    };
    const mediators = stats.mediators.filter((m) => m.concluded > 0);
    const perMediator: ChartOption = {
      tooltip: { trigger: 'axis' },
      grid: { left: 90, right: 40, top: 10, bottom: 24 },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: mediators.map((m) => m.name), inverse: true },
      series: [
        {
          name: t('mediation.stats.successRate'),
          type: 'bar',
          data: mediators.map((m) => Math.round((m.successRate ?? 0) * 1000) / 10),
          itemStyle: { color: COLORS.resolved },
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    };
    return { monthly, types, perMonth, perType, perMediator, mediators };
  }, [stats, months, t]);
};

/** The headline: "accepted 231, resolved 182, 61 at risk of turning criminal defused". */
export const Headline = ({ stats }: { stats: Stats }) => {
  const { t } = useTranslation();
  return (
    <span data-testid="stats-headline">
      {t('mediation.stats.headline', {
        accepted: stats.totals.accepted,
        resolved: stats.totals.resolved,
        defused: stats.highRisk.defused,
        flagged: stats.highRisk.flagged,
      })}
    </span>
  );
};

/** Mediation statistics: figures, charts by month, type and mediator, and the monthly report. */
export const StatsPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(11, 'month').startOf('month'), dayjs().startOf('month')]);
  const [reportMonth, setReportMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const months = useMemo(() => monthsBetween(from, to), [from, to]);
  const query = useMethod(mediationStats, { from, to });
  const charts = useStatsCharts(query.data, months);
  const stats = query.data;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="stats-page">
      <Card size="small">
        <Flex align="center" gap={12} wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/zone/mediation')}>
            {t('mediation.case.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('mediation.stats.title')}
          </Typography.Title>
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={range}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="stats-range"
          />
          <div style={{ flex: 1 }} />
          <DatePicker picker="month" allowClear={false} value={reportMonth} onChange={(v) => v && setReportMonth(v)} data-testid="report-month" />
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => navigate(reportPath(reportMonth.format('YYYY-MM')))} data-testid="print-report">
            {t('mediation.stats.printReport')}
          </Button>
        </Flex>
      </Card>
      {query.error && <Alert type="error" showIcon title={errorText(t, query.error)} />}
      {!stats || !charts ? (
        <Spin />
      ) : (
        <>
          <Card size="small">
            <Typography.Paragraph strong style={{ fontSize: 16, margin: '0 0 12px' }}>
              <Headline stats={stats} />
            </Typography.Paragraph>
            <Row gutter={[12, 12]}>
              {(
                [
                  ['registered', stats.totals.registered],
                  ['accepted', stats.totals.accepted],
                  ['resolved', stats.totals.resolved],
                  ['failed', stats.totals.failed],
                  ['declined', stats.totals.declined],
                  ['overdue', stats.totals.overdueStart + stats.totals.overdueConclude],
                  ['flagged', stats.highRisk.flagged],
                  ['defused', stats.highRisk.defused],
                ] as const
              ).map(([key, value]) => (
                <Col key={key} xs={12} md={6} xl={3}>
                  <Statistic title={t(`mediation.stats.${key}`)} value={value} data-testid={`stat-${key}`} />
                </Col>
              ))}
            </Row>
            <Typography.Text type="secondary">
              {t('mediation.stats.rate', { rate: percent(rateOf(stats.totals)) })}
            </Typography.Text>
            {stats.transferredAway > 0 && (
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="stats-transferred-away">
                {t('mediation.stats.transferredAway', { n: stats.transferredAway })}
              </Typography.Paragraph>
            )}
          </Card>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('mediation.stats.byMonth')}>
                <EChart option={charts.perMonth} testId="chart-month" />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('mediation.stats.byType')}>
                <EChart option={charts.perType} testId="chart-type" />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('mediation.stats.byMediator')}>
                {charts.mediators.length === 0 ? (
                  <Typography.Text type="secondary">{t('mediation.stats.noMediators')}</Typography.Text>
                ) : (
                  <EChart option={charts.perMediator} height={Math.max(120, 36 * charts.mediators.length + 40)} testId="chart-mediator" />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('mediation.stats.table')}>
                <Table<Figures & { month: string }>
                  size="small"
                  rowKey="month"
                  pagination={false}
                  data-testid="stats-table"
                  dataSource={charts.monthly}
                  columns={[
                    { title: t('mediation.stats.month'), dataIndex: 'month' },
                    ...(['registered', 'accepted', 'resolved', 'failed', 'declined'] as const).map((k) => ({ title: t(`mediation.stats.${k}`), dataIndex: k })),
                    {
                      title: t('mediation.stats.overdue'),
                      key: 'overdue',
                      render: (_: unknown, r) => r.overdueStart + r.overdueConclude,
                    },
                    { title: t('mediation.stats.successRate'), key: 'rate', render: (_: unknown, r) => percent(rateOf(r)) },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
};
