import { SettingOutlined } from '@ant-design/icons';
import { App, Button, Form, InputNumber, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { officeAssessmentRulesSave, type AssessmentRules, type RatingRule } from '../../shared/office/assessment.js';
import { ModalForm } from '../app/ModalForm.js';
import { useAction } from '../app/query.js';

/** The rule ratings count by, in words, with who set it: the source of the score's rating lines. */
export const RulesSummary = ({ rules }: { rules: AssessmentRules }) => {
  const { t } = useTranslation();
  const r = rules.rating;
  return (
    <Typography.Text type="secondary" data-testid="assessment-rules-summary">
      {r.on
        ? t('office.assessment.rules.summaryOn', { satisfied: r.pointsPerSatisfied, poor: r.pointsPerPoor, cap: r.cap })
        : t('office.assessment.rules.summaryOff')}
      {rules.setBy && rules.setAt && t('office.assessment.rules.setBy', { name: rules.setBy, at: dayjs(rules.setAt).format('YYYY-MM-DD') })}
    </Typography.Text>
  );
};

/** The head's button and form for the assessment's scoring rules (how ratings count). */
export const RulesButton = ({ rules }: { rules: AssessmentRules }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<SettingOutlined />} onClick={() => setOpen(true)} data-testid="assessment-rules">
        {t('office.assessment.rules.open')}
      </Button>
      {open && <RulesModal rules={rules} onClose={() => setOpen(false)} />}
    </>
  );
};

const RulesModal = ({ rules, onClose }: { rules: AssessmentRules; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useAction(officeAssessmentRulesSave);
  const [form] = Form.useForm<{ rating: RatingRule }>();
  return (
    <ModalForm<{ rating: RatingRule }>
      open
      title={t('office.assessment.rules.title')}
      form={form}
      testId="assessment-rules-form"
      initialValues={{ rating: rules.rating }}
      onCancel={onClose}
      onSubmit={async (v) => {
        // the core validates the rule; its refusals are marked on the fields
        await save.mutateAsync({ version: rules.version, rating: { ...rules.rating, ...v.rating } });
        void message.success(t('office.assessment.rules.saved'));
        onClose();
      }}
    >
      <Form.Item name={['rating', 'on']} label={t('office.assessment.rules.rating')} valuePropName="checked">
        <Switch checkedChildren={t('office.assessment.rules.ratingOn')} unCheckedChildren={t('office.assessment.rules.ratingOff')} data-testid="assessment-rules-on" />
      </Form.Item>
      <Form.Item name={['rating', 'pointsPerSatisfied']} label={t('office.assessment.rules.pointsPerSatisfied')}>
        <InputNumber step={0.5} data-testid="assessment-rules-satisfied" />
      </Form.Item>
      <Form.Item name={['rating', 'pointsPerPoor']} label={t('office.assessment.rules.pointsPerPoor')}>
        <InputNumber step={0.5} data-testid="assessment-rules-poor" />
      </Form.Item>
      <Form.Item name={['rating', 'cap']} label={t('office.assessment.rules.cap')}>
        <InputNumber step={0.5} data-testid="assessment-rules-cap" />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('office.assessment.rules.hint')}</Typography.Paragraph>
    </ModalForm>
  );
};
