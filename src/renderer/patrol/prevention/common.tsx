/** What the three prevention tabs share: state colours, cancelling with a reason, the 小区 picker. */
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { patrolCompounds, type Deduction, type PostState } from '../../../shared/patrol/prevention.contract.js';
import type { MethodDef } from '../../../shared/method.js';
import { CancelWithReason } from '../../app/CancelWithReason.js';
import { useAction, useMethod } from '../../app/query.js';

export const STATE_COLOR: Record<PostState, string> = { future: 'default', open: 'blue', covered: 'green', gap: 'red', untracked: 'default' };
export const CAMERA_COLOR = { unchecked: 'default', ok: 'green', fault: 'red' } as const;

export const useDeductionText = () => {
  const { t } = useTranslation();
  return (d: Deduction) => `${t(`prevention.check.items.${d.item}`, { count: d.count, text: d.text ?? '' })} −${d.points}`;
};

type CancelInput = { id: string; version: number; reason: string };

/** Cancels (or retires) one record through its method, with a reason: the core checks its version. */
export const CancelRecord = ({
  method,
  record,
  title,
  testId,
  label,
}: {
  method: MethodDef<z.ZodType<CancelInput, CancelInput>>;
  record: { id: string; version: number };
  title: string;
  testId: string;
  label?: string;
}) => {
  const { t } = useTranslation();
  const cancel = useAction(method);
  return (
    <CancelWithReason
      label={label ?? t('prevention.cancel')}
      title={title}
      testId={testId}
      reasonLabel={t('prevention.reason')}
      onConfirm={(reason) => cancel.mutateAsync({ id: record.id, version: record.version, reason })}
    />
  );
};

// ───────────────────────────── the standard address of a 小区 ─────────────────────────────

export const CompoundSelect = ({ value, onChange, initialText, testId }: { value?: string | null; onChange?: (v: string | null) => void; initialText?: string | null; testId: string }) => {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const options = useMethod(patrolCompounds, { q });
  const list = (options.data ?? []).map((o) => ({ value: o.id, label: o.fullText }));
  if (value && initialText && !list.some((o) => o.value === value)) list.unshift({ value, label: initialText });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={list}
      placeholder={t('prevention.property.addressHint')}
      data-testid={testId}
    />
  );
};
