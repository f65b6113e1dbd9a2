import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Dropdown, Flex, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { rosterSettingsGet, rosterSettingsSave, type RosterSettings } from '../../shared/roster/contract.js';
import { FAIRNESS_METRICS, isNightShift, shiftLetter } from '../../shared/roster/model.js';
import { PATTERN_TEMPLATES } from '../../shared/roster/patterns.js';
import { call } from '../app/api.js';
import { clearFieldErrors, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { useMethod } from '../app/query.js';
import { rosterErrorText, shiftLabel } from './common.js';
import { ANYONE, NIGHT_CHOICES, Requirements, STAFF_LIMITS, WeekdaySelect, asFieldErrors, fromForm, PeopleCard, toForm, type FormValues } from './settingsForm.js';
import { HolidaysCard } from './HolidaysCard.js';
import type { Names } from '../app/resources.js';

/**
 * The station's roster rules, edited by the station head: shifts, staffing per shift and role,
 * school-guard posts, rest and limits, fairness, rotation patterns, per-person settings, the
 * engine's time limit; and the holiday calendar per year. The core validates; its errors mark the
 * fields here.
 */
export const RosterSettingsPage = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const view = useMethod(rosterSettingsGet, {});
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const shiftTypes = (Form.useWatch(['settings', 'shiftTypes'], form) ?? []) as FormValues['settings']['shiftTypes'];
  const patterns = (Form.useWatch(['settings', 'patterns'], form) ?? []) as RosterSettings['patterns'];

  useEffect(() => {
    if (view.data) form.setFieldsValue(toForm(view.data, i18n.language));
  }, [view.data, form, i18n.language]);

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
              <Button onClick={() => form.setFieldsValue(toForm(data, i18n.language))}>{t('roster.settings.reset')}</Button>
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
                          <Select style={{ width: 110 }} options={shiftTypes.filter(Boolean).map((s) => ({ value: s.id, label: shiftLabel(s) }))} />
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
                    <Form.Item label={t('app.labelled', { label: shiftLabel(s), value: `${t('roster.month.shifts')} ${t('roster.settings.coverMin')} / ${t('roster.settings.coverMax')}` })}>
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

        <PeopleCard people={data.people} patterns={patterns} />
      </Space>
      </Form>
      {/* its own form: forms do not nest */}
      <HolidaysCard />
    </Space>
  );
};
