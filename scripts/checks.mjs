// The static checks before the tests, two at a time (CI has two cores and each check uses one).
// They queue, longest first, and a check starts as soon as a core is free: the type check takes
// about as long as the other three together, so fixed pairs left one core idle for most of it.
// Each one's output is printed whole when it ends, so two never interleave; any failure fails the run.
import { spawn } from 'node:child_process';

const QUEUE = ['typecheck', 'lint', 'build', 'security'];
const AT_ONCE = 2;

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

const started = Date.now();
let failed = false;
const worker = async () => {
  for (let script = QUEUE.shift(); script; script = QUEUE.shift()) if (!(await run(script))) failed = true;
};
await Promise.all(Array.from({ length: AT_ONCE }, worker));
process.stdout.write(`── checks: ${failed ? 'failed' : 'ok'} in ${Math.round((Date.now() - started) / 1000)} s\n`);
if (failed) process.exit(1);
