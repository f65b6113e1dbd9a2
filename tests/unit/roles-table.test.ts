/**
 * The README's table of who may call what, generated from the contract. The test fails when the
 * table is stale; `UPDATE_ROLES_TABLE=1 npx vitest run tests/unit/roles-table.test.ts` rewrites it.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/shared/contract.js';
import { ROLES, type Access } from '../../src/shared/roles.js';

const root = join(__dirname, '..', '..');
const README = join(root, 'README.md');
const BEGIN = '<!-- roles-table:begin (generated from the contract by tests/unit/roles-table.test.ts) -->';
const END = '<!-- roles-table:end -->';

const ZONES: Record<string, string> = {
  station: '警务室 Station',
  auth: '登录 Sign-in',
  staff: '人员 Staff',
  intake: '前台接待 Front desk',
  mediation: '调解 Mediation',
  collection: '采集 Collection',
  roster: '排班 Roster',
  office: '值班 Duty log',
  audit: '审计 Audit',
  sync: '同步 Sync',
  retention: '保留期限 Retention',
  pairing: '终端配对 Terminals',
};
const ROLE_LABELS: Record<string, string> = { head: '负责人', officer: '民警', auxiliary: '辅警', gridWorker: '网格员', mediator: '调解员' };

/** Each method's doc comment in its contract file: what it does, in the words of its author. */
const descriptions = (): Map<string, string> => {
  const found = new Map<string, string>();
  const shared = join(root, 'src', 'shared');
  for (const zone of readdirSync(shared, { withFileTypes: true })) {
    if (!zone.isDirectory()) continue;
    let text: string;
    try {
      text = readFileSync(join(shared, zone.name, 'contract.ts'), 'utf8');
    } catch {
      continue;
    }
    // one comment only: it may not run on past its own end into the code and comments above the method
    const re = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*export const \w+ = defineMethod[^(]*\(\)\(\{\s*name: '([^']+)'/g;
    for (const m of text.matchAll(re)) {
      const doc = m[1]
        .split('\n')
        .map((l) => l.replace(/^\s*\*\s?/, '').trim())
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
      found.set(m[2], doc);
    }
  }
  return found;
};

const cell = (s: string) => s.replace(/\|/g, '\\|');
const who = (access: Access): string[] =>
  access === 'public' ? ROLES.map(() => '○') : ROLES.map((r) => (access === 'anyRole' || access.includes(r) ? '✓' : ''));

export const rolesTable = (): string => {
  const docs = descriptions();
  const head = `| method | zone | what it does | ${ROLES.map((r) => `${ROLE_LABELS[r]} ${r}`).join(' | ')} | audited |`;
  const rule = `|---|---|---|${ROLES.map(() => ':-:').join('|')}|:-:|`;
  const rows = METHODS.map((m) => {
    const zone = m.name.split('.')[0];
    const audited = m.kind === 'write' ? 'write' : m.auditRead ? 'read' : '';
    return `| \`${m.name}\` | ${ZONES[zone] ?? zone} | ${cell(docs.get(m.name) ?? '')} | ${who(m.access).join(' | ')} | ${audited} |`;
  });
  return [BEGIN, '', '○ = callable without logging in; ✓ = the role may call it; "audited" = every call is in the audit log.', '', head, rule, ...rows, '', END].join('\n');
};

describe('the README role table', () => {
  it('lists every method of the contract with the roles the core enforces', () => {
    const readme = readFileSync(README, 'utf8');
    const start = readme.indexOf(BEGIN);
    const end = readme.indexOf(END);
    expect(start, 'README has the role table markers').toBeGreaterThanOrEqual(0);
    const current = readme.slice(start, end + END.length);
    const fresh = rolesTable();
    if (process.env.UPDATE_ROLES_TABLE === '1' && current !== fresh) {
      writeFileSync(README, readme.slice(0, start) + fresh + readme.slice(end + END.length));
      return;
    }
    expect(current, 'the role table is stale: UPDATE_ROLES_TABLE=1 npx vitest run tests/unit/roles-table.test.ts').toBe(fresh);
  });
});
