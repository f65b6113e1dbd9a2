import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { patrolAttendanceCancel, patrolSchoolPosts, patrolSchoolSave, patrolSchoolsList, patrolTermSave, patrolTermsList, patrolTermView, type PostView, type SchoolView } from '../../../shared/patrol/prevention.contract.js';
import { localDate, localTime } from '../../../shared/time.js';
import { errorText } from '../../app/i18n.js';
import { useCan, useMe } from '../../app/me.js';
import { listText } from '../../app/messages.js';
import { ModalForm } from '../../app/ModalForm.js';
import { useAction, useMethod } from '../../app/query.js';
import { CancelRecord, STATE_COLOR } from './common.js';
import { AttendanceForm, SchoolForm } from './SchoolForms.js';
import { isoDate } from '../../app/formValues.js';

// ───────────────────────────── school guard posts ─────────────────────────────

export const SchoolsTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const [date, setDate] = useState(localDate(new Date(), me.timeZone));
  const day = useMethod(patrolSchoolPosts, { date });
  const schools = useMethod(patrolSchoolsList, {});
  const [recording, setRecording] = useState<PostView | null>(null);
  const navigate = useNavigate();
  const [editing, setEditing] = useState<SchoolView | 'new' | null>(null);
  const period = (p: PostView) => t(`prevention.school.periods.${p.period}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {(day.error ?? schools.error) && <Alert type="error" showIcon title={errorText(t, day.error ?? schools.error)} />}
      <Flex gap={12} align="center" wrap>
        <span>{t('prevention.school.date')}</span>
        <DatePicker allowClear={false} value={dayjs(date)} onChange={(d: Dayjs | null) => d && setDate(d.format('YYYY-MM-DD'))} data-testid="prevention-post-date" />
        {day.data?.holidayName && <Tag color="orange">{t('prevention.school.makeUpDay', { name: day.data.holidayName })}</Tag>}
      </Flex>
      {day.data && day.data.posts.length === 0 && (
        <Alert
          type="info"
          showIcon
          title={t(`prevention.school.noPosts.${day.data.noPostsBecause ?? 'notSchoolDay'}`)}
          description={day.data.noPostsBecause === 'noWindows' ? t('prevention.school.noWindows') : undefined}
          action={
            day.data.noPostsBecause === 'noWindows' ? (
              <Button size="small" onClick={() => navigate('/roster/settings')} data-testid="prevention-to-roster-settings">
                {t('prevention.school.toRosterSettings')}
              </Button>
            ) : undefined
          }
          data-testid="prevention-no-posts"
          data-reason={day.data.noPostsBecause ?? ''}
        />
      )}
      {day.data && day.data.posts.length > 0 && (
        <Table<PostView>
          size="small"
          rowKey={(p) => `${p.schoolId}/${p.period}`}
          pagination={false}
          dataSource={day.data.posts}
          onRow={(p) => ({ 'data-testid': 'prevention-post-row', 'data-school': p.schoolName, 'data-period': p.period }) as React.HTMLAttributes<HTMLTableRowElement>}
          columns={[
            { title: t('prevention.school.name'), dataIndex: 'schoolName' },
            { title: t('prevention.school.posts'), key: 'period', render: (_, p) => `${period(p)} ${p.from}–${p.to}` },
            { title: t('prevention.school.window'), key: 'window', render: (_, p) => listText(t, p.windowNames) },
            { title: t('prevention.school.required'), dataIndex: 'required', width: 60 },
            { title: t('prevention.school.rostered'), key: 'rostered', render: (_, p) => listText(t, p.rostered.map((r) => r.name)) },
            {
              title: t('prevention.school.attendance'),
              key: 'attendance',
              render: (_, p) => (
                <Space orientation="vertical" size={0} data-testid="prevention-post-attendance">
                  {p.attendance.map((a) => (
                    <span key={a.id}>
                      {a.personName}{' '}
                      {a.absent ? (
                        <Tag color="red">{t('prevention.school.absentTag')}</Tag>
                      ) : (
                        `${a.arrivedAt ? localTime(a.arrivedAt, me.timeZone) : ''}–${a.leftAt ? localTime(a.leftAt, me.timeZone) : ''}`
                      )}
                      {a.note ? ` ${a.note}` : ''}
                      <CancelRecord method={patrolAttendanceCancel} record={a} title={t('app.labelled', { label: t('prevention.cancel'), value: a.personName })} testId="prevention-attendance-cancel" />
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              title: '',
              key: 'state',
              render: (_, p) => (
                <Space>
                  <Tag color={STATE_COLOR[p.state]} data-testid="prevention-post-state">
                    {t(`prevention.school.states.${p.state}`)}
                  </Tag>
                  <Button size="small" onClick={() => setRecording(p)} data-testid="prevention-post-record">
                    {t('prevention.school.record')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Card
        size="small"
        title={t('prevention.school.list')}
        extra={
          can(patrolSchoolSave) && (
            <Button size="small" onClick={() => setEditing('new')} data-testid="prevention-school-add">
              {t('prevention.school.add')}
            </Button>
          )
        }
      >
        <Table<SchoolView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={schools.data ?? []}
          locale={{ emptyText: <Empty description={t('prevention.school.empty')} /> }}
          columns={[
            { title: t('prevention.school.name'), dataIndex: 'name' },
            { title: t('prevention.school.morning'), key: 'm', render: (_, s) => `${s.morningFrom}–${s.morningTo}` },
            { title: t('prevention.school.afternoon'), key: 'a', render: (_, s) => `${s.afternoonFrom}–${s.afternoonTo}` },
            { title: t('prevention.school.contact'), key: 'c', render: (_, s) => [s.contactName, s.contactPhone].filter(Boolean).join(' ') },
            {
              title: '',
              key: 'edit',
              render: (_, s) =>
                can(patrolSchoolSave) && (
                  <Button size="small" onClick={() => setEditing(s)}>
                    {t('prevention.edit')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <TermCard />
      {recording && day.data && <AttendanceForm post={recording} people={day.data.dutyStaff} onDone={() => setRecording(null)} />}
      {editing && <SchoolForm school={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </Space>
  );
};

const TermCard = () => {
  const { t } = useTranslation();
  const can = useCan();
  const terms = useMethod(patrolTermsList, {});
  const [termId, setTermId] = useState<string | null>(null);
  const chosen = termId ?? terms.data?.[0]?.id ?? null;
  const report = useMethod(patrolTermView, { termId: chosen ?? '' }, { enabled: chosen !== null });
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ name: string; startDate: Dayjs | null; endDate: Dayjs | null }>();
  const save = useAction(patrolTermSave);
  return (
    <Card
      size="small"
      title={t('prevention.term.view')}
      extra={
        <Space>
          <Select
            style={{ minWidth: 220 }}
            placeholder={t('prevention.term.choose')}
            value={chosen ?? undefined}
            onChange={setTermId}
            options={(terms.data ?? []).map((x) => ({ value: x.id, label: t('app.aside', { text: x.name, aside: `${x.startDate} – ${x.endDate}` }) }))}
            data-testid="prevention-term-select"
          />
          {can(patrolTermSave) && (
            <Button size="small" onClick={() => setAdding(true)} data-testid="prevention-term-add">
              {t('prevention.term.add')}
            </Button>
          )}
        </Space>
      }
    >
      {report.error && <Alert type="error" showIcon title={errorText(t, report.error)} />}
      {report.data && (
        <>
          <Typography.Paragraph data-testid="prevention-term-totals">{t('prevention.term.totals', report.data.totals)}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="date"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={report.data.days}
            rowClassName={(d) => (d.posts.some((p) => p.state === 'gap') ? 'prevention-gap-row' : '')}
            onRow={(d) => ({ 'data-testid': 'prevention-term-day', 'data-date': d.date }) as React.HTMLAttributes<HTMLTableRowElement>}
            columns={[
              {
                title: t('prevention.term.day'),
                key: 'date',
                width: 160,
                render: (_, d) => (
                  <>
                    {d.date} {dayjs(d.date).format('ddd')} {d.holidayName && <Tag color="orange">{d.holidayName}</Tag>}
                  </>
                ),
              },
              {
                title: t('prevention.school.posts'),
                key: 'posts',
                render: (_, d) => (
                  <Flex gap={4} wrap>
                    {d.posts.map((p) => (
                      <Tag key={`${p.schoolId}/${p.period}`} color={STATE_COLOR[p.state]}>
                        {p.schoolName} {t(`prevention.school.periods.${p.period}`)} {p.present}/{p.required}
                        {p.absent > 0 ? ` ${t('prevention.school.absentTag')} ${p.absent}` : ''} · {t(`prevention.school.states.${p.state}`)}
                      </Tag>
                    ))}
                  </Flex>
                ),
              },
            ]}
          />
        </>
      )}
      {adding && (
        <ModalForm<{ name: string; startDate: Dayjs | null; endDate: Dayjs | null }>
          open
          form={form}
          title={t('prevention.term.add')}
          testId="prevention-term-form"
          onCancel={() => setAdding(false)}
          onSubmit={async (v) => {
            const term = await save.mutateAsync({ name: v.name ?? '', startDate: isoDate(v.startDate) ?? '', endDate: isoDate(v.endDate) ?? '' });
            setTermId(term.id);
            setAdding(false);
          }}
        >
          <Form.Item name="name" label={t('prevention.term.name')}>
            <Input autoFocus />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="startDate" label={t('prevention.term.startDate')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="endDate" label={t('prevention.term.endDate')} style={{ flex: 1 }}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Flex>
        </ModalForm>
      )}
    </Card>
  );
};
