/**
 * The station core serving HTTP in a process of its own, for the crash suite to kill -9: it sets
 * the station up on first start, answers on a free port of 127.0.0.1 (printed as one JSON line),
 * and takes backups in the background the whole time.
 */
import { join } from 'node:path';
import pino from 'pino';
import { openCore, type Core } from '../../src/main/core.js';
import { createHttpServer } from '../../src/main/serve.js';
import { HEAD, STATION_PROFILE } from './station.js';

const dataDir = process.argv[2];
const backupDir = process.argv[3];

/**
 * STAND-IN FOR THE BACKUP API: an online copy with SQLite's `VACUUM INTO`, taken between calls.
 * Replace the body with the station's own backup (SQLite backup API, verified, rotated) once it
 * is on this branch; the suite only needs "a backup runs while the desk works".
 */
export const backupForCrashSuite = async (core: Core, n: number): Promise<void> => {
  const target = join(backupDir, `backup-${process.pid}-${n % 3}.sqlite`);
  await core.exclusive(async () => {
    await import('node:fs').then((fs) => fs.rmSync(target, { force: true }));
    await core.dataSource.query(`VACUUM INTO '${target.replace(/'/g, "''")}'`);
  });
};

const main = async () => {
  const core = await openCore({ dataDir, logger: pino({ level: 'silent' }) });
  const status = await core.call('station.status', {});
  if (status.ok && !(status.result as { setUp: boolean }).setUp) {
    const r = await core.call('station.setup', { station: STATION_PROFILE, head: HEAD });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  const app = await createHttpServer({ core, rateLimit: { max: 1_000_000, loginMax: 1_000 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let n = 0;
  const loop = async () => {
    for (;;) {
      await backupForCrashSuite(core, n++);
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  void loop();
  process.stdout.write(`${JSON.stringify({ port, backups: true })}\n`);
};

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
