import { CalendarOutlined, FileExcelOutlined, LeftOutlined, PrinterOutlined, RedoOutlined, RightOutlined, SettingOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Flex, Select, Space, Spin, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { AppError } from '../../shared/errors.js';
import {
  rosterChange,
  rosterExportIcs,
  rosterExportXlsx,
  rosterGenerate,
  rosterJob,
  rosterMonth,
  rosterSettingsGet,
  rosterSettingsSave,
  rosterStop,
  type RosterJob,
} from '../../shared/roster/contract.js';
import { localDate } from '../../shared/time.js';
import { call } from '../app/api.js';
import { useCan, useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { AbsencesPanel } from './AbsencesPanel.js';
import { GridTab } from './GridTab.js';
import { addMonths, download, personPrintPath, rosterErrorText, shiftColours, wallChartPath } from './common.js';
import { JobPanel } from './JobPanel.js';
import type { CellChange } from './MonthGrid.js';
import { RerosterModal } from './RerosterModal.js';
import { SwapsPanel } from './SwapsPanel.js';
import { TotalsChart } from './TotalsChart.js';
import { TotalsTable } from './TotalsTable.js';

/** The month's roster: generate, adjust, re-roster, leave and wishes, swaps, totals, print and export. */
export const RosterPage = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const thisMonth = localDate(new Date(), me.timeZone).slice(0, 7);
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : thisMonth;
  const setMonth = (m: string) => setParams({ month: m }, { replace: true });

  const isHead = can(rosterGenerate);
  const data = useMethod(rosterMonth, { month });
  const settings = useMethod(rosterSettingsGet, {});
  // the job started from this page stays shown once it ends, with its outcome
  const [startedId, setStartedId] = useState<string | null>(null);
  const job = useMethod(rosterJob, { month }, { enabled: isHead, refetchInterval: (q) => (q.state.data?.state === 'running' ? 500 : false) });
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const [rerosterOpen, setRerosterOpen] = useState(false);
  const [rerosterNote, setRerosterNote] = useState<string | null>(null);
  const [picked, setIcsPerson] = useState<string | undefined>();
  // a month alone, or the calendar quarter it lies in as one plan (fairness over the quarter)
  const [span, setSpan] = useState<'month' | 'quarter'>('month');
  const quarterFirst = Number(month.slice(5, 7)) - ((Number(month.slice(5, 7)) - 1) % 3);

  const m = data.data;
  const shiftTypes = useMemo(() => m?.shiftTypes ?? [], [m]);
  const monthKey = useMemo(() => [rosterMonth.name, { month }], [month]);
  const running = job.data?.state === 'running';

  const refreshAll = useCallback(() => {
    void client.invalidateQueries();
  }, [client]);

  const startGenerate = async () => {
    setRefusal(null);
    try {
      const started = await call(rosterGenerate, { month, span });
      client.setQueryData([rosterJob.name, { month }], started);
      setStartedId(started.id);
    } catch (e) {
      message.error(rosterErrorText(t, e, shiftTypes));
    }
  };
  const generate = () => {
    if (span === 'quarter')
      modal.confirm({ title: t('roster.generate.quarter'), content: t('roster.generate.confirmQuarter'), onOk: startGenerate, okButtonProps: { 'data-testid': 'confirm-generate' } });
    else if (m?.roster)
      modal.confirm({ title: t('roster.generate.again'), content: t('roster.generate.confirmAgain'), onOk: startGenerate, okButtonProps: { 'data-testid': 'confirm-generate' } });
    else void startGenerate();
  };
  const stop = async () => {
    setStopping(true);
    try {
      const j = await call(rosterStop, { month });
      if (j) client.setQueryData([rosterJob.name, { month }], j);
    } catch (e) {
      message.error(rosterErrorText(t, e, shiftTypes));
    } finally {
      setStopping(false);
    }
  };

  /** One edit: the core checks it against every rule; a refusal leaves the grid as it was. */
  const change = async (changes: CellChange[]) => {
    if (!m?.roster || saving) return;
    setSaving(true);
    setRefusal(null);
    try {
      const next = await call(rosterChange, { month, version: m.roster.version, changes });
      client.setQueryData(monthKey, next);
    } catch (e) {
      if (e instanceof AppError && e.key === 'roster.changedElsewhere') {
        setRefusal(t('roster.edit.conflict'));
        await data.refetch();
      } else setRefusal(t('roster.edit.refused', { reason: rosterErrorText(t, e, shiftTypes) }));
    } finally {
      setSaving(false);
    }
  };

  const exportXlsx = async () => {
    try {
      const file = await call(rosterExportXlsx, { month, lang: i18n.language.startsWith('en') ? 'en' : 'zh' });
      download(file.fileName, { base64: file.base64, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    } catch (e) {
      message.error(rosterErrorText(t, e));
    }
  };
  const exportIcs = async () => {
    if (!icsPerson) return;
    try {
      const file = await call(rosterExportIcs, { month, staffId: icsPerson });
      download(file.fileName, { text: file.text, type: 'text/calendar' });
    } catch (e) {
      message.error(rosterErrorText(t, e));
    }
  };

  const colours = shiftColours(shiftTypes);
  const showJob = job.data && job.data.id !== dismissed && (job.data.state === 'running' || job.data.id === startedId || job.data.state === 'infeasible' || job.data.state === 'unsolved');
  const people = m?.people ?? [];
  // the person whose schedule is printed or exported: oneself when on the roster, else the first
  const icsPerson = picked ?? (people.some((p) => p.staffId === me.staffId) ? me.staffId : people[0]?.staffId);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="roster-page" data-version={m?.roster?.version ?? 0}>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              <CalendarOutlined /> {t('roster.title')}
            </Typography.Title>
            <Button icon={<LeftOutlined />} onClick={() => setMonth(addMonths(month, -1))} aria-label={t('roster.month.prev')} data-testid="month-prev" />
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={(v) => v && setMonth(v.format('YYYY-MM'))}
              data-testid="month-picker"
              format={(v) => v.format(i18n.language === 'en' ? 'MMMM YYYY' : 'YYYY年M月')}
            />
            <Button icon={<RightOutlined />} onClick={() => setMonth(addMonths(month, 1))} aria-label={t('roster.month.next')} data-testid="month-next" />
            {month !== thisMonth && <Button onClick={() => setMonth(thisMonth)}>{t('roster.month.today')}</Button>}
          </Space>
          <Space wrap>
            {isHead && (
              <Select
                value={span}
                onChange={setSpan}
                disabled={running}
                data-testid="roster-span"
                aria-label={t('roster.generate.span')}
                popupMatchSelectWidth={false}
                options={[
                  { value: 'month', label: t('roster.generate.spanMonth') },
                  { value: 'quarter', label: t('roster.generate.spanQuarter', { from: quarterFirst, to: quarterFirst + 2 }) },
                ]}
              />
            )}
            {isHead && (
              <Button type="primary" icon={<ThunderboltOutlined />} onClick={generate} disabled={running} data-testid="roster-generate">
                {span === 'quarter' ? t('roster.generate.quarter') : m?.roster ? t('roster.generate.again') : t('roster.generate.button')}
              </Button>
            )}
            {isHead && m?.roster && (
              <Button icon={<RedoOutlined />} onClick={() => setRerosterOpen(true)} disabled={running} data-testid="roster-reroster">
                {t('roster.reroster.button')}
              </Button>
            )}
            <Button icon={<PrinterOutlined />} onClick={() => navigate(wallChartPath(month))} disabled={!m?.roster} data-testid="roster-print">
              {t('roster.print.wallChart')}
            </Button>
            <Button icon={<FileExcelOutlined />} onClick={() => void exportXlsx()} disabled={!m?.roster} data-testid="roster-xlsx">
              {t('roster.export.xlsx')}
            </Button>
            {isHead && can(rosterSettingsSave) && (
              <Button icon={<SettingOutlined />} onClick={() => navigate('/roster/settings')} data-testid="roster-settings">
                {t('roster.settingsTitle')}
              </Button>
            )}
          </Space>
        </Flex>
      </Card>

      {showJob && job.data && (
        <JobPanel
          job={job.data}
          shiftTypes={shiftTypes}
          people={m?.people ?? []}
          timeLimit={settings.data?.settings.timeLimitSeconds ?? 30}
          stopping={stopping}
          onStop={() => void stop()}
          onClose={() => setDismissed(job.data!.id)}
          onFinished={refreshAll}
        />
      )}
      {rerosterNote && <Alert type="success" showIcon closable={{ onClose: () => setRerosterNote(null) }} title={rerosterNote} data-testid="reroster-result" />}
      {refusal && <Alert type="error" showIcon closable={{ onClose: () => setRefusal(null) }} title={refusal} data-testid="edit-refused" />}
      {data.error && <Alert type="error" showIcon title={rosterErrorText(t, data.error)} />}

      {!m ? (
        <Card>
          <Spin />
        </Card>
      ) : (
        <Tabs
          defaultActiveKey="grid"
          items={[
            {
              key: 'grid',
              label: t('roster.title'),
              children: <GridTab m={m} isHead={isHead} saving={saving} running={running} onChange={(c) => void change(c)} colours={colours} />,
            },
            {
              key: 'totals',
              label: t('roster.month.totals'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <TotalsTable m={m} />
                  <TotalsChart m={m} />
                  <Card size="small" title={t('roster.print.person')}>
                    <Space wrap>
                      <Select
                        style={{ minWidth: 180 }}
                        value={icsPerson}
                        onChange={setIcsPerson}
                        placeholder={t('roster.export.pickPerson')}
                        options={people.map((p) => ({ value: p.staffId, label: t('app.aside', { text: p.name, aside: t(`roster.roles.${p.role}`) }) }))}
                        data-testid="person-pick"
                      />
                      <Button icon={<PrinterOutlined />} disabled={!m.roster || !icsPerson} onClick={() => navigate(personPrintPath(month, icsPerson!))} data-testid="person-print">
                        {t('roster.print.person')}
                      </Button>
                      <Button icon={<CalendarOutlined />} disabled={!m.roster || !icsPerson} onClick={() => void exportIcs()} data-testid="person-ics">
                        {t('roster.export.ics')}
                      </Button>
                    </Space>
                  </Card>
                </Space>
              ),
            },
            { key: 'absences', label: t('roster.month.absences'), children: <AbsencesPanel m={m} /> },
            { key: 'swaps', label: t('roster.month.swaps'), children: <SwapsPanel m={m} /> },
          ]}
        />
      )}
      {m && (
        <RerosterModal
          open={rerosterOpen}
          m={m}
          onClose={() => setRerosterOpen(false)}
          onDone={(text, started: RosterJob | null) => {
            setRerosterOpen(false);
            setRerosterNote(text);
            if (started) {
              client.setQueryData([rosterJob.name, { month }], started);
              setStartedId(started.id);
            }
          }}
        />
      )}
    </Space>
  );
};
