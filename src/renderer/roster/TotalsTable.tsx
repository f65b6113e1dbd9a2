import { useTranslation } from 'react-i18next';
import type { RosterMonth } from '../../shared/roster/contract.js';

/** Each person's shifts, hours, nights, weekends and holidays in the month. */
export const TotalsTable = ({ m }: { m: RosterMonth }) => {
  const { t } = useTranslation();
  const byId = new Map(m.totals.map((x) => [x.staffId, x]));
  return (
    <table className="roster-grid" style={{ width: 'auto', minWidth: 560 }} data-testid="roster-totals">
      <thead>
        <tr>
          <th className="roster-name">{t('roster.month.person')}</th>
          <th>{t('roster.month.role')}</th>
          <th>{t('roster.month.shifts')}</th>
          <th>{t('roster.month.hours')}</th>
          <th>{t('roster.month.nights')}</th>
          <th>{t('roster.month.weekends')}</th>
          <th>{t('roster.month.holidays')}</th>
        </tr>
      </thead>
      <tbody>
        {m.people.map((p) => {
          const x = byId.get(p.staffId);
          return (
            <tr key={p.staffId}>
              <th className="roster-name">{p.name}</th>
              <td>{t(`roster.roles.${p.role}`)}</td>
              <td>{x?.shifts ?? 0}</td>
              <td>{x?.hours ?? 0}</td>
              <td>{x?.nights ?? 0}</td>
              <td>{x?.weekends ?? 0}</td>
              <td>{x?.holidays ?? 0}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};
