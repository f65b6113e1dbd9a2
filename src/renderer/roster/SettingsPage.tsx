import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Dropdown, Flex, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AppError } from '../../shared/errors.js';
import {
  rosterHolidaysGet,
  rosterHolidaysSave,
  rosterSettingsGet,
  rosterSettingsSave,
  type HolidayDay,
  type HolidayYear,
  type RosterPersonView,
  type RosterSettings,
  type RosterSettingsView,
} from '../../shared/roster/contract.js';
import { FAIRNESS_METRICS, isNightShift, shiftLetter, type FairnessMetric } from '../../shared/roster/model.js';
import { PATTERN_TEMPLATES } from '../../shared/roster/patterns.js';
import { localDate } from '../../shared/time.js';
import { call } from '../app/api.js';
import { clearFieldErrors, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { useMe } from '../app/me.js';
import { useMethod } from '../app/query.js';
import { rosterErrorText } from './common.js';
import type { TFunction } from 'i18next';
import type { Names } from '../app/resources.js';

const STAFF_LIMITS = ['maxConsecutiveWorkDays', 'maxConsecutiveNights', 'maxMinutesPerWeek', 'maxMinutesPerHorizon', 'minMinutesPerHorizon', 'maxWeekendsWorked'] as const;
const NIGHT_CHOICES = ['auto', 'yes', 'no'] as const;
const ANYONE = '*';

/** The form's shape: the settings as the core has them, with the few fields a form cannot hold as they are. */
interface FormValues {
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

const toForm = (view: RosterSettingsView): FormValues => ({
  settings: {
    ...view.settings,
    shiftTypes: view.settings.shiftTypes.map((s) => ({ ...s, night: s.night === undefined ? 'auto' : s.night ? 'yes' : 'no' })),
    coverage: view.settings.coverage.map((c) => ({ ...c, requirements: c.requirements.map((r) => ({ ...r, qualification: r.qualification ?? ANYONE })) })),
    windowCoverage: view.settings.windowCoverage.map((c) => ({ ...c, requirements: c.requirements.map((r) => ({ ...r, qualification: r.qualification ?? ANYONE })) })),
    fairness: Object.fromEntries(FAIRNESS_METRICS.map((m) => [m, view.settings.fairness.find((f) => f.metric === m)?.weight ?? null])) as Record<FairnessMetric, number | null>,
  },
  people: view.people.map((p) => ({ ...p, patternId: p.pattern?.id, patternOffset: p.pattern?.offset ?? 0 })),
});

const fromForm = (v: FormValues, view: RosterSettingsView) => {
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
const asFieldErrors = (e: unknown): unknown =>
  e instanceof AppError && !e.fields && e.field ? new AppError({ ...e.toJSON(), fields: [{ field: e.field, key: e.key, params: e.params }] }) : e;

/** ISO weekdays (1 = Monday … 7 = Sunday); none chosen means every day. */
const WeekdaySelect = ({ t, testId, ...props }: { t: TFunction; testId?: string; value?: number[]; onChange?: (v: number[]) => void }) => (
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

const Requirements = ({ name, t }: { name: (string | number)[]; t: TFunction }) => (
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

/**
 * The station's roster rules, edited by the station head: shifts, staffing per shift and role,
 * school-guard posts, rest and limits, fairness, rotation patterns, per-person settings, the
 * engine's time limit; and the holiday calendar per year. The core validates; its errors mark the
 * fields here.
 */
export const RosterSettingsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const view = useMethod(rosterSettingsGet, {});
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const shiftTypes = (Form.useWatch(['settings', 'shiftTypes'], form) ?? []) as FormValues['settings']['shiftTypes'];
  const patterns = (Form.useWatch(['settings', 'patterns'], form) ?? []) as RosterSettings['patterns'];

  useEffect(() => {
    if (view.data) form.setFieldsValue(toForm(view.data));
  }, [view.data, form]);

  if (view.error) return <Alert type="error" showIcon title={rosterErrorText(t, view.error)} />;
  if (!view.data) return <Spin />;
  const data = view.data;

  const save = async () => {
    clearFieldErrors(form);
    setSaving(true);
    try {
      const input = fromForm(form.getFieldsValue(true) as FormValues, data);
      const saved = await call(rosterSettingsSave, input);
      client.setQueryData([rosterSettingsGet.name, {}], saved);
      void client.invalidateQueries();
      message.success(t('roster.settings.saved'));
    } catch (e) {
      const err = asFieldErrors(e);
      markFieldErrors(form, t, err);
      focusFirstError(form, err);
      message.error(rosterErrorText(t, e));
    } finally {
      setSaving(false);
    }
  };

  const letters = shiftTypes.map((s) => (s ? shiftLetter({ id: s.id ?? '', letter: s.letter || undefined }) : undefined));
  const addTemplate = (id: string) => {
    const tpl = PATTERN_TEMPLATES.find((p) => p.id === id)!;
    const typed = shiftTypes.filter(Boolean).map((s, i) => ({ s, letter: letters[i] }));
    const night = (s: (typeof typed)[number]['s']) => (s.night === 'auto' ? isNightShift({ start: s.start, minutes: s.minutes }) : s.night === 'yes');
    const full = typed.find((x) => x.s.minutes >= 1440)?.letter;
    const day = typed.find((x) => !night(x.s))?.letter;
    const nightLetter = typed.find((x) => night(x.s) && x.s.minutes < 1440)?.letter;
    const cycle = tpl.cycle({ full, day, night: nightLetter, one: typed[0]?.letter });
    const list = (form.getFieldValue(['settings', 'patterns']) ?? []) as RosterSettings['patterns'];
    form.setFieldValue(['settings', 'patterns'], [...list, { id: tpl.id, cycle }]);
  };

  const numberItem = (name: (string | number)[], label: string, props: { min?: number; max?: number; step?: number } = {}) => (
    <Form.Item name={name} label={label}>
      <InputNumber min={props.min ?? 0} max={props.max} step={props.step} style={{ width: '100%' }} />
    </Form.Item>
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Form<FormValues> form={form} layout="vertical" onFinish={() => void save()} data-testid="roster-settings-form" disabled={saving}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small">
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Space>
              <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/roster')} />
              <Typography.Title level={4} style={{ margin: 0 }}>
                {t('roster.settingsTitle')}
              </Typography.Title>
            </Space>
            <Space>
              <Button onClick={() => form.setFieldsValue(toForm(data))}>{t('roster.settings.reset')}</Button>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
                {t('roster.settings.save')}
              </Button>
            </Space>
          </Flex>
        </Card>

        <Card size="small" title={t('roster.settings.shifts')}>
          <Form.List name={['settings', 'shiftTypes']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row key={f.key} gutter={8} align="bottom">
                    <Col span={3}>
                      <Form.Item name={[f.name, 'id']} label={t('roster.settings.shiftId')}>
                        <Input maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item name={[f.name, 'name']} label={t('roster.settings.shiftName')}>
                        <Input maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <Form.Item name={[f.name, 'letter']} label={t('roster.settings.letter')}>
                        <Input maxLength={1} />
                      </Form.Item>
                    </Col>
                    <Col span={3}>
                      <Form.Item name={[f.name, 'start']} label={t('roster.settings.start')}>
                        <Input placeholder="08:00" maxLength={5} />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item name={[f.name, 'minutes']} label={t('roster.settings.minutes')}>
                        <InputNumber min={1} max={1440} step={60} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={4}>
                      <Form.Item name={[f.name, 'night']} label={t('roster.settings.night')}>
                        <Select options={NIGHT_CHOICES.map((c) => ({ value: c, label: t(`roster.settings.nightChoices.${c}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <Form.Item>
                        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('roster.settings.remove')} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ id: '', start: '08:00', minutes: 720, night: 'auto' })}>
                  {t('roster.settings.addShift')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Row gutter={12}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('roster.settings.coverage')} style={{ height: '100%' }}>
              <Form.List name={['settings', 'coverage']}>
                {(fields, { add, remove }) => (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {fields.map((f) => (
                      <Flex key={f.key} gap={8} wrap align="start" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
                        <Form.Item name={[f.name, 'shift']} label={t('roster.settings.coverShift')} style={{ margin: 0 }}>
                          <Select style={{ width: 110 }} options={shiftTypes.filter(Boolean).map((s) => ({ value: s.id, label: s.name || s.id }))} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'weekdays']} label={t('roster.settings.coverWeekdays')} style={{ margin: 0 }}>
                          <WeekdaySelect t={t} />
                        </Form.Item>
                        <Form.Item label={`${t('roster.settings.coverRole')} · ${t('roster.settings.coverMin')} · ${t('roster.settings.coverMax')}`} style={{ margin: 0 }}>
                          <Requirements name={[f.name, 'requirements']} t={t} />
                        </Form.Item>
                        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('roster.settings.remove')} />
                      </Flex>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ shift: shiftTypes[0]?.id, requirements: [{ qualification: 'officer', min: 1 }] })}>
                      {t('roster.settings.addCoverage')}
                    </Button>
                  </Space>
                )}
              </Form.List>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('roster.settings.windows')} style={{ height: '100%' }}>
              <Form.List name={['settings', 'windowCoverage']}>
                {(fields, { add, remove }) => (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    {fields.map((f) => (
                      <Flex key={f.key} gap={8} wrap align="start" style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
                        <Form.Item name={[f.name, 'name']} label={t('roster.settings.windowName')} style={{ margin: 0 }}>
                          <Input style={{ width: 100 }} maxLength={40} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'from']} label={t('roster.settings.windowFrom')} style={{ margin: 0 }}>
                          <Input style={{ width: 70 }} placeholder="07:00" maxLength={5} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'to']} label={t('roster.settings.windowTo')} style={{ margin: 0 }}>
                          <Input style={{ width: 70 }} placeholder="08:30" maxLength={5} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'weekdays']} label={t('roster.settings.coverWeekdays')} style={{ margin: 0 }}>
                          <WeekdaySelect t={t} testId={`window-${f.name}-weekdays`} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'schoolDaysOnly']} valuePropName="checked" label=" " style={{ margin: 0 }}>
                          <Checkbox>{t('roster.settings.schoolDaysOnly')}</Checkbox>
                        </Form.Item>
                        <Form.Item label={`${t('roster.settings.coverRole')} · ${t('roster.settings.coverMin')} · ${t('roster.settings.coverMax')}`} style={{ margin: 0 }}>
                          <Requirements name={[f.name, 'requirements']} t={t} />
                        </Form.Item>
                        <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('roster.settings.remove')} />
                      </Flex>
                    ))}
                    <Space>
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => add({ name: '护学岗', from: '07:00', to: '08:30', schoolDaysOnly: true, requirements: [{ qualification: ANYONE, min: 1 }] })}
                      >
                        {t('roster.settings.addWindow')} 07:00–08:30
                      </Button>
                      <Button
                        type="dashed"
                        icon={<PlusOutlined />}
                        onClick={() => add({ name: '护学岗', from: '16:30', to: '17:30', schoolDaysOnly: true, requirements: [{ qualification: ANYONE, min: 1 }] })}
                      >
                        16:30–17:30
                      </Button>
                    </Space>
                  </Space>
                )}
              </Form.List>
            </Card>
          </Col>
        </Row>

        <Row gutter={12}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('roster.settings.rules')} style={{ height: '100%' }}>
              <Row gutter={12}>
                <Col span={12}>{numberItem(['settings', 'rules', 'minRestHours'], t('roster.settings.minRestHours'), { max: 48 })}</Col>
                <Col span={12}>{numberItem(['settings', 'rules', 'minRestAfterNightHours'], t('roster.settings.minRestAfterNightHours'), { max: 48 })}</Col>
                <Col span={12}>
                  <Form.Item name={['settings', 'rules', 'noDayAfterNight']} label={t('roster.settings.noDayAfterNight')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Col>
                {STAFF_LIMITS.map((k) => (
                  <Col span={12} key={k}>
                    {numberItem(['settings', 'rules', k], t(`roster.settings.${k}`), { step: k.includes('Minutes') ? 60 : 1 })}
                  </Col>
                ))}
                {shiftTypes.filter((s) => s?.id).map((s) => (
                  <Col span={12} key={s.id}>
                    <Form.Item label={`${s.name || s.id}：${t('roster.month.shifts')} ${t('roster.settings.coverMin')} / ${t('roster.settings.coverMax')}`}>
                      <Space.Compact>
                        <Form.Item name={['settings', 'rules', 'minShiftsPerType', s.id]} noStyle>
                          <InputNumber min={0} max={31} prefix="≥" />
                        </Form.Item>
                        <Form.Item name={['settings', 'rules', 'maxShiftsPerType', s.id]} noStyle>
                          <InputNumber min={0} max={31} prefix="≤" />
                        </Form.Item>
                      </Space.Compact>
                    </Form.Item>
                  </Col>
                ))}
                <Col span={12}>{numberItem(['settings', 'timeLimitSeconds'], t('roster.settings.timeLimit'), { min: 1, max: 600 })}</Col>
                <Col span={12}>
                  <Form.Item name={['settings', 'surplusWeight']} label={t('roster.settings.surplusWeight')} extra={t('roster.settings.surplusWeightHint')}>
                    <InputNumber min={0} max={10_000} style={{ width: '100%' }} data-testid="surplus-weight" />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item label={t('roster.settings.forbiddenSuccessions')} extra={t('roster.settings.forbiddenSuccessionsHint')}>
                    <Form.List name={['settings', 'rules', 'forbiddenSuccessions']}>
                      {(fields, { add, remove }) => (
                        <Space orientation="vertical" style={{ width: '100%' }} data-testid="forbidden-successions">
                          {fields.map((f) => (
                            <Space key={f.key} align="center" data-testid={`succession-${f.name}`}>
                              <Form.Item name={[f.name, 'from']} noStyle>
                                <Select style={{ width: 120 }} data-testid={`succession-${f.name}-from`} options={shiftTypes.filter((x) => x?.id).map((x) => ({ value: x.id, label: x.name || x.id }))} />
                              </Form.Item>
                              <span>{t('roster.settings.thenNextDay')}</span>
                              <Form.Item name={[f.name, 'to']} noStyle>
                                <Select style={{ width: 120 }} data-testid={`succession-${f.name}-to`} options={shiftTypes.filter((x) => x?.id).map((x) => ({ value: x.id, label: x.name || x.id }))} />
                              </Form.Item>
                              <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('roster.settings.remove')} />
                            </Space>
                          ))}
                          <Button
                            type="dashed"
                            size="small"
                            icon={<PlusOutlined />}
                            data-testid="succession-add"
                            onClick={() => add({ from: shiftTypes.find((x) => x?.id)?.id, to: shiftTypes.find((x) => x?.id)?.id })}
                          >
                            {t('roster.settings.addSuccession')}
                          </Button>
                        </Space>
                      )}
                    </Form.List>
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('roster.settings.fairness')}>
              <Row gutter={12}>
                {FAIRNESS_METRICS.map((m) => (
                  <Col span={8} key={m}>
                    {numberItem(['settings', 'fairness', m], t(`roster.settings.fairnessMetrics.${m}`), { max: 10_000 })}
                  </Col>
                ))}
              </Row>
            </Card>
            <Card
              size="small"
              title={t('roster.settings.patterns')}
              style={{ marginTop: 12 }}
              extra={
                <Dropdown menu={{ items: PATTERN_TEMPLATES.map((p) => ({ key: p.id, label: t(`roster.settings.templates.${p.id as Names<'roster.settings.templates'>}`) })), onClick: ({ key }) => addTemplate(key) }}>
                  <Button size="small">{t('roster.settings.fromTemplate')}</Button>
                </Dropdown>
              }
            >
              <Form.List name={['settings', 'patterns']}>
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="start">
                        <Form.Item name={[f.name, 'id']} label={t('roster.settings.patternId')}>
                          <Input style={{ width: 120 }} maxLength={40} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'cycle']} label={t('roster.settings.cycle')}>
                          <Input style={{ width: 260, fontFamily: 'monospace' }} maxLength={366} />
                        </Form.Item>
                        <Form.Item label=" ">
                          <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('roster.settings.remove')} />
                        </Form.Item>
                      </Space>
                    ))}
                    <div>
                      <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ id: '', cycle: '' })}>
                        {t('roster.settings.addPattern')}
                      </Button>
                    </div>
                  </>
                )}
              </Form.List>
            </Card>
          </Col>
        </Row>

        <Card size="small" title={t('roster.settings.people')}>
          <Table
            size="small"
            pagination={false}
            rowKey="staffId"
            dataSource={data.people.map((p, i) => ({ ...p, i }))}
            scroll={{ x: true }}
            columns={[
              { title: t('roster.month.person'), render: (_, p) => `${p.name}（${t(`roster.roles.${p.role}`)}）` },
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
                title: `${t('roster.settings.ownLimits')}：${t(`roster.settings.${k}`)}`,
                render: (_: unknown, p: { i: number }) => (
                  <Form.Item name={['people', p.i, 'rules', k]} noStyle>
                    <InputNumber min={k === 'maxConsecutiveWorkDays' ? 1 : 0} size="small" style={{ width: 100 }} step={k === 'maxMinutesPerHorizon' ? 60 : 1} />
                  </Form.Item>
                ),
              })),
            ]}
          />
        </Card>
      </Space>
      </Form>
      {/* its own form: forms do not nest */}
      <HolidaysCard />
    </Space>
  );
};

/** The holiday calendar of one year: public holidays and the make-up working days (调休), editable. */
const HolidaysCard = () => {
  const { me } = useMe();
  const thisYear = Number(localDate(new Date(), me.timeZone).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const data = useMethod(rosterHolidaysGet, { year });
  if (!data.data) return <Spin />;
  // a fresh editor per year and per load: its state starts from what the core has
  return <HolidayYearEditor key={`${year}-${data.dataUpdatedAt}`} initial={data.data} years={[thisYear - 1, thisYear, thisYear + 1]} onYear={setYear} onSaved={() => void data.refetch()} />;
};

const HolidayYearEditor = ({ initial, years, onYear, onSaved }: { initial: HolidayYear; years: number[]; onYear: (y: number) => void; onSaved: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const year = initial.year;
  const [days, setDays] = useState<HolidayDay[]>(initial.days);
  const [provisional, setProvisional] = useState(initial.provisional);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const save = async () => {
    setSaving(true);
    try {
      await call(rosterHolidaysSave, { year, provisional, days: [...days].sort((a, b) => a.date.localeCompare(b.date)) });
      message.success(t('roster.settings.saved'));
      onSaved();
    } catch (e) {
      message.error(rosterErrorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('roster.settings.holidays')}
      extra={
        <Space>
          <Select value={year} onChange={onYear} options={years.map((y) => ({ value: y, label: y }))} data-testid="holidays-year" />
          <Checkbox checked={provisional} onChange={(e) => setProvisional(e.target.checked)}>
            {t('roster.settings.markProvisional')}
          </Checkbox>
          <Button type="primary" size="small" onClick={() => void save()} loading={saving} data-testid="holidays-save">
            {t('roster.settings.saveHolidays')}
          </Button>
        </Space>
      }
    >
      {provisional && <Alert type="warning" showIcon title={t('roster.settings.provisional', { year })} style={{ marginBottom: 8 }} data-testid="holidays-provisional" />}
      <Table<HolidayDay & { i: number }>
        size="small"
        rowKey={(d) => `${d.i}`}
        pagination={false}
        dataSource={days.map((d, i) => ({ ...d, i }))}
        scroll={{ y: 260 }}
        columns={[
          { title: t('roster.settings.holidayDate'), dataIndex: 'date', width: 130 },
          {
            title: t('roster.settings.holidayKind'),
            width: 140,
            render: (_, d) => (
              <Select
                size="small"
                value={d.kind}
                style={{ width: 120 }}
                onChange={(kind) => setDays(days.map((x, i) => (i === d.i ? { ...x, kind } : x)))}
                options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`roster.settings.holidayKinds.${k}`) }))}
              />
            ),
          },
          {
            title: t('roster.settings.holidayName'),
            render: (_, d) => <Input size="small" value={d.name} maxLength={20} onChange={(e) => setDays(days.map((x, i) => (i === d.i ? { ...x, name: e.target.value } : x)))} />,
          },
          {
            title: '',
            width: 48,
            render: (_, d) => <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => setDays(days.filter((_x, i) => i !== d.i))} aria-label={t('roster.settings.remove')} />,
          },
        ]}
      />
      <Form form={form} layout="inline" style={{ marginTop: 8 }} onFinish={(v: { date: dayjs.Dayjs; kind: 'holiday' | 'workday'; name: string }) => {
        setDays([...days, { date: v.date.format('YYYY-MM-DD'), kind: v.kind, name: v.name }]);
        form.resetFields();
      }} initialValues={{ kind: 'holiday' }}>
        <Form.Item name="date" rules={[{ required: true, message: t('errors.required') }]}>
          <DatePicker defaultPickerValue={dayjs(`${year}-01-01`)} />
        </Form.Item>
        <Form.Item name="kind">
          <Select style={{ width: 120 }} options={(['holiday', 'workday'] as const).map((k) => ({ value: k, label: t(`roster.settings.holidayKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: t('errors.required') }]}>
          <Input placeholder={t('roster.settings.holidayName')} maxLength={20} />
        </Form.Item>
        <Button htmlType="submit" icon={<PlusOutlined />}>
          {t('roster.settings.addHoliday')}
        </Button>
      </Form>
    </Card>
  );
};

