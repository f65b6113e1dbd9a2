import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { NIGHT_CHECK_RULE, patrolFeedbackSheet, type Deduction } from '../../shared/patrol/prevention.contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { useMethod } from '../app/query.js';
import './prevention.css';
import { listText } from '../app/messages.js';

/**
 * The feedback sheet of a property's night checks for a month (A4): for the management company and
 * the housing department — every check with its deductions, the monthly score against the pass mark.
 */
export const PreventionFeedbackPrint = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { propertyId = '', month = '' } = useParams();
  const sheet = useMethod(patrolFeedbackSheet, { propertyId, month });
  const path = `/print/patrol/feedback/${propertyId}/${month}`;
  if (sheet.error) return <Result status="error" title={errorText(t, sheet.error)} />;
  if (!sheet.data) return <PrintFrame pageSize="A4" path={path} ready={false}><Spin /></PrintFrame>;
  const d = sheet.data;
  const p = d.property;
  const m = d.monthly;
  const deduction = (x: Deduction) => `${t(`prevention.check.items.${x.item}`, { count: x.count, text: x.text ?? '' })} −${x.points}`;
  return (
    <PrintFrame pageSize="A4" path={path}>
      <article className="prevention-print" data-testid="prevention-feedback">
        <h1>{t('prevention.feedback.title')}</h1>
        <p>{t('prevention.feedback.to', { company: p.company })}</p>
        <table className="prevention-print-grid">
          <tbody>
            <tr>
              <th>{t('prevention.feedback.station')}</th>
              <td>{d.stationName}</td>
              <th>{t('prevention.feedback.month')}</th>
              <td>{d.month}</td>
            </tr>
            <tr>
              <th>{t('prevention.feedback.property')}</th>
              <td>
                {p.addressText ? t('app.aside', { text: p.name, aside: p.addressText }) : p.name}
              </td>
              <th>{t('prevention.feedback.company')}</th>
              <td>{p.company}</td>
            </tr>
            <tr>
              <th>{t('prevention.feedback.contact')}</th>
              <td>{[p.contactName, p.contactPhone].filter(Boolean).join(' ')}</td>
              <th>{t('prevention.feedback.guards')}</th>
              <td>{listText(t, p.guards.map((g) => g.name)) || t('prevention.none')}</td>
            </tr>
            <tr>
              <th>{t('prevention.feedback.monthlyScore')}</th>
              <td data-testid="prevention-feedback-score">
                {m.score === null ? t('prevention.feedback.noCheck') : t('prevention.feedback.average', { score: m.score, checks: m.checks, pass: m.passScore })}
              </td>
              <th>{t('prevention.feedback.result')}</th>
              <td>{m.passed === null ? '—' : m.passed ? t('prevention.property.passed') : t('prevention.property.failed')}</td>
            </tr>
          </tbody>
        </table>

        <h2>{t('prevention.feedback.checks')}</h2>
        <table className="prevention-print-list">
          <thead>
            <tr>
              <th>{t('prevention.feedback.at')}</th>
              <th>{t('prevention.feedback.onRound')}</th>
              <th>{t('prevention.feedback.guardsSeen')}</th>
              <th>{t('prevention.feedback.points')}</th>
              <th>{t('prevention.feedback.problems')}</th>
              <th>{t('prevention.feedback.score')}</th>
            </tr>
          </thead>
          <tbody>
            {d.checks.map((c) => (
              <tr key={c.id}>
                <td>{localDateTime(c.checkedAt, me.timeZone)}</td>
                <td>{c.onRound ? t('prevention.check.yes') : t('prevention.check.no')}</td>
                <td>
                  {c.guardsSeen} / {c.guardsExpected}
                </td>
                <td>
                  {c.pointsChecked} / {c.pointsTotal}
                </td>
                <td>{c.deductions.map(deduction).join(t('app.clauseSeparator')) || t('prevention.none')}</td>
                <td>{c.score}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t('prevention.check.rule', NIGHT_CHECK_RULE)}</p>
        <p>{t('prevention.feedback.opinion')}</p>
        {d.dutyPhone && <p>{t('prevention.feedback.phone', { phone: d.dutyPhone })}</p>}

        <div className="prevention-print-signatures">
          <div>{t('prevention.feedback.signStation')}</div>
          <div>{t('prevention.feedback.signCompany')}</div>
        </div>
      </article>
    </PrintFrame>
  );
};
