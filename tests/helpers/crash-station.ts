/**
 * The station core serving HTTP in a process of its own, for the crash suite to kill -9: it sets
 * the station up on first start, answers on a free port of 127.0.0.1 (printed as one JSON line),
 * and takes backups in the background the whole time.
 *
 * With a third argument `register`, it also registers walk-ins itself, one after another, and
 * prints `walkIn <id>` once each registration has returned: the durability test cuts the power
 * below it (tests/helpers/power-cut.c) and needs the confirmations in order with the cut. The
 * cut starts counting once the file named by POWER_CUT_ARM_FILE exists, made here after setup.
 */
import { writeFileSync } from 'node:fs';
import pino from 'pino';
import { openCore, type Core } from '../../src/main/core.js';
import { createHttpServer } from '../../src/main/serve.js';
import { HEAD, STATION_PROFILE } from './station.js';

const dataDir = process.argv[2];
const backupDir = process.argv[3];
const registering = process.argv[4] === 'register';

/**
 * The station's own backup (an encrypted online copy in one read transaction, verified, rotated)
 * into `backupDir`, set as the head would set it; the suite needs "a backup runs while the desk works".
 */
const useBackupFolder = async (core: Core): Promise<void> => {
  const login = await core.call('auth.login', { username: HEAD.username, password: HEAD.password });
  if (!login.ok) throw new Error(JSON.stringify(login.error));
  const token = (login.result as { token: string }).token;
  const set = await core.call('backup.settings', { folder: backupDir, enabled: true, intervalHours: 24 }, { token });
  if (!set.ok) throw new Error(JSON.stringify(set.error));
};

/** Registers walk-ins for ever, printing each one confirmed (or why one failed). */
const registerWalkIns = async (core: Core): Promise<void> => {
  const login = await core.call('auth.login', { username: HEAD.username, password: HEAD.password });
  if (!login.ok) throw new Error(JSON.stringify(login.error));
  const token = (login.result as { token: string }).token;
  if (process.env.POWER_CUT_ARM_FILE) writeFileSync(process.env.POWER_CUT_ARM_FILE, '');
  for (let n = 1; ; n++) {
    const r = await core.call('intake.register', { visitorName: `访客${n}`, idType: 'none', phone: '13912345678', purpose: 'other', route: 'office' }, { token });
    process.stdout.write(r.ok ? `walkIn ${(r.result as { id: string }).id}\n` : `failed ${JSON.stringify(r.error)}\n`);
  }
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
  await useBackupFolder(core);
  const loop = async () => {
    for (;;) {
      await core.backup.run('manual');
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  void loop();
  process.stdout.write(`${JSON.stringify({ port, backups: true })}\n`);
  if (registering) await registerWalkIns(core);
};

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
