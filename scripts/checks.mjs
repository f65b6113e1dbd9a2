// The static checks before the tests, two at a time (CI has two cores and each check uses one):
// the type check beside the lint, then the Electron security scan beside the build. Each one's
// output is printed whole when it ends, so two never interleave; any failure fails the run.
import { spawn } from 'node:child_process';

const PAIRS = [
  ['typecheck', 'lint'],
  ['security', 'build'],
];

const run = (script) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString();
      process.stdout.write(`── ${script}: ${code === 0 ? 'ok' : `failed (${code})`} in ${Math.round((Date.now() - started) / 1000)} s\n${text}${text && !text.endsWith('\n') ? '\n' : ''}`);
      resolve(code === 0);
    });
  });

for (const pair of PAIRS) {
  const results = await Promise.all(pair.map(run));
  if (results.includes(false)) process.exit(1);
}
