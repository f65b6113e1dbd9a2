import { Result, Spin } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { mediationStats } from '../../shared/mediation/contract.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { useMethod } from '../app/query.js';
import { EChart } from './EChart.js';
import { reportPath, Headline, useStatsCharts } from './StatsPage.js';
import { percent, rateOf } from './stats.js';
import './print.css';

/** The printable monthly report (A4): the month's figures by type and by mediator, and the 民转刑 line. */
export const ReportPrint = () => {
  const { month = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useMe();
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const query = useMethod(mediationStats, { from: month, to: month }, { enabled: valid });
  const months = useMemo(() => [month], [month]);
  const charts = useStatsCharts(query.data, months);
  if (!valid) return <Result status="warning" title={t('errors.mediation.month')} />;
  if (query.error) return <Result status="warning" title={errorText(t, query.error)} />;
  const stats = query.data;
  const [y, m] = month.split('-').map(Number);
  return (
    <PrintFrame pageSize="A4" path={reportPath(month)} ready={Boolean(stats && charts)}>
      {!stats || !charts ? (
        <Spin />
      ) : (
        <div className="med-doc med-report" data-testid="report">
          <h1>{t('mediation.report.title')}</h1>
          <div className="med-meta">
            <span>{me.stationName}</span>
            <span data-testid="report-month">{t('mediation.report.month', { year: y, month: m })}</span>
          </div>
          <p className="med-text">
            <Headline stats={stats} />
          </p>
          <h2>{t('mediation.report.summary')}</h2>
          <table className="med-table" data-testid="report-summary">
            <thead>
              <tr>
                {(['registered', 'accepted', 'resolved', 'failed', 'declined', 'overdueStart', 'overdueConclude'] as const).map((k) => (
                  <th key={k}>{t(`mediation.stats.${k}`)}</th>
                ))}
                <th>{t('mediation.stats.successRate')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {(['registered', 'accepted', 'resolved', 'failed', 'declined', 'overdueStart', 'overdueConclude'] as const).map((k) => (
                  <td key={k}>{stats.totals[k]}</td>
                ))}
                <td>{percent(rateOf(stats.totals))}</td>
              </tr>
            </tbody>
          </table>
          <h2>{t('mediation.stats.byType')}</h2>
          <table className="med-table" data-testid="report-types">
            <thead>
              <tr>
                <th>{t('mediation.form.type')}</th>
                {(['registered', 'accepted', 'resolved', 'failed', 'declined'] as const).map((k) => (
                  <th key={k}>{t(`mediation.stats.${k}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {charts.types.map((r) => (
                <tr key={r.type}>
                  <td>{t(`mediation.types.${r.type}`)}</td>
                  {(['registered', 'accepted', 'resolved', 'failed', 'declined'] as const).map((k) => (
                    <td key={k}>{r[k]}</td>
                  ))}
                </tr>
              ))}
              {charts.types.length === 0 && (
                <tr>
                  <td colSpan={6}>{t('mediation.report.none')}</td>
                </tr>
              )}
            </tbody>
          </table>
          {charts.types.length > 0 && <EChart option={charts.perType} height={240} testId="report-chart" />}
          <h2>{t('mediation.stats.byMediator')}</h2>
          <table className="med-table" data-testid="report-mediators">
            <thead>
              <tr>
                <th>{t('mediation.report.mediator')}</th>
                <th>{t('mediation.report.concluded')}</th>
                <th>{t('mediation.stats.resolved')}</th>
                <th>{t('mediation.stats.failed')}</th>
                <th>{t('mediation.stats.successRate')}</th>
              </tr>
            </thead>
            <tbody>
              {charts.mediators.map((md) => (
                <tr key={md.mediatorId}>
                  <td>{md.name}</td>
                  <td>{md.concluded}</td>
                  <td>{md.agreed}</td>
                  <td>{md.failed}</td>
                  <td>{percent(md.successRate)}</td>
                </tr>
              ))}
              {charts.mediators.length === 0 && (
                <tr>
                  <td colSpan={5}>{t('mediation.report.none')}</td>
                </tr>
              )}
            </tbody>
          </table>
          <h2>{t('mediation.report.risk')}</h2>
          <p className="med-text" data-testid="report-risk">
            {t('mediation.report.riskLine', { flagged: stats.highRisk.flagged, defused: stats.highRisk.defused })}
          </p>
          <div className="med-meta med-report-sign" style={{ marginTop: 24 }}>
            <span>{t('mediation.report.preparedBy', { name: me.name })}</span>
            <span>{t('mediation.report.sealHere')}</span>
          </div>
        </div>
      )}
    </PrintFrame>
  );
};
