import divisionData from '../../../resources/divisions.json';
import type { Division } from '../../shared/collection/contract.js';

const CODES: Record<string, string> = divisionData.codes;

/** The full name of a code from the province down: 220702 → 吉林省 松原市 宁江区. */
export const divisionFullName = (code: string): string | null => {
  const name = CODES[code];
  if (!name) return null;
  const province = CODES[`${code.slice(0, 2)}0000`];
  const prefecture = CODES[`${code.slice(0, 4)}00`];
  const parts = [province, code.endsWith('0000') ? null : prefecture, code.endsWith('00') ? null : name];
  return parts.filter((p, i) => p && !(i === 1 && p === '市辖区')).join(' ') || name;
};

/** Divisions whose code starts with the digits typed, or whose name contains the text typed. */
export const findDivisions = (q: string | null, limit = 50): Division[] => {
  const out: Division[] = [];
  for (const [code, name] of Object.entries(CODES)) {
    if (q && !(/^\d+$/.test(q) ? code.startsWith(q) : name.includes(q))) continue;
    out.push({ code, name, fullName: divisionFullName(code) ?? name });
    if (out.length >= limit) break;
  }
  return out;
};
