import { App, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../shared/errors.js';
import type { CaseStatus } from '../../shared/mediation/model.js';
import { TAG_KINDS, type Tag as CaseTag, type TagKind } from '../../shared/mediation/model.js';
import type { RiskLevel } from '../../shared/mediation/risk.js';
import { errorText } from '../app/i18n.js';

export const casePath = (id: string) => `/mediation/case/${id}`;
export const agreementPath = (id: string) => `/print/mediation/agreement/${id}`;
export const noticePath = (id: string) => `/print/mediation/notice/${id}`;
export const POOL_PATH = '/mediation/pool';

export const CASE_STATUS_COLOR: Record<CaseStatus, string> = {
  registered: 'gold',
  accepted: 'blue',
  declined: 'default',
  mediating: 'processing',
  agreed: 'success',
  failed: 'error',
  followedUp: 'cyan',
  archived: 'default',
  cancelled: 'default',
};

export const CaseStatusTag = ({ status }: { status: CaseStatus }) => {
  const { t } = useTranslation();
  return (
    <Tag color={CASE_STATUS_COLOR[status]} data-testid="case-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`mediation.statuses.${status}`)}
    </Tag>
  );
};

const RISK_COLOR: Record<RiskLevel, string> = { low: 'green', medium: 'orange', high: 'red' };

export const RiskTag = ({ level, score }: { level: RiskLevel; score?: number }) => {
  const { t } = useTranslation();
  return (
    <Tag color={RISK_COLOR[level]} data-testid="risk-level" data-level={level} style={{ marginInlineEnd: 0 }}>
      {t(`mediation.risk.${level}`)}
      {score !== undefined ? ` ${score}` : ''}
    </Tag>
  );
};

export const CaseTags = ({ tags }: { tags: CaseTag[] }) => {
  const { t } = useTranslation();
  return (
    <>
      {tags.map((tag, i) => (
        <Tag key={i} data-testid="case-tag">
          {t(`mediation.tagKinds.${tag.kind}`)}·{tag.label}
        </Tag>
      ))}
    </>
  );
};

/** A duration in the largest unit that reads well: 3 天, 5 小时 20 分, 12 分钟. */
export const formatSpan = (t: TFunction, ms: number): string => {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes >= 48 * 60) return t('mediation.queue.days', { n: Math.floor(minutes / 1440) });
  if (minutes >= 60) return t('mediation.queue.hm', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t('mediation.queue.minutes', { n: minutes });
};

/** "剩 3 天" or, in red, "已逾期 5 小时". `now` is the core's clock plus the time since it answered. */
export const Countdown = ({ due, now, overdue, testId }: { due: string | null; now: number; overdue: boolean; testId?: string }) => {
  const { t } = useTranslation();
  if (!due) return null;
  const left = Date.parse(due) - now;
  const late = overdue || left < 0;
  return (
    <Typography.Text
      type={late ? 'danger' : left < 4 * 3_600_000 ? 'warning' : undefined}
      strong={late}
      style={{ marginInlineStart: 4 }}
      data-testid={testId} data-overdue={late ? 'true' : 'false'}>
      {late ? t('mediation.queue.overdueBy', { time: formatSpan(t, left) }) : t('mediation.queue.left', { time: formatSpan(t, left) })}
    </Typography.Text>
  );
};

/** Tags typed as "地:繁荣路18号, 人:张三"; the kind by its label in either language or its key. */
export const parseTags = (t: TFunction, raw: string | undefined): CaseTag[] | null => {
  const parts = (raw ?? '')
    .split(/[,，;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const out: CaseTag[] = [];
  for (const part of parts) {
    const m = /^([^:：]+)[:：](.+)$/.exec(part);
    if (!m) return null;
    const name = m[1].trim().toLowerCase();
    const kind = TAG_KINDS.find(
      (k) => k === name || t(`mediation.tagKinds.${k}`).toLowerCase() === name || t(`mediation.tagKinds.${k}`, { lng: 'zh-CN' }) === name || t(`mediation.tagKinds.${k}`, { lng: 'en' }).toLowerCase() === name,
    );
    if (!kind) return null;
    out.push({ kind: kind as TagKind, label: m[2].trim() });
  }
  return out;
};

export const formatTags = (t: TFunction, tags: CaseTag[]): string => tags.map((x) => `${t(`mediation.tagKinds.${x.kind}`)}:${x.label}`).join(', ');

export const isStale = (error: unknown): boolean => error instanceof AppError && error.key === 'staleVersion';

/** The toast for a failed action; a stale version is said plainly, with the way out. */
export const useActionError = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (error: unknown) => void message.error({ key: 'mediation-action', content: isStale(error) ? t('mediation.case.stale') : errorText(t, error) });
};
