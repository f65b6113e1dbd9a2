/**
 * `npm run hq -- --data-dir DIR --port N`: the HQ service on one machine (SQLite file in DIR), or
 * with HQ_DATABASE_URL=postgres://… on PostgreSQL (any number of processes behind a balancer).
 * The stations' data is kept encrypted with a key file: hq.key in DIR, or --key-file FILE /
 * HQ_KEY_FILE (on PostgreSQL every HQ process is given the same file).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { openHqDb } from './db.js';
import { createHqServer } from './server.js';
import { HqService } from './service.js';
import { StaffAuth } from './staffAuth.js';
import { HqKeyError } from './vault.js';

// whatever HQ writes (database, key file, anything else) is readable by HQ's user only
process.umask(0o077);

const USAGE = `Station Desk HQ · 市局总部服务

  npm run hq -- --data-dir DIR [--port 4320] [--host 127.0.0.1]
  HQ_DATABASE_URL=postgres://… npm run hq -- [--port N]

  --data-dir DIR        数据目录（内置 SQLite 与密钥文件 hq.key） · data directory (embedded SQLite, key file hq.key)
  --port N, --host H    监听端口与地址 · port and address to listen on (default 4320, 127.0.0.1)
  --key-file FILE       站点数据密钥文件（或 HQ_KEY_FILE） · key file of the stations' data (or HQ_KEY_FILE)
  --tls-key FILE --tls-cert FILE   以 HTTPS 提供服务 · serve HTTPS
  --updates-dir DIR     更新包目录（或 HQ_UPDATES_DIR） · release folders (or HQ_UPDATES_DIR)
  --add-user NAME [--role viewer|admin]   新增总部用户，密码取自 HQ_USER_PASSWORD 或随机生成 · add an HQ user
  --disable-user NAME   停用总部用户 · disable an HQ user
  --new-epoch           恢复备份后开启新纪元 · start a new epoch after restoring a backup
  -h, --help            显示本说明 · show this help
`;

/** The options given, or null after saying what was wrong (an unknown option, a missing value) and how to call. */
const options = () => {
  try {
    return parseArgs({
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '4320' },
        host: { type: 'string', default: '127.0.0.1' },
        'add-user': { type: 'string' },
        'disable-user': { type: 'string' },
        role: { type: 'string', default: 'viewer' },
        'new-epoch': { type: 'boolean', default: false },
        'tls-key': { type: 'string' },
        'tls-cert': { type: 'string' },
        'updates-dir': { type: 'string' },
        'key-file': { type: 'string' },
      },
    }).values;
  } catch (err) {
    console.error(`HQ: ${(err as Error).message}\n`);
    console.error(USAGE);
    return null;
  }
};

const main = async () => {
  const values = options();
  if (!values) process.exit(2);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const url = process.env.HQ_DATABASE_URL;
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : undefined;
  if (!url && !dataDir) {
    console.error('HQ: 需要 --data-dir 目录或 HQ_DATABASE_URL。 Give --data-dir DIR (embedded SQLite) or set HQ_DATABASE_URL (PostgreSQL).\n');
    console.error(USAGE);
    process.exit(2);
  }
  const logger = pino({ level: process.env.HQ_LOG_LEVEL ?? 'info' });
  const keyFile = values['key-file'] ?? process.env.HQ_KEY_FILE;
  const db = await openHqDb({ url, dataDir, schema: process.env.HQ_DATABASE_SCHEMA, keyFile: keyFile && resolve(keyFile) });
  const service = new HqService(db);

  if (values['add-user']) {
    const role = values.role === 'admin' ? 'admin' : 'viewer';
    // the password comes from the environment or is made here and shown once
    const password = process.env.HQ_USER_PASSWORD ?? randomBytes(9).toString('base64url');
    await service.addUser(values['add-user'], password, role);
    console.log(`HQ user · 用户 ${values['add-user']} (${role}): ${process.env.HQ_USER_PASSWORD ? '(password from HQ_USER_PASSWORD)' : password}`);
    await db.close();
    return;
  }
  if (values['disable-user']) {
    // someone leaves HQ: their sessions end at once and they can no longer log in
    const done = await new StaffAuth(db, await service.meta('tokenKey')).disable(values['disable-user']);
    console.log(done ? `HQ user disabled · 已停用用户 ${values['disable-user']}` : `HQ: 没有在用的用户 ${values['disable-user']} · no active user ${values['disable-user']}`);
    await db.close();
    if (!done) process.exit(2);
    return;
  }
  if (values['new-epoch']) {
    // after restoring a backup: stations compare their cursors and resend what HQ lost
    console.log(`HQ epoch · 新纪元: ${await service.newEpoch()}`);
    await db.close();
    return;
  }

  const https =
    values['tls-key'] && values['tls-cert'] ? { key: readFileSync(values['tls-key']), cert: readFileSync(values['tls-cert']) } : undefined;
  // release folders: --updates-dir, or HQ_UPDATES_DIR, or "updates" in the data directory
  const updatesDir = values['updates-dir'] ?? process.env.HQ_UPDATES_DIR ?? (dataDir ? join(dataDir, 'updates') : undefined);
  const app = await createHqServer({ service, logger, webDir: join(__dirname, '..', 'hq-web'), https, updatesDir: updatesDir && resolve(updatesDir) });
  const port = Number(values.port);
  await app.listen({ port, host: values.host });
  // the test harness and operators read this line to learn the address
  console.log(`HQ listening · 总部服务已启动: ${https ? 'https' : 'http'}://${values.host}:${port}/ (${url ? 'PostgreSQL' : `SQLite in ${dataDir}`})`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
};

main().catch((err) => {
  // a refusal over the key file is the operator's to fix: the message says how, no stack needed
  if (err instanceof HqKeyError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
