/** The roster settings form's values and parts: the view mapped to the form and back, weekday, requirement and per-person fields. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, InputNumber, Select, Space, Switch, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { AppError } from '../../shared/errors.js';
import { type RosterPersonView, type RosterSettings, type RosterSettingsView } from '../../shared/roster/contract.js';
import { FAIRNESS_METRICS, type FairnessMetric } from '../../shared/roster/model.js';
import { displayShiftName } from '../../shared/roster/shiftNames.js';
import type { TFunction } from 'i18next';

export const STAFF_LIMITS = ['maxConsecutiveWorkDays', 'maxConsecutiveNights', 'maxMinutesPerWeek', 'maxMinutesPerHorizon', 'minMinutesPerHorizon', 'maxWeekendsWorked'] as const;
export const NIGHT_CHOICES = ['auto', 'yes', 'no'] as const;
export const ANYONE = '*';

/** The form's shape: the settings as the core has them, with the few fields a form cannot hold as they are. */
export interface FormValues {
  settings: Omit<RosterSettings, 'shiftTypes' | 'coverage' | 'windowCoverage' | 'fairness'> & {
    shiftTypes: (Omit<RosterSettings['shiftTypes'][number], 'night'> & { night: (typeof NIGHT_CHOICES)[number] })[];
    coverage: { shift: string; weekdays?: number[]; requirements: { qualification: string; min: number; max?: number | null; wanted?: number | null }[] }[];
    windowCoverage: { name?: string; from: string; to: string; schoolDaysOnly: boolean; weekdays?: number[]; requirements: { qualification: string; min: number; max?: number | null; wanted?: number | null }[] }[];
    fairness: Record<FairnessMetric, number | null>;
  };
  people: (Omit<RosterPersonView, 'name' | 'role' | 'phone'> & { patternId?: string; patternOffset?: number })[];
}

/** Drops empty values (a cleared number is null in a form, absent in the core's model). */
const clean = <T,>(v: T): T => {
  if (Array.isArray(v)) return v.map(clean) as T;
  if (v && typeof v === 'object' && !dayjs.isDayjs(v))
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined && x !== '').map(([k, x]) => [k, clean(x)])) as T;
  return v;
};

/** The settings in the form, a default shift's name in the reader's language (`lang`): the core stores it back as the station's Chinese name. */
export const toForm = (view: RosterSettingsView, lang: string): FormValues => ({
  settings: {
    ...view.settings,
    shiftTypes: view.settings.shiftTypes.map((s) => ({ ...s, ...(s.name ? { name: displayShiftName(s.name, lang) } : {}), night: s.night === undefined ? 'auto' : s.night ? 'yes' : 'no' })),
    coverage: view.settings.coverage.map((c) => ({ ...c, requirements: c.requirements.map((r) => ({ ...r, qualification: r.qualification ?? ANYONE })) })),
    windowCoverage: view.settings.windowCoverage.map((c) => ({ ...c, requirements: c.requirements.map((r) => ({ ...r, qualification: r.qualification ?? ANYONE })) })),
    fairness: Object.fromEntries(FAIRNESS_METRICS.map((m) => [m, view.settings.fairness.find((f) => f.metric === m)?.weight ?? null])) as Record<FairnessMetric, number | null>,
  },
  people: view.people.map((p) => ({ ...p, patternId: p.pattern?.id, patternOffset: p.pattern?.offset ?? 0 })),
});

export const fromForm = (v: FormValues, view: RosterSettingsView) => {
  const s = v.settings;
  const requirement = (r: { qualification: string; min: number; max?: number | null; wanted?: number | null }) => clean({ ...r, qualification: r.qualification === ANYONE ? undefined : r.qualification });
  return {
    version: view.version,
    settings: clean({
      ...s,
      shiftTypes: (s.shiftTypes ?? []).map(({ night, ...t }) => ({ ...t, night: night === 'auto' ? undefined : night === 'yes' })),
      coverage: (s.coverage ?? []).map((c) => ({ ...c, weekdays: c.weekdays?.length ? c.weekdays : undefined, requirements: (c.requirements ?? []).map(requirement) })),
      windowCoverage: (s.windowCoverage ?? []).map((c) => ({ ...c, weekdays: c.weekdays?.length ? c.weekdays : undefined, requirements: (c.requirements ?? []).map(requirement) })),
      fairness: FAIRNESS_METRICS.flatMap((metric) => (s.fairness?.[metric] ? [{ metric, weight: s.fairness[metric]! }] : [])),
    }) as RosterSettings,
    people: (v.people ?? []).map((p, i) => {
      const rules = clean(p.rules ?? {});
      return clean({
        staffId: view.people[i].staffId,
        included: p.included,
        qualifications: p.qualifications ?? [],
        pattern: p.patternId ? { id: p.patternId, offset: p.patternOffset ?? 0 } : undefined,
        rules: Object.keys(rules).length ? rules : undefined,
      });
    }),
  };
};

/** A core error names one field; the form marks it like a list of field errors. */
export const asFieldErrors = (e: unknown): unknown =>
  e instanceof AppError && !e.fields && e.field ? new AppError({ ...e.toJSON(), fields: [{ field: e.field, key: e.key, params: e.params }] }) : e;

/** ISO weekdays (1 = Monday … 7 = Sunday); none chosen means every day. */
export const WeekdaySelect = ({ t, testId, ...props }: { t: TFunction; testId?: string; value?: number[]; onChange?: (v: number[]) => void }) => (
  <Select
    {...props}
    mode="multiple"
    allowClear
    placeholder={t('roster.settings.everyDay')}
    data-testid={testId}
    style={{ minWidth: 140 }}
    options={([1, 2, 3, 4, 5, 6, 7] as const).map((d) => ({ value: d, label: t(`roster.weekdays.${d}`) }))}
  />
);

export const Requirements = ({ name, t }: { name: (string | number)[]; t: TFunction }) => (
  <Form.List name={name}>
    {(fields, { add, remove }) => (
      <Space orientation="vertical" size={4}>
        {fields.map((f) => (
          <Space key={f.key} size={4} align="start">
            <Form.Item name={[f.name, 'qualification']} noStyle>
              <Select
                style={{ width: 100 }}
                options={[
                  { value: 'officer', label: t('roster.roles.officer') },
                  { value: 'auxiliary', label: t('roster.roles.auxiliary') },
                  { value: ANYONE, label: t('roster.roles.anyone') },
                ]}
              />
            </Form.Item>
            <Form.Item name={[f.name, 'min']} style={{ margin: 0 }}>
              <InputNumber min={0} max={99} prefix="≥" style={{ width: 80 }} />
            </Form.Item>
            <Form.Item name={[f.name, 'max']} style={{ margin: 0 }}>
              <InputNumber min={0} max={99} prefix="≤" style={{ width: 80 }} />
            </Form.Item>
            <Form.Item name={[f.name, 'wanted']} style={{ margin: 0 }}>
              <InputNumber min={0} max={99} placeholder={t('roster.settings.coverWanted')} title={t('roster.settings.coverWanted')} style={{ width: 90 }} />
            </Form.Item>
            <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('roster.settings.remove')} />
          </Space>
        ))}
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ qualification: 'officer', min: 1 })}>
          {t('roster.settings.addCoverage')}
        </Button>
      </Space>
    )}
  </Form.List>
);

/** Per person: whether the engine plans them, their qualifications, rotation pattern and own limits. */
export const PeopleCard = ({ people, patterns }: { people: RosterSettingsView['people']; patterns: RosterSettings['patterns'] }) => {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('roster.settings.people')}>
      <Table
        size="small"
        pagination={false}
        rowKey="staffId"
        dataSource={people.map((p, i) => ({ ...p, i }))}
        scroll={{ x: true }}
        columns={[
          { title: t('roster.month.person'), render: (_, p) => t('roster.month.personRole', { name: p.name, role: t(`roster.roles.${p.role}`) }) },
          {
            title: t('roster.settings.included'),
            render: (_, p) => (
              <Form.Item name={['people', p.i, 'included']} valuePropName="checked" noStyle>
                <Switch size="small" data-testid={`included-${p.name}`} />
              </Form.Item>
            ),
          },
          {
            title: t('roster.settings.qualifications'),
            render: (_, p) => (
              <Form.Item name={['people', p.i, 'qualifications']} noStyle>
                <Select mode="tags" style={{ minWidth: 140 }} size="small" />
              </Form.Item>
            ),
          },
          {
            title: t('roster.settings.pattern'),
            render: (_, p) => (
              <Space.Compact size="small">
                <Form.Item name={['people', p.i, 'patternId']} noStyle>
                  <Select allowClear style={{ width: 110 }} placeholder={t('roster.settings.none')} options={patterns.filter((x) => x?.id).map((x) => ({ value: x.id, label: x.id }))} />
                </Form.Item>
                <Form.Item name={['people', p.i, 'patternOffset']} noStyle>
                  <InputNumber min={0} max={366} style={{ width: 64 }} title={t('roster.settings.offset')} />
                </Form.Item>
              </Space.Compact>
            ),
          },
          ...(['maxConsecutiveWorkDays', 'maxMinutesPerHorizon'] as const).map((k) => ({
            title: t('app.labelled', { label: t('roster.settings.ownLimits'), value: t(`roster.settings.${k}`) }),
            render: (_: unknown, p: { i: number }) => (
              <Form.Item name={['people', p.i, 'rules', k]} noStyle>
                <InputNumber min={k === 'maxConsecutiveWorkDays' ? 1 : 0} size="small" style={{ width: 100 }} step={k === 'maxMinutesPerHorizon' ? 60 : 1} />
              </Form.Item>
            ),
          })),
        ]}
      />
    </Card>
  );
};
