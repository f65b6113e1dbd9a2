import { Alert, Card, Empty, Flex, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RosterMonth } from '../../shared/roster/contract.js';
import { localDateTime } from '../../shared/time.js';
import { useMe } from '../app/me.js';
import { issueText, shiftLabel, shiftMark, shiftTime } from './common.js';
import { MonthGrid, type CellChange } from './MonthGrid.js';

/** The roster page's first tab: the legend, the month's state, the grid and what breaks the rules. */
export const GridTab = ({
  m,
  isHead,
  saving,
  running,
  onChange,
  colours,
}: {
  m: RosterMonth;
  isHead: boolean;
  saving: boolean;
  running: boolean;
  onChange: (c: CellChange[]) => void;
  colours: Map<string, { bg: string; fg: string }>;
}) => {
  const { t } = useTranslation();
  const { me } = useMe();
  if (m.people.length === 0) return <Empty description={t('roster.month.empty')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Flex justify="space-between" wrap gap={8}>
        <div className="roster-legend" data-testid="roster-legend">
          {m.shiftTypes.map((s) => (
            <span key={s.id}>
              <span className="swatch" style={{ background: colours.get(s.id)?.bg, color: colours.get(s.id)?.fg }}>
                {shiftMark(m.shiftTypes, s.id)}
              </span>
              {shiftLabel(s)} {shiftTime(s)}
            </span>
          ))}
          <span>
            <span className="swatch" style={{ background: 'repeating-linear-gradient(45deg,#f5f5f5,#f5f5f5 4px,#e8e8e8 4px,#e8e8e8 8px)' }} />
            {t('roster.month.leave')}
          </span>
          <span>
            <span className="swatch" style={{ background: '#fff7e6' }} />
            {t('roster.month.weekends')}
          </span>
          <span>
            <span className="swatch" style={{ background: '#cf1322', color: '#fff', fontSize: 10 }}>
              {t('roster.month.holiday')}
            </span>
            {t('roster.month.holidays')}
          </span>
          <span>
            <span className="swatch" style={{ background: '#bbb' }} />
            {t('roster.month.past')}
          </span>
        </div>
        <Space wrap size={4}>
          {m.roster ? (
            <>
              <Tag>{t('roster.month.version', { version: m.roster.version })}</Tag>
              {m.roster.generatedAt && <Tag>{t('roster.month.generatedAt', { at: localDateTime(m.roster.generatedAt, me.timeZone) })}</Tag>}
              {m.roster.objective !== null && (
                <Tag color={m.roster.optimal ? 'green' : 'orange'} data-testid="roster-optimal">
                  {m.roster.optimal ? t('roster.month.optimal') : t('roster.month.notOptimal', { objective: m.roster.objective })}
                </Tag>
              )}
            </>
          ) : (
            <Tag color="blue">{isHead ? t('roster.month.notGeneratedHead') : t('roster.month.notGenerated')}</Tag>
          )}
        </Space>
      </Flex>
      {m.clockChanges.map((c) => (
        <Alert key={c.date} type="warning" showIcon title={t('roster.month.clockChange', { date: c.date, minutes: c.minutes })} />
      ))}
      <MonthGrid month={m} onChange={isHead ? onChange : undefined} busy={saving || running} />
      <Card size="small" title={m.issues.length ? t('roster.month.issues', { n: m.issues.length }) : t('roster.month.noIssues')} data-testid="roster-issues">
        {m.issues.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 220, overflowY: 'auto' }}>
            {m.issues.map((i, k) => (
              <li key={k} style={{ color: '#cf1322' }}>
                {issueText(t, i, m.shiftTypes)}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Space>
  );
};
