// Runs electronegativity over the Electron code (src/main, src/preload) and fails on any HIGH or
// MEDIUM finding that is not justified by a comment beside the code:
//   // electronegativity: CHECK_NAME — why this is safe here
// within the three lines above the finding.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
// both folders in one scan, so that checks of the whole app (navigation limits, permission handler) see all of it
cpSync(join(root, 'src/main'), join(work, 'src/main'), { recursive: true });
cpSync(join(root, 'src/preload'), join(work, 'src/preload'), { recursive: true });
const csv = join(work, 'report.csv');
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', join(work, 'src'), '-o', csv, '-r', '-e', electronVersion, '-v', 'false'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
} catch (err) {
  console.error(String(err.stderr ?? err));
  process.exit(1);
}

const parseLine = (line) => [...line.matchAll(/"([^"]*)"|([^,]+)|,(?=,)/g)].map((m) => m[1] ?? m[2] ?? '');
const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map(parseLine);
rmSync(work, { recursive: true, force: true });

const unjustified = [];
for (const [check, severity, confidence, file, location] of rows) {
  if (severity !== 'HIGH' && severity !== 'MEDIUM') continue;
  const finding = `${severity} ${check} (${confidence}) at ${file}:${location}`;
  if (file === 'N/A') {
    unjustified.push(finding);
    continue;
  }
  const lines = readFileSync(join(root, 'src', file), 'utf8').split('\n');
  const at = Number(location.split(':')[0]) - 1;
  const before = lines.slice(Math.max(0, at - 3), at + 1).join('\n');
  if (!new RegExp(`electronegativity: ${check}\\b`).test(before)) unjustified.push(finding);
}
const counted = rows.filter((r) => r[1] === 'HIGH' || r[1] === 'MEDIUM').length;
if (unjustified.length > 0) {
  console.error(`electronegativity: ${unjustified.length} HIGH/MEDIUM finding(s) without a justification beside the code:`);
  for (const f of unjustified) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`electronegativity (Electron ${electronVersion}): ${rows.length} finding(s), ${counted} HIGH/MEDIUM, all justified beside the code.`);
