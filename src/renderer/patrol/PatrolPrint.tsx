import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { patrolStatement, patrolVolunteerGet } from '../../shared/patrol/contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { QrCode } from '../app/QrCode.js';
import { useMethod } from '../app/query.js';
import { LedgerTable } from './VolunteersTab.js';
import './print.css';

/** A volunteer's month on A4: opening and closing balance, every entry with who and why, signatures. */
export const StatementPrint = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { id = '', month = '' } = useParams();
  const s = useMethod(patrolStatement, { volunteerId: id, month });
  const path = `/print/patrol/statement/${id}/${month}`;
  if (s.error) return <Result status="error" title={errorText(t, s.error)} />;
  if (!s.data) return <PrintFrame pageSize="A4" path={path} ready={false}><Spin /></PrintFrame>;
  const d = s.data;
  return (
    <PrintFrame pageSize="A4" path={path}>
      <article className="patrol-print" data-testid="patrol-statement-print">
        <h1>{t('patrol.statement.title')}</h1>
        <table className="patrol-print-grid">
          <tbody>
            <tr>
              <th>{t('patrol.statement.station')}</th>
              <td colSpan={3}>{d.stationName}</td>
            </tr>
            <tr>
              <th>{t('patrol.statement.volunteer')}</th>
              <td>
                {d.volunteer.cardNo} {d.volunteer.name}
              </td>
              <th>{t('patrol.statement.month')}</th>
              <td>{d.month}</td>
            </tr>
            <tr>
              <th>{t('patrol.statement.opening')}</th>
              <td data-testid="statement-opening">{d.opening}</td>
              <th>{t('patrol.statement.closing')}</th>
              <td data-testid="statement-closing">{d.closing}</td>
            </tr>
            <tr>
              <th>{t('patrol.statement.earned')}</th>
              <td>+{d.earned}</td>
              <th>{t('patrol.statement.spent')}</th>
              <td>-{d.spent}</td>
            </tr>
          </tbody>
        </table>
        <p>{t('patrol.statement.patrols', { count: d.patrols, minutes: d.patrolMinutes })}</p>
        {d.entries.length === 0 ? <p>{t('patrol.statement.none')}</p> : <LedgerTable entries={d.entries} testId="statement-entries" />}
        <div className="patrol-print-signatures">
          <div>{t('patrol.statement.signature')}</div>
          <div>{t('patrol.statement.stamp')}</div>
        </div>
        <p style={{ textAlign: 'right', fontSize: '9pt' }}>{localDateTime(new Date(), me.timeZone)}</p>
      </article>
    </PrintFrame>
  );
};

/** The volunteer's number card, card-sized on an A5 sheet to cut out. */
export const VolunteerCardPrint = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { id = '' } = useParams();
  const v = useMethod(patrolVolunteerGet, { id });
  const path = `/print/patrol/card/${id}`;
  if (v.error) return <Result status="error" title={errorText(t, v.error)} />;
  if (!v.data) return <PrintFrame pageSize="A5" path={path} ready={false}><Spin /></PrintFrame>;
  const d = v.data;
  return (
    <PrintFrame pageSize="A5" path={path}>
      <div className="patrol-card" data-testid="patrol-card-print">
        <div style={{ flex: 1 }}>
          <h2>{t('patrol.card.title')}</h2>
          <dl>
            <dt>{t('patrol.card.no')}</dt>
            <dd>{d.cardNo}</dd>
            <dt>{t('patrol.card.name')}</dt>
            <dd>{d.name}</dd>
            <dt>{t('patrol.card.joined')}</dt>
            <dd>{d.joinedOn}</dd>
            <dt>{t('patrol.card.station')}</dt>
            <dd>{me.stationName}</dd>
          </dl>
        </div>
        <figure className="patrol-card-qr" data-testid="patrol-card-qr">
          <QrCode value={d.cardNo} size={88} title={t('patrol.card.qr', { no: d.cardNo })} />
          <figcaption>{t('patrol.card.qr', { no: d.cardNo })}</figcaption>
        </figure>
      </div>
    </PrintFrame>
  );
};
