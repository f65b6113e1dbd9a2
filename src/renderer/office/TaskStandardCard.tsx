import { Alert, App, Card, Col, Collapse, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import { TASK_FUNCTIONS, officeTaskStandardReplace, type TaskStandard } from '../../shared/office/tasks.js';
import type { InputOf } from '../../shared/method.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction } from '../app/query.js';
import { FUNCTION_COLOR } from './taskLabels.js';

/** The standard in force, four functions side by side; the head applies a list HQ published. */
export const StandardCard = ({ standard }: { standard: TaskStandard | undefined }) => {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const replace = useAction(officeTaskStandardReplace);
  const [error, setError] = useState<unknown>(null);
  if (!standard) return null;
  const en = i18n.language === 'en';
  const apply = async (file: File) => {
    setError(null);
    let list: unknown;
    try {
      list = JSON.parse(await file.text());
    } catch {
      setError(new AppError({ code: 'VALIDATION', key: 'invalid' }));
      void message.error(t('office.tasks.badFile'));
      return;
    }
    try {
      // the file is checked by the core like any published list: a wrong one names its field
      const r = await replace.mutateAsync(list as InputOf<typeof officeTaskStandardReplace>);
      void message.success(t('office.tasks.applied', { title: r.title }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Collapse
      items={[
        {
          key: 'standard',
          label: (
            <span data-testid="task-standard-info">
              {t('app.labelColon', { label: t('office.tasks.standard') })}
              {t('office.tasks.standardInfo', { title: en && standard.titleEn ? standard.titleEn : standard.title, source: t(`office.tasks.standardSource.${standard.source}`), date: standard.publishedAt })} ·{' '}
              {t('office.tasks.standardCount', { count: standard.tasks.length })}
            </span>
          ),
          children: (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {error ? <Alert type="error" showIcon title={errorText(t, error)} /> : null}
              {can(officeTaskStandardReplace) && (
                <label>
                  {t('app.labelColon', { label: t('office.tasks.applyList') })}{' '}
                  <input type="file" accept="application/json,.json" onChange={(e) => e.target.files?.[0] && void apply(e.target.files[0])} />
                </label>
              )}
              <Row gutter={[12, 12]}>
                {TASK_FUNCTIONS.map((f) => (
                  <Col xs={24} md={12} xl={6} key={f}>
                    <Card size="small" title={<Tag color={FUNCTION_COLOR[f]}>{t(`office.functions.${f}`)}</Tag>}>
                      <ol style={{ margin: 0, paddingLeft: 20 }}>
                        {standard.tasks
                          .filter((s) => s.function === f)
                          .map((s) => (
                            <li key={s.code}>
                              {en ? s.en : s.zh} <Typography.Text type="secondary">{s.recurrence !== 'none' ? t('app.bracketed', { text: t(`office.recurrences.${s.recurrence}`) }) : ''}</Typography.Text>
                            </li>
                          ))}
                      </ol>
                    </Card>
                  </Col>
                ))}
              </Row>
            </Space>
          ),
        },
      ]}
    />
  );
};
