import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, InputNumber, Row, Select, Space, Spin, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { mediationSettingsGet, mediationSettingsUpdate, type MediationSettings } from '../../shared/mediation/contract.js';
import { RISK_RULES, type RiskRuleName, type RiskRules } from '../../shared/mediation/risk.js';
import { errorText } from '../app/i18n.js';
import { clearFieldErrors, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { isStale } from './common.js';

export const SETTINGS_PATH = '/mediation/settings';

const WINDOW_RULES: RiskRuleName[] = ['repeatParties', 'repeatPlace', 'priorFailure'];
/** Rules with neither a window nor keywords: on or off, and a weight. */
const FLAG_RULES: RiskRuleName[] = ['partyUnderCare'];

type Values = { startLimitHours: number; riskRules: RiskRules };

/**
 * The station's mediation settings: the time limit to start mediating and the early-warning rules
 * (weights, look-back windows, keyword lists). Everyone who works cases can read them, so a score
 * can be understood; only the head changes them, and the core re-scores the open cases at once.
 */
export const SettingsPage = () => {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const { message } = App.useApp();
  const query = useMethod(mediationSettingsGet, {});
  const save = useAction(mediationSettingsUpdate);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const mayEdit = can(mediationSettingsUpdate);
  const settings: MediationSettings | undefined = query.data;

  useEffect(() => {
    if (settings) form.setFieldsValue({ startLimitHours: settings.startLimitHours, riskRules: settings.riskRules });
  }, [settings, form]);

  if (query.error) return <Alert type="error" showIcon title={errorText(t, query.error)} />;
  if (!settings) return <Spin />;

  const submit = async (v: Values) => {
    setError(null);
    clearFieldErrors(form);
    try {
      await save.mutateAsync({ version: settings.version, startLimitHours: v.startLimitHours, riskRules: v.riskRules } as never);
      void message.success(t('mediation.settings.saved'));
    } catch (e) {
      if (markFieldErrors(form, t, e)) focusFirstError(form, e);
      else setError(e);
    }
  };

  const num = (name: (string | number)[], min: number, max: number, testId: string) => (
    <Form.Item name={name} style={{ margin: 0 }}>
      <InputNumber min={min} max={max} precision={0} disabled={!mayEdit} data-testid={testId} style={{ width: 96 }} />
    </Form.Item>
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="settings-page" data-version={settings.version}>
      <Card size="small">
        <Flex align="center" gap={12} wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/zone/mediation')}>
            {t('mediation.case.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('mediation.settings.title')}
          </Typography.Title>
          <Tag>{settings.version === 0 ? t('mediation.settings.defaults') : t('mediation.settings.version', { n: settings.version })}</Tag>
        </Flex>
      </Card>
      {!mayEdit && <Alert type="info" showIcon title={t('mediation.settings.headOnly')} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={!mayEdit}>
        <Card size="small">
          <Row gutter={24}>
            <Col xs={24} md={8}>
              <Form.Item name="startLimitHours" label={t('mediation.settings.startLimit')} extra={t('mediation.settings.startLimitHint')}>
                <InputNumber min={1} max={720} precision={0} autoFocus data-testid="settings-startLimit" style={{ width: 140 }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name={['riskRules', 'mediumThreshold']} label={t('mediation.settings.medium')}>
                <InputNumber min={1} max={100} precision={0} data-testid="settings-medium" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name={['riskRules', 'highThreshold']} label={t('mediation.settings.high')}>
                <InputNumber min={1} max={100} precision={0} data-testid="settings-high" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('mediation.case.risk')} style={{ marginTop: 12 }}>
          <Table
            size="small"
            rowKey={(r) => r}
            pagination={false}
            dataSource={[...RISK_RULES]}
            onRow={(rule) => ({ 'data-testid': `rule-${rule}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('mediation.settings.rule'), key: 'rule', width: 200, render: (_: unknown, rule: RiskRuleName) => t(`mediation.rules.${rule}`) },
              {
                title: t('mediation.settings.enabled'),
                key: 'enabled',
                width: 70,
                render: (_: unknown, rule: RiskRuleName) => (
                  <Form.Item name={['riskRules', rule, 'enabled']} valuePropName="checked" style={{ margin: 0 }}>
                    <Switch size="small" data-testid={`rule-${rule}-enabled`} />
                  </Form.Item>
                ),
              },
              { title: t('mediation.settings.weight'), key: 'weight', width: 110, render: (_: unknown, rule: RiskRuleName) => num(['riskRules', rule, 'weight'], 0, 100, `rule-${rule}-weight`) },
              {
                title: `${t('mediation.settings.withinDays')} / ${t('mediation.settings.keywords')}`,
                key: 'detail',
                render: (_: unknown, rule: RiskRuleName) =>
                  FLAG_RULES.includes(rule) ? (
                    <Typography.Text type="secondary">{t('mediation.settings.flagHint')}</Typography.Text>
                  ) : WINDOW_RULES.includes(rule) ? (
                    num(['riskRules', rule, 'withinDays'], 1, 3650, `rule-${rule}-days`)
                  ) : (
                    // the keywords are matched in what parties say, in Chinese whatever the screen's
                    // language: marked as Chinese, the hint under them in the screen's language
                    <div lang="zh-CN">
                      <Form.Item name={['riskRules', rule, 'keywords']} style={{ margin: 0 }} extra={<span lang={i18n.language}>{t('mediation.settings.keywordsHint')}</span>}>
                        <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} data-testid={`rule-${rule}-keywords`} style={{ width: '100%' }} />
                      </Form.Item>
                    </div>
                  ),
              },
            ]}
          />
        </Card>
        {error !== null && (
          <Typography.Paragraph type="danger" data-testid="settings-error" style={{ marginTop: 12 }}>
            {isStale(error) ? t('mediation.case.stale') : errorText(t, error)}
          </Typography.Paragraph>
        )}
        {mayEdit && (
          <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 12 }} data-testid="settings-save">
            {t('mediation.settings.save')}
          </Button>
        )}
      </Form>
    </Space>
  );
};
