import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const hq = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/hq/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HQ_DATABASE_URL: '' } });

describe('the HQ command line', () => {
  it('--help prints how to call it, in both languages, and starts nothing', () => {
    for (const flag of ['--help', '-h']) {
      const r = hq(flag);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('npm run hq -- --data-dir DIR');
      expect(r.stdout).toContain('--add-user NAME');
      expect(r.stdout).toContain('数据目录');
      expect(r.stderr).not.toMatch(/TypeError|at .*\.(ts|js):\d+/);
    }
  });

  it('an unknown option says which and how to call, without a stack trace', () => {
    const r = hq('--date-dir', '/tmp/x');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'--date-dir'");
    expect(r.stderr).toContain('npm run hq -- --data-dir DIR');
    expect(r.stderr).not.toMatch(/TypeError|ERR_PARSE_ARGS|at .*\.(ts|js):\d+/);
  });
});
