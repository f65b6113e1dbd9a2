import { Button, Form, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { patrolBoard, patrolRulesSave, type PointsRules } from '../../shared/patrol/contract.js';
import { localDateTime } from '../../shared/time.js';
import { useCan, useMe } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { ErrorLine, useSubmit } from './formParts.js';

// ───────────────────────────── rules ─────────────────────────────

export const RulesTab = () => {
  const board = useMethod(patrolBoard, {});
  return board.data ? <RulesForm rules={board.data.rules} /> : null;
};

const RulesForm = ({ rules }: { rules: PointsRules }) => {
  const { t } = useTranslation();
  const { me } = useMe();
  const can = useCan();
  const save = useAction(patrolRulesSave);
  const [form] = Form.useForm<{ perHour: number; perPatrol: number; perFinding: number }>();
  const submit = useSubmit();
  const [error, setError] = useState<unknown>(null);
  const editable = can(patrolRulesSave);
  return (
    <Space orientation="vertical">
      <Typography.Text type="secondary">{t('patrol.rules.hint')}</Typography.Text>
      <Typography.Text type="secondary">{rules.version === 0 ? t('patrol.rules.defaults') : t('patrol.rules.updated', { by: rules.updatedBy ?? '', at: rules.updatedAt ? localDateTime(rules.updatedAt, me.timeZone) : '' })}</Typography.Text>
      <ErrorLine error={error} />
      <Form
        form={form}
        layout="inline"
        disabled={!editable}
        initialValues={{ perHour: rules.perHour, perPatrol: rules.perPatrol, perFinding: rules.perFinding }}
        onFinish={(v) => void submit(form, () => save.mutateAsync({ version: rules.version, ...v })).then(setError)}
      >
        {(['perHour', 'perPatrol', 'perFinding'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(`patrol.rules.${k}`)}>
            <InputNumber style={{ width: 100 }} data-testid={`patrol-rules-${k}`} />
          </Form.Item>
        ))}
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('patrol.rules.save')}
          </Button>
        )}
      </Form>
    </Space>
  );
};
