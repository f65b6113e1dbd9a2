import { Card } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterMonth } from '../../shared/roster/contract.js';

// only the pieces this chart uses, so the renderer bundle stays small
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Hours per person (bars) with nights, weekends and holidays beside them: fairness at a glance. */
export const TotalsChart = ({ m }: { m: RosterMonth }) => {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const chart = echarts.init(box.current);
    const byId = new Map(m.totals.map((x) => [x.staffId, x]));
    const names = m.people.map((p) => p.name);
    const series = (key: 'hours' | 'nights' | 'weekends' | 'holidays', axis: number) => ({
      name: t(`roster.month.${key}`),
      type: 'bar' as const,
      yAxisIndex: axis,
      data: m.people.map((p) => byId.get(p.staffId)?.[key] ?? 0),
    });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: names },
      yAxis: [
        { type: 'value', name: t('roster.month.hours') },
        { type: 'value', name: t('roster.month.shifts'), minInterval: 1 },
      ],
      series: [series('hours', 0), series('nights', 1), series('weekends', 1), series('holidays', 1)],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [m, t]);
  return (
    <Card size="small" title={t('roster.month.chart')}>
      <div ref={box} style={{ width: '100%', height: 280 }} data-testid="roster-chart" />
    </Card>
  );
};
