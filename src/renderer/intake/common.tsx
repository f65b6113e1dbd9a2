import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WalkIn } from '../../shared/intake/contract.js';
import { isFinished, ROUTES, type Route, type WalkInStatus } from '../../shared/intake/zones.js';
import type { PageSize } from '../../shared/print.js';

/** The four zones that have a page of their own (the duty officer is a route, not a zone). */
export const ZONES = ['office', 'mediation', 'collection', 'patrol'] as const satisfies readonly Route[];
export type Zone = (typeof ZONES)[number];
export const isZone = (value: string | undefined): value is Zone => (ZONES as readonly string[]).includes(value ?? '');
export const isRoute = (value: string | undefined): value is Route => (ROUTES as readonly string[]).includes(value ?? '');

export const STATUS_COLOR: Record<WalkInStatus, string> = {
  waiting: 'gold',
  serving: 'processing',
  done: 'success',
  referred: 'purple',
  left: 'default',
};

export const StatusTag = ({ status }: { status: WalkInStatus }) => {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`intake.statuses.${status}`)}
    </Tag>
  );
};

/** The current time, refreshed every `ms`: waiting times tick without refetching. */
export const useNow = (ms = 15_000): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
};

export const minutesBetween = (from: string, to: number | string): number =>
  Math.max(0, Math.floor(((typeof to === 'number' ? to : Date.parse(to)) - Date.parse(from)) / 60_000));

export const formatMinutes = (t: TFunction, minutes: number): string =>
  minutes < 60
    ? t('intake.minutes', { n: minutes })
    : t('intake.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });

/** How long a walk-in waited before someone served it (or has waited so far). */
export const waitMinutes = (w: WalkIn, now: number): number | null => {
  if (w.servingStartedAt) return minutesBetween(w.arrivedAt, w.servingStartedAt);
  if (w.status === 'waiting') return minutesBetween(w.arrivedAt, now);
  return null;
};

export interface BoardStats {
  total: number;
  /** people who came in: a referral to another zone is the same visit */
  arrivals: number;
  byStatus: Record<WalkInStatus, number>;
  finished: number;
  /** the longest current wait, in minutes, of those still waiting */
  longestWait: number | null;
  /** average minutes from arrival to the start of service, over those served */
  averageWait: number | null;
}

export const boardStats = (walkIns: readonly WalkIn[], now: number): BoardStats => {
  const byStatus: Record<WalkInStatus, number> = { waiting: 0, serving: 0, done: 0, referred: 0, left: 0 };
  let longestWait: number | null = null;
  let waitSum = 0;
  let waitCount = 0;
  for (const w of walkIns) {
    byStatus[w.status] += 1;
    if (w.status === 'waiting') longestWait = Math.max(longestWait ?? 0, minutesBetween(w.arrivedAt, now));
    if (w.servingStartedAt) {
      waitSum += minutesBetween(w.arrivedAt, w.servingStartedAt);
      waitCount += 1;
    }
  }
  return {
    total: walkIns.length,
    arrivals: walkIns.filter((w) => !w.referredFromId).length,
    byStatus,
    finished: walkIns.filter((w) => isFinished(w.status)).length,
    longestWait,
    averageWait: waitCount > 0 ? Math.round(waitSum / waitCount) : null,
  };
};

/** Board order: being served, then waiting (first come first), then finished (latest first). */
export const boardOrder = (walkIns: readonly WalkIn[]): WalkIn[] => {
  const rank = (w: WalkIn) => (w.status === 'serving' ? 0 : w.status === 'waiting' ? 1 : 2);
  return [...walkIns].sort((a, b) => {
    const r = rank(a) - rank(b);
    if (r !== 0) return r;
    if (rank(a) === 2) return (b.finishedAt ?? b.arrivedAt).localeCompare(a.finishedAt ?? a.arrivedAt);
    return a.arrivedAt.localeCompare(b.arrivedAt);
  });
};

export const slipPath = (id: string, size: Extract<PageSize, 'receipt80' | 'A5'>) => `/print/slip/${id}?size=${size}`;

export { ageOn } from '../../shared/time.js';

/** A masked identifier, or a quiet dash. */
export const Masked = ({ value, empty, testId }: { value: string | null; empty: string; testId?: string }) =>
  value ? (
    <span className="masked" data-testid={testId}>
      {value}
    </span>
  ) : (
    <span style={{ color: '#999' }} data-testid={testId}>
      {empty}
    </span>
  );
