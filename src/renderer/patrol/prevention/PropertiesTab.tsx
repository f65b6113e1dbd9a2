import { PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NIGHT_CHECK_RULE, patrolGuardCancel, patrolGuardReveal, patrolGuardSave, patrolMonthlyScores, patrolNightCheckCancel, patrolNightChecks, patrolPropertiesList, patrolPropertySave, type GuardView, type PropertyView } from '../../../shared/patrol/prevention.contract.js';
import { localDate, localDateTime } from '../../../shared/time.js';
import { errorText } from '../../app/i18n.js';
import { useCan, useMe } from '../../app/me.js';
import { useAction, useMethod } from '../../app/query.js';
import { CancelWithReason } from '../../app/CancelWithReason.js';
import { CancelRecord, useDeductionText } from './common.js';
import { GuardForm, NightCheckForm, PropertyForm } from './PropertyForms.js';

/** A guard in the list: the phone masked; head and officers may show it, with a reason, on the record. */
const GuardLine = ({ guard }: { guard: GuardView }) => {
  const { t } = useTranslation();
  const can = useCan();
  const { modal } = App.useApp();
  const reveal = useAction(patrolGuardReveal);
  return (
    <span style={{ marginRight: 8 }} data-testid="prevention-guard">
      {[guard.name, guard.phoneMasked].filter(Boolean).join(' ')}
      {can(patrolGuardReveal) && guard.phoneMasked && (
        <CancelWithReason
          label={t('prevention.property.reveal')}
          title={t('app.labelled', { label: t('prevention.property.reveal'), value: guard.name })}
          testId="prevention-guard-reveal"
          reasonLabel={t('prevention.reason')}
          danger={false}
          onConfirm={async (reason) => {
            const { phone } = await reveal.mutateAsync({ id: guard.id, reason });
            modal.info({ title: guard.name, content: phone });
          }}
        />
      )}
      {can(patrolGuardCancel) && (
        <CancelRecord method={patrolGuardCancel} record={guard} title={t('app.labelled', { label: t('prevention.property.cancelGuard'), value: guard.name })} testId="prevention-guard-cancel" />
      )}
    </span>
  );
};

// ───────────────────────────── properties and night checks ─────────────────────────────

export const PropertiesTab = () => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const [month, setMonth] = useState(localDate(new Date(), me.timeZone).slice(0, 7));
  const properties = useMethod(patrolPropertiesList, {});
  const scores = useMethod(patrolMonthlyScores, { month });
  const checks = useMethod(patrolNightChecks, { month });
  const [editing, setEditing] = useState<PropertyView | 'new' | null>(null);
  const [checking, setChecking] = useState<PropertyView | null>(null);
  const [guardFor, setGuardFor] = useState<PropertyView | null>(null);
  const deduction = useDeductionText();
  const scoreOf = new Map((scores.data ?? []).map((s) => [s.propertyId, s]));
  const error = properties.error ?? scores.error ?? checks.error;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      <Flex gap={12} align="center" wrap>
        <span>{t('prevention.month')}</span>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d: Dayjs | null) => d && setMonth(d.format('YYYY-MM'))} data-testid="prevention-month" />
        {can(patrolPropertySave) && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="prevention-property-add">
            {t('prevention.property.add')}
          </Button>
        )}
        <Typography.Text type="secondary">
          {t('prevention.check.rule', NIGHT_CHECK_RULE)}
        </Typography.Text>
      </Flex>
      <Table<PropertyView>
        size="small"
        rowKey="id"
        pagination={false}
        loading={properties.isPending}
        dataSource={properties.data ?? []}
        locale={{ emptyText: <Empty description={t('prevention.property.empty')} /> }}
        onRow={(p) => ({ 'data-testid': 'prevention-property-row', 'data-name': p.name }) as React.HTMLAttributes<HTMLTableRowElement>}
        columns={[
          {
            title: t('prevention.property.name'),
            key: 'name',
            render: (_, p) => (
              <>
                {p.name}
                {p.addressText && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {p.addressText}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('prevention.property.company'), dataIndex: 'company' },
          { title: t('prevention.property.contact'), key: 'contact', render: (_, p) => [p.contactName, p.contactPhone].filter(Boolean).join(' ') },
          {
            title: t('prevention.property.guards'),
            key: 'guards',
            render: (_, p) => (
              <span data-testid="prevention-property-guards">
                {p.guards.map((g) => (
                  <GuardLine key={g.id} guard={g} />
                ))}
              </span>
            ),
          },
          {
            title: t('prevention.property.score'),
            key: 'score',
            render: (_, p) => {
              const s = scoreOf.get(p.id);
              if (!s || s.score === null) return <Typography.Text type="secondary">{t('prevention.property.noCheck')}</Typography.Text>;
              return (
                <span data-testid="prevention-property-score">
                  {t('app.aside', { text: s.score, aside: `${t('prevention.property.checks')} ${s.checks}` })}{' '}
                  <Tag color={s.passed ? 'green' : 'red'}>{s.passed ? t('prevention.property.passed') : t('prevention.property.failed')}</Tag>
                </span>
              );
            },
          },
          {
            title: '',
            key: 'actions',
            render: (_, p) => (
              <Space size={4} wrap>
                <Button size="small" type="primary" onClick={() => setChecking(p)} data-testid="prevention-check-add">
                  {t('prevention.check.add')}
                </Button>
                <Button size="small" icon={<PrinterOutlined />} onClick={() => navigate(`/print/patrol/feedback/${p.id}/${month}`)} data-testid="prevention-feedback-print">
                  {t('prevention.feedback.print')}
                </Button>
                {can(patrolGuardSave) && (
                  <Button size="small" onClick={() => setGuardFor(p)} data-testid="prevention-guard-add">
                    {t('prevention.property.addGuard')}
                  </Button>
                )}
                {can(patrolPropertySave) && (
                  <Button size="small" onClick={() => setEditing(p)}>
                    {t('prevention.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Card size="small" title={t('prevention.check.list', { month })}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={checks.data ?? []}
          locale={{ emptyText: <Empty description={t('prevention.check.empty')} /> }}
          onRow={() => ({ 'data-testid': 'prevention-check-row' }) as React.HTMLAttributes<HTMLTableRowElement>}
          columns={[
            { title: t('prevention.check.checkedAt'), dataIndex: 'checkedAt', width: 140, render: (at: string) => localDateTime(at, me.timeZone) },
            { title: t('prevention.property.name'), dataIndex: 'propertyName' },
            { title: t('prevention.check.onRound'), dataIndex: 'onRound', render: (v: boolean) => (v ? t('prevention.check.yes') : <Tag color="red">{t('prevention.check.no')}</Tag>) },
            { title: t('prevention.check.guardsSeen'), key: 'guards', render: (_, c) => `${c.guardsSeen} / ${c.guardsExpected}` },
            { title: t('prevention.check.pointsChecked'), key: 'points', render: (_, c) => `${c.pointsChecked} / ${c.pointsTotal}` },
            { title: t('prevention.check.deductions'), key: 'deductions', render: (_, c) => c.deductions.map(deduction).join(t('app.clauseSeparator')) || t('prevention.none') },
            { title: t('prevention.check.score'), dataIndex: 'score', width: 70, render: (s: number) => <strong data-testid="prevention-check-score">{s}</strong> },
            { title: t('prevention.check.checkedBy'), dataIndex: 'checkedBy', width: 90 },
            {
              title: '',
              key: 'cancel',
              width: 80,
              render: (_, c) =>
                can(patrolNightCheckCancel) && <CancelRecord method={patrolNightCheckCancel} record={c} title={t('prevention.check.cancelCheck')} testId="prevention-check-cancel" />,
            },
          ]}
        />
      </Card>
      {editing && <PropertyForm property={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {checking && <NightCheckForm property={checking} onDone={() => setChecking(null)} />}
      {guardFor && <GuardForm property={guardFor} onDone={() => setGuardFor(null)} />}
    </Space>
  );
};
