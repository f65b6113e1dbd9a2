import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { collectionAppointmentGet, collectionChart } from '../../shared/collection/contract.js';
import { stationGet } from '../../shared/station/contract.js';
import { localDate, localDateTime, localTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { useMethod } from '../app/query.js';
import { chartPrintPath, noticePrintPath } from './common.js';
import './print.css';
import type { Names } from '../app/resources.js';

/**
 * 入户采集表: the building chart on paper for the officer to carry door to door, one table per
 * unit, every room a row with its state, the people on record and blank columns to fill in. A
 * Chinese form whatever the screen's language.
 */
export const ChartPrint = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { id = '' } = useParams();
  const chart = useMethod(collectionChart, { buildingId: id });
  const zh = (key: Names<'collection.chart'>, params?: Record<string, unknown>) => t(`collection.chart.${key}`, { ...params, lng: 'zh-CN' });
  let body;
  if (chart.error) body = <Result status="warning" title={errorText(t, chart.error)} />;
  else if (!chart.data) body = <Spin />;
  else {
    const c = chart.data;
    body = (
      <div className="col-sheet">
        <h1>{zh('sheetTitle')}</h1>
        <div className="col-meta" data-testid="sheet-building">
          {c.building.fullText}
        </div>
        <div className="col-meta">{zh('sheetMeta', { grid: c.building.grid ?? '—', area: c.building.policeArea ?? '—', date: localDate(new Date(), me.timeZone) })}</div>
        <p className="col-note">{zh('sheetNote')}</p>
        {c.units.map((u) => (
          <section key={u.id ?? 'none'} className="col-unit">
            {u.name && <h2>{u.name}</h2>}
            <table className="col-table">
              <thead>
                <tr>
                  <th style={{ width: '12%' }}>{zh('colRoom')}</th>
                  <th style={{ width: '12%' }}>{zh('colState')}</th>
                  <th>{zh('colPeople')}</th>
                  <th style={{ width: '8%' }}>{zh('colCheck')}</th>
                  <th style={{ width: '30%' }}>{zh('colChange')}</th>
                </tr>
              </thead>
              <tbody>
                {u.floors.flatMap((f) =>
                  f.rooms.map((r) => (
                    <tr key={r.id} data-testid="sheet-room">
                      <td>{r.name}</td>
                      <td>{t(`collection.states.${r.state}`, { lng: 'zh-CN' })}</td>
                      <td>{r.names.join('、')}</td>
                      <td />
                      <td />
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </section>
        ))}
        <p className="col-sign">{zh('collector')}</p>
      </div>
    );
  }
  return (
    <PrintFrame pageSize="A4" path={chartPrintPath(id)} ready={Boolean(chart.data)}>
      {body}
    </PrintFrame>
  );
};

/** 上门采集预约通知 on A5, for the door: when, who, what to have ready, a number to call. */
export const NoticePrint = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const { id = '' } = useParams();
  const a = useMethod(collectionAppointmentGet, { id });
  const station = useMethod(stationGet, {});
  const zh = (key: Names<'collection.appointments'>) => t(`collection.appointments.${key}`, { lng: 'zh-CN' });
  let body;
  if (a.error || station.error) body = <Result status="warning" title={errorText(t, a.error ?? station.error)} />;
  else if (!a.data || !station.data) body = <Spin />;
  else {
    const phone = station.data.dutyPhones[0]?.number ?? '';
    body = (
      <div className="col-notice" data-testid="notice">
        <h1>{zh('noticeTitle')}</h1>
        <p>{a.data.residentNames.length ? `${a.data.residentNames.join('、')}：` : '住户：'}</p>
        <p className="col-indent">{t('collection.appointments.noticeBody', { lng: 'zh-CN', who: a.data.collectorTitle })}</p>
        <table className="col-table">
          <tbody>
            <tr>
              <th>{zh('noticeTime')}</th>
              <td data-testid="notice-time">
                {localDateTime(a.data.startAt, me.timeZone)}–{localTime(a.data.endAt, me.timeZone)}
              </td>
            </tr>
            <tr>
              <th>{zh('noticeAddress')}</th>
              <td>{a.data.addressText}</td>
            </tr>
            <tr>
              <th>{zh('noticeWho')}</th>
              <td>{a.data.collector.name}</td>
            </tr>
          </tbody>
        </table>
        <p>
          {zh('noticeContact')} {phone}
        </p>
        <p>{zh('noticeThanks')}</p>
        <p className="col-right">{station.data.name}</p>
        <p className="col-right">{localDate(new Date(), me.timeZone)}</p>
      </div>
    );
  }
  return (
    <PrintFrame pageSize="A5" path={noticePrintPath(id)} ready={Boolean(a.data && station.data)}>
      {body}
    </PrintFrame>
  );
};
