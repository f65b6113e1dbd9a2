import { StopOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Progress, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterJob, RosterSettings } from '../../shared/roster/contract.js';
import { listText } from '../app/messages.js';
import { changesText, issueText } from './common.js';

const fmt = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * The engine's job as it runs and as it ended: seconds, the best objective and the proven bound,
 * a Stop button that keeps the best roster so far; then "proven optimal" or not, or the reasons
 * why no roster meets every hard rule, each in the user's language.
 */
export const JobPanel = ({
  job,
  shiftTypes,
  people,
  timeLimit,
  onStop,
  onClose,
  onFinished,
  stopping,
}: {
  job: RosterJob;
  shiftTypes: RosterSettings['shiftTypes'];
  /** names for a re-roster's list of changes */
  people: { staffId: string; name: string }[];
  timeLimit: number;
  onStop: () => void;
  onClose: () => void;
  /** called once when a job seen running has ended */
  onFinished: () => void;
  stopping: boolean;
}) => {
  const { t } = useTranslation();
  const wasRunning = useRef(job.state === 'running');
  useEffect(() => {
    if (job.state === 'running') wasRunning.current = true;
    else if (wasRunning.current) {
      wasRunning.current = false;
      onFinished();
    }
  }, [job.state, onFinished]);

  const reroster = job.changes !== null;
  if (job.state === 'running') {
    const gap = job.objective !== null && job.bound !== null && job.objective > 0 ? Math.max(0, Math.min(100, 100 - ((job.objective - job.bound) / job.objective) * 100)) : null;
    return (
      <Alert
        type="info"
        showIcon
        data-testid="job-running"
        title={t('roster.generate.running')}
        description={
          <Flex vertical gap={4}>
            {job.months.length > 1 && <Typography.Text data-testid="job-months">{t('roster.generate.quarterMonths', { months: listText(t, job.months) })}</Typography.Text>}
            <Typography.Text data-testid="job-progress">
              {/* a re-roster's objective counts kept cells at a large weight: no number a head can read */}
              {reroster
                ? t('roster.reroster.running', { seconds: job.seconds.toFixed(1) })
                : t('roster.generate.progress', { seconds: job.seconds.toFixed(1), objective: fmt(job.objective), bound: fmt(job.bound) })}
            </Typography.Text>
            <Progress percent={Math.min(99, Math.round((job.seconds / timeLimit) * 100))} success={gap === null ? undefined : { percent: Math.round(gap * 0.99) }} size="small" showInfo={false} />
          </Flex>
        }
        action={
          <Button danger icon={<StopOutlined />} onClick={onStop} loading={stopping} data-testid="job-stop">
            {t('roster.generate.stop')}
          </Button>
        }
      />
    );
  }
  if (job.state === 'done')
    return (
      <Alert
        type={job.optimal ? 'success' : 'warning'}
        showIcon
        closable={{ onClose }}
        data-testid="job-done"
        data-optimal={job.optimal ? 'true' : 'false'}
        title={t('app.labelled', { label: t('roster.generate.done'), value: job.optimal ? t('roster.generate.optimal') : t('roster.generate.notOptimal') })}
        description={
          <span data-testid="job-summary">
            {job.months.length > 1 ? `${t('roster.generate.quarterMonths', { months: listText(t, job.months) })} · ` : ''}
            {reroster ? changesText(t, job.changes!, people, shiftTypes) : t('roster.generate.progress', { seconds: job.seconds.toFixed(1), objective: fmt(job.objective), bound: fmt(job.bound) })}
            {job.stopped ? ` · ${t('roster.generate.stopped')}` : ''}
          </span>
        }
      />
    );
  if (job.state === 'infeasible' || job.state === 'unsolved')
    return (
      <Alert
        type={job.state === 'infeasible' ? 'error' : 'warning'}
        showIcon
        closable={{ onClose }}
        data-testid={`job-${job.state}`}
        title={t(`roster.generate.${job.state}`)}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {job.reasons.map((r, i) => (
              <li key={i} data-testid="job-reason">
                {issueText(t, r, shiftTypes)}
              </li>
            ))}
          </ul>
        }
      />
    );
  return (
    <Alert
      type="error"
      showIcon
      closable={{ onClose }}
      data-testid="job-failed"
      title={t('roster.generate.failed', { error: job.error ? t(`errors.${job.error}`, { defaultValue: job.error }) : '' })}
    />
  );
};
