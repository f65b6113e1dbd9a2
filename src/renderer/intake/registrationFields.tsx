/** The registration form's fields: their values, the order the desk types them in, and the selects' options in the language shown, searchable by pinyin initials and by index. */
import { Flex, Typography } from 'antd';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type IdType } from '../../shared/checks/idNumber.js';
import { type VisitorMatch } from '../../shared/intake/contract.js';
import { type Purpose, type Route } from '../../shared/intake/zones.js';

export interface Values {
  visitorName?: string;
  idType: IdType;
  idNumber?: string;
  phone?: string;
  purpose?: Purpose;
  route?: Route;
  note?: string;
}
export type FieldName = keyof Values;

/** The order the desk types in; Enter walks it, and on the last field registers. */
export const ORDER: FieldName[] = ['visitorName', 'idType', 'idNumber', 'phone', 'purpose', 'route', 'note'];
export const SELECTS = new Set<FieldName>(['idType', 'purpose', 'route']);
export const FORM_NAME = 'walkin';
export const INITIAL: Values = { idType: 'resident' };

export type IdInfo =
  | { kind: 'ok'; birthDate: string; sex: 'male' | 'female'; age: number; converted: string | null }
  | { kind: 'typing'; n: number }
  | null;

export type Match = VisitorMatch & { via: 'idNumber' | 'phone' };

/** Options searchable by their number (1, 2 …), their name or their key: typing picks, Enter moves on. */
export const useOptions = <V extends string>(values: readonly V[], prefix: 'intake.idTypes' | 'intake.purposes' | 'intake.routes') => {
  const { t } = useTranslation();
  return values.map((value, i) => ({
    value,
    // the values are the domain's own lists, each worded under its prefix
    label: t(`${prefix}.${value}` as ParseKeys),
    search: `${t(`${prefix}.${value}` as ParseKeys)} ${value}`.toLowerCase(),
    index: String(i + 1),
  }));
};
export const filterOption = (input: string, option?: { search: string; index: string }) => {
  const q = input.trim().toLowerCase();
  if (!option) return false;
  if (/^\d+$/.test(q)) return option.index === q;
  return option.search.includes(q);
};
export const renderOption = (option: { data: { label: string; index: string } }) => (
  <Flex justify="space-between">
    <span>{option.data.label}</span>
    <Typography.Text type="secondary" keyboard style={{ fontSize: 11 }}>
      {option.data.index}
    </Typography.Text>
  </Flex>
);
