import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { officeHandoverGet, officeShiftGet } from '../../shared/office/contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { useMethod } from '../app/query.js';
import { entryLine, EntryText, useEntryParts } from './common.js';
import './print.css';
import { displayShiftName } from '../../shared/roster/shiftNames.js';
import { listText } from '../app/messages.js';

/** The handover record on A4: the shift's log, open items, instructions, the count, both signatures. */
export const HandoverPrint = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const parts = useEntryParts();
  const { id = '' } = useParams();
  const h = useMethod(officeHandoverGet, { id });
  const log = useMethod(officeShiftGet, { id: h.data?.shiftId ?? '' }, { enabled: Boolean(h.data) });
  const path = `/print/office/handover/${id}`;
  if (h.error || log.error) return <Result status="error" title={errorText(t, h.error ?? log.error)} />;
  if (!h.data || !log.data) return <PrintFrame pageSize="A4" path={path} ready={false}><Spin /></PrintFrame>;
  const d = h.data;
  const at = (iso: string | null) => (iso ? localDateTime(iso, me.timeZone) : '');
  const none = t('office.handover.none');
  return (
    <PrintFrame pageSize="A4" path={path}>
      <article className="office-print" data-testid="handover-print">
        <h1>{t('office.handover.printTitle')}</h1>
        <table className="office-print-grid">
          <tbody>
            <tr>
              <th>{t('office.handover.station')}</th>
              <td colSpan={3}>{d.stationName}</td>
            </tr>
            <tr>
              <th>{t('office.handover.shift')}</th>
              <td>
                {displayShiftName(d.shiftName, i18n.language)} {at(d.shiftStartsAt)} – {at(d.shiftEndsAt)}
              </td>
              <th>{t('office.handover.time')}</th>
              <td>{at(d.receiverSignedAt) || t(`office.handoverStatuses.${d.status}`)}</td>
            </tr>
            <tr>
              <th>{t('office.handover.onDuty')}</th>
              <td colSpan={3}>{listText(t, d.shiftPeople.map((p) => t('app.aside', { text: p.name, aside: t(`office.roles.${p.role}`) })))}</td>
            </tr>
            <tr>
              <th>{t('office.handover.summary')}</th>
              <td colSpan={3} className="office-pre">{d.summary ?? none}</td>
            </tr>
            <tr>
              <th>{t('office.handover.instructions')}</th>
              <td colSpan={3} className="office-pre">{d.instructions ?? none}</td>
            </tr>
          </tbody>
        </table>

        <h2>{t('office.tabs.log')}</h2>
        <table className="office-print-list">
          <thead>
            <tr>
              <th>{t('office.entry.at')}</th>
              <th>{t('office.entry.type')}</th>
              <th>{t('office.entry.people')}</th>
              <th>{t('office.entry.place')}</th>
              <th>{t('office.entry.action')}</th>
              <th>{t('office.entry.result')}</th>
              <th>{t('office.entry.state')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data.entries.map((e) => (
              <tr key={e.id}>
                <td>{at(e.at)}</td>
                <td>{t(`office.types.${e.type}`)}</td>
                <td>{parts(e).people}</td>
                <td>{e.place}</td>
                <td>
                  <EntryText entry={e} />
                </td>
                <td>{parts(e).result}</td>
                <td>{t(`office.states.${e.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>{t('office.handover.openItems')}</h2>
        {d.openItems.length === 0 ? (
          <p>{t('office.handover.noOpenItems')}</p>
        ) : (
          <ol data-testid="handover-print-open-items">
            {d.openItems.map((o) => (
              <li key={o.entryId}>
                {at(o.at)} {t('office.handover.openItemLine', { type: t(`office.types.${o.type}`), text: o.composed ? entryLine(parts(o.composed)) : o.text })}
                {o.owner ? t('office.handover.openItemOwner', { owner: o.owner }) : ''}
              </li>
            ))}
          </ol>
        )}

        <h2>{t('office.handover.checklist')}</h2>
        <table className="office-print-list">
          <thead>
            <tr>
              <th>{t('office.equipment.kind')}</th>
              <th>{t('office.handover.item')}</th>
              <th>{t('office.equipment.code')}</th>
              <th>{t('office.handover.state')}</th>
              <th>{t('office.handover.note')}</th>
            </tr>
          </thead>
          <tbody>
            {d.checklist.map((l) => (
              <tr key={l.itemId}>
                <td>{t(`office.kinds.${l.kind}`)}</td>
                <td>{l.name}</td>
                <td>{l.code}</td>
                <td>{t(`office.equipmentStates.${l.state}`)}</td>
                <td>{l.note}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <div className="office-print-signatures">
          <div>
            {t('app.labelled', { label: t('office.handover.giver'), value: d.giver.name })}
            <br />
            {d.giverSignedAt ? t('office.handover.signedAt', { at: at(d.giverSignedAt) }) : t('office.handover.waiting')}
          </div>
          <div>
            {t('app.labelled', { label: t('office.handover.receiver'), value: d.receiver.name })}
            <br />
            {d.receiverSignedAt ? t('office.handover.signedAt', { at: at(d.receiverSignedAt) }) : t('office.handover.waiting')}
          </div>
        </div>
      </article>
    </PrintFrame>
  );
};
