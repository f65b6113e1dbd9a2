/**
 * The table of who may do what in docs/security.md, generated from the permission table: each permission,
 * what it allows (its doc comment), the roles holding it and the methods that need it. The test
 * fails when the table is stale; `UPDATE_ROLES_TABLE=1 npx vitest run tests/unit/roles-table.test.ts`
 * rewrites it. It also holds the table to account: every method names a permission that exists,
 * and every permission is needed somewhere.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/shared/contract.js';
import type { MethodDef } from '../../src/shared/method.js';
import { can, PERMISSIONS, PERMISSION_NAMES, type Permission } from '../../src/shared/permissions.js';
import { SHELL_METHODS } from '../../src/shared/print.js';
import { ROLES } from '../../src/shared/roles.js';

const root = join(__dirname, '..', '..');
const SECURITY_PAGE = join(root, 'docs', 'security.md');
const PERMISSIONS_FILE = join(root, 'src', 'shared', 'permissions.ts');
const BEGIN = '<!-- roles-table:begin (generated from src/shared/permissions.ts by tests/unit/roles-table.test.ts) -->';
const END = '<!-- roles-table:end -->';

const ROLE_LABELS: Record<string, string> = { head: '负责人', officer: '民警', auxiliary: '辅警', gridWorker: '网格员', mediator: '调解员' };

/** Every method with an access rule: the core's, and the desktop shell's own. */
const ALL_METHODS: readonly MethodDef[] = [...METHODS, ...SHELL_METHODS];

/** Each permission's doc comment in the table: what it allows, in the words of its author. */
const descriptions = (): Map<string, string> => {
  const text = readFileSync(PERMISSIONS_FILE, 'utf8');
  const found = new Map<string, string>();
  for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*'([a-z]+\.[a-zA-Z]+)':/g)) {
    found.set(
      m[2],
      m[1]
        .split('\n')
        .map((l) => l.replace(/^\s*\*\s?/, '').trim())
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return found;
};

/** Source files of the app, the permission table itself left out. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && path !== PERMISSIONS_FILE ? [path] : [];
  });

const cell = (s: string) => s.replace(/\|/g, '\\|');
const methodsOf = (access: string) => ALL_METHODS.filter((m) => m.access === access).map((m) => `\`${m.name}\``);
const row = (name: string, what: string, marks: string[], methods: string[]) =>
  `| ${name} | ${cell(what)} | ${marks.join(' | ')} | ${methods.length ? methods.join(', ') : 'checked in the core'} |`;

export const rolesTable = (): string => {
  const docs = descriptions();
  const head = `| permission | what it allows | ${ROLES.map((r) => `${ROLE_LABELS[r]} ${r}`).join(' | ')} | methods that need it |`;
  const rule = `|---|---|${ROLES.map(() => ':-:').join('|')}|---|`;
  const rows = PERMISSION_NAMES.map((p) =>
    row(`\`${p}\``, docs.get(p) ?? '', ROLES.map((r) => ((PERMISSIONS[p] as readonly string[]).includes(r) ? '✓' : '')), methodsOf(p)),
  );
  rows.push(row('*any role*', 'what every logged-in account does', ROLES.map(() => '✓'), methodsOf('anyRole')));
  rows.push(row('*public*', 'what a station answers before anyone logs in', ROLES.map(() => '○'), methodsOf('public')));
  return [
    BEGIN,
    '',
    '✓ = the role holds the permission; ○ = callable without logging in. Writes, unmaskings and searches by number are audited.',
    '',
    head,
    rule,
    ...rows,
    '',
    END,
  ].join('\n');
};

describe('the permission table', () => {
  it('has a permission for every method, and every method names one that exists', () => {
    for (const m of ALL_METHODS) {
      if (m.access === 'public' || m.access === 'anyRole') continue;
      expect(Object.hasOwn(PERMISSIONS, m.access), `${m.name} needs ${m.access}`).toBe(true);
    }
  });

  it('names permissions zone.action, each held by a known role and described', () => {
    const docs = descriptions();
    for (const p of PERMISSION_NAMES) {
      expect(p).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(PERMISSIONS[p].length, p).toBeGreaterThan(0);
      for (const role of PERMISSIONS[p]) expect(ROLES).toContain(role);
      expect(docs.get(p), `${p} has a doc comment saying what it allows`).toBeTruthy();
    }
  });

  it('grants nothing for a name that is not in the table, nor to no role', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'person.reveal', '']) expect(can('head', name as Permission), name).toBe(false);
    expect(can(undefined, 'person.unmask')).toBe(false);
    expect(can('officer', 'person.unmask')).toBe(true);
  });

  it('has no permission that nothing needs', () => {
    const named = new Set<string>(ALL_METHODS.map((m) => m.access));
    const code = sources(join(root, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = PERMISSION_NAMES.filter((p: Permission) => !named.has(p) && !code.includes(`'${p}'`));
    expect(unused).toEqual([]);
  });
});

describe('the role table in docs/security.md', () => {
  it('lists every permission with the roles holding it and the methods that need it', () => {
    const page = readFileSync(SECURITY_PAGE, 'utf8');
    const start = page.indexOf(BEGIN);
    const end = page.indexOf(END);
    expect(start, 'docs/security.md has the role table markers').toBeGreaterThanOrEqual(0);
    const current = page.slice(start, end + END.length);
    const fresh = rolesTable();
    if (process.env.UPDATE_ROLES_TABLE === '1' && current !== fresh) {
      writeFileSync(SECURITY_PAGE, page.slice(0, start) + fresh + page.slice(end + END.length));
      return;
    }
    expect(current, 'the role table is stale: UPDATE_ROLES_TABLE=1 npx vitest run tests/unit/roles-table.test.ts').toBe(fresh);
  });
});
