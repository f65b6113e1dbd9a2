/**
 * Browser mode: the same renderer build and the same core, over HTTP on 127.0.0.1 (or the station
 * LAN with --host). `POST /api/<method>` calls the router; the session token travels in the
 * Authorization header.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { AppError, type AppErrorJson, type ErrorCode } from '../shared/errors.js';
import { SECURITY_HEADERS } from '../shared/securityHeaders.js';
import { openCore, type Core } from './core.js';
import { defaultDataDir } from './dataDir.js';
import { DatabaseKeyError, PASSPHRASE_ENV, passphraseProvider } from './db/key.js';
import { DESK, loginBrake, PAIRING_PAUSE_MINUTES, PAIRING_WRONG_TRIES, type Client } from './auth/guessing.js';
import { completePairing, cookieValue, pairedTerminal, TERMINAL_COOKIE } from './pairing/pairing.service.js';
import { stationCertificate } from './pairing/tls.js';
import { uploadRoutes } from './upload.js';

const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};

export interface ServeOptions {
  core: Core;
  /** the renderer build; absent → the API only */
  rendererDir?: string;
  /**
   * calls a minute from one address, logins, and pairing codes (tests raise them to stand for
   * many addresses)
   */
  rateLimit?: { max: number; loginMax: number; pairMax?: number };
  /**
   * served beyond this PC: HTTPS with the station's certificate, and only to paired terminals
   * (this PC's own loopback requests excepted)
   */
  lan?: { key: string; cert: string };
}

const isLoopback = (address: string | undefined) => !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

type PairingProblem = 'unpaired' | 'wrongCode' | 'paused';

/** The page an unpaired terminal gets: what to do, in both languages, and the field for the code. */
const pairingPage = (problem: PairingProblem) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>终端未配对 · Terminal not paired</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6}
input{font-size:1.5rem;letter-spacing:.3em;width:9em}button{font-size:1.1rem}.err{color:#b00}</style></head>
<body><h1>本终端尚未配对 · This terminal is not paired</h1>
${problem === 'wrongCode' ? `<p class="err">配对码错误或已过期（输错 ${PAIRING_WRONG_TRIES} 次后配对码即失效，请负责人重新生成）。 · The pairing code is wrong or has expired (after ${PAIRING_WRONG_TRIES} wrong codes it stops working: ask the station head for a new one).</p>` : ''}
${
  problem === 'paused'
    ? `<p class="err" id="paused">配对码输错次数过多，警务室已暂停所有终端配对 ${PAIRING_PAUSE_MINUTES} 分钟。请稍后再试，并告知警务室负责人（首页可看到这些尝试）。 ·
Too many wrong pairing codes: the station has paused pairing for every terminal for ${PAIRING_PAUSE_MINUTES} minutes. Try again later, and tell the station head (the tries are shown on their home page).</p>`
    : ''
}
<p>警务室工作台只向警务室负责人配对过的终端开放。请警务室负责人在警务室电脑上打开 <b>设置 → 局域网终端</b>，
为本终端生成配对码，并核对浏览器显示的证书指纹（SHA-256）与该页面上显示的一致，然后在下面输入配对码。</p>
<p>Station Desk is open only to terminals the station head has paired. Ask the station head to open
<b>Settings → LAN terminals</b> on the station PC and make a pairing code for this terminal; check that the
certificate fingerprint (SHA-256) your browser shows matches the one on that page, then enter the code below.</p>
<form method="post" action="/pair"><label>配对码 · Pairing code <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]{6}" required autofocus></label>
<button type="submit">配对 · Pair</button></form></body></html>`;


export const createHttpServer = async ({ core, rendererDir, rateLimit = { max: 1200, loginMax: 20 }, lan }: ServeOptions): Promise<FastifyInstance> => {
  const app = (lan
    ? Fastify({ logger: false, bodyLimit: 1024 * 1024, https: { key: lan.key, cert: lan.cert, minVersion: 'TLSv1.2' } })
    : Fastify({ logger: false, bodyLimit: 1024 * 1024 })) as unknown as FastifyInstance;
  const fail = (error: AppErrorJson) => ({ ok: false, error });
  /** the paired terminal each request comes from (LAN mode); the desk for this PC's own */
  const clients = new WeakMap<FastifyRequest, Client>();
  const brake = loginBrake();

  // Stopping (app.close) drops the connections idle at that moment and waits for the others. A
  // call still being answered leaves its connection open afterwards: the browser keeps it for its
  // next call and Node keeps it for the keep-alive timeout (72 s), so the process did not exit
  // until the page happened to call again or that minute passed. Once the server has stopped
  // listening, every answer that ends closes the connections that have gone idle.
  app.addHook('onResponse', async () => {
    if (!app.server.listening) app.server.closeIdleConnections();
  });

  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  });
  await app.register(fastifyRateLimit, { max: rateLimit.max, timeWindow: '1 minute', allowList: [] });

  // Malformed JSON, a wrong content type or a body too large: a clear error, nothing reaches the core.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (err.statusCode === 413) return reply.status(413).send(fail({ code: 'VALIDATION', key: 'tooLarge' }));
    if (err.statusCode === 429) return reply.status(429).send(fail({ code: 'FORBIDDEN', key: 'tooManyRequests' }));
    if (err.statusCode && err.statusCode < 500) return reply.status(400).send(fail({ code: 'VALIDATION', key: 'badRequest' }));
    core.logger.error({ err }, 'http error');
    return reply.status(500).send(fail({ code: 'INTERNAL', key: 'internal', params: { incident: 'http' } }));
  });

  // DNS rebinding: a web page whose name is made to point at this machine must not reach the API.
  // Only an IP address or localhost is accepted as the Host.
  app.addHook('onRequest', async (req, reply) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (!(host === 'localhost' || isIP(host) !== 0)) return reply.status(421).send(fail({ code: 'FORBIDDEN', key: 'forbidden' }));
  });

  if (lan) {
    // the pairing page posts a plain form: its CSP lets it, and nothing else, submit to this origin
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const page = (reply: FastifyReply, status: number, problem: PairingProblem) =>
      reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(pairingPage(problem));
    app.addHook('onRequest', async (req, reply) => {
      if (reply.sent || isLoopback(req.socket.remoteAddress)) return;
      if (req.url === '/pair' && req.method === 'POST') return;
      const terminal = await pairedTerminal(core.dataSource, cookieValue(req.headers.cookie, TERMINAL_COOKIE), req.socket.remoteAddress ?? '', new Date());
      if (terminal) {
        clients.set(req, { kind: 'terminal', id: terminal.id, name: terminal.name, address: req.socket.remoteAddress ?? '', mode: terminal.mode });
        // "last used" on the head's page; written beside the core's writes, the request not kept waiting for it
        if (terminal.touch) void core.exclusive(terminal.touch).catch((err: unknown) => core.logger.warn({ err }, 'terminal last use not recorded'));
        return;
      }
      if (req.url.startsWith('/api/')) return reply.status(403).send(fail({ code: 'FORBIDDEN', key: 'terminalNotPaired' }));
      return page(reply, 403, 'unpaired');
    });
    app.addHook('onSend', async (req, reply) => {
      if (req.url === '/pair' || reply.getHeader('content-type')?.toString().startsWith('text/html; charset=utf-8')) {
        if (reply.statusCode === 403 || req.url === '/pair')
          reply.header('content-security-policy', SECURITY_HEADERS['content-security-policy'].replace("form-action 'none'", "form-action 'self'"));
      }
    });
    // a code is six digits: a few tries a minute from one terminal, then it waits
    app.post('/pair', { config: { rateLimit: { max: rateLimit.pairMax ?? 10, timeWindow: '1 minute' } } }, async (req, reply) => {
      const code = String((req.body as { code?: unknown } | null)?.code ?? '').trim();
      // a write like the core's own: in its queue, never inside another call's transaction
      const outcome = await core.exclusive(() => completePairing(core.dataSource, code, req.socket.remoteAddress ?? '', new Date()));
      if ('refused' in outcome) return outcome.refused === 'paused' ? page(reply, 429, 'paused') : page(reply, 403, 'wrongCode');
      return reply
        .header('set-cookie', `${TERMINAL_COOKIE}=${outcome.token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${10 * 365 * 86400}`)
        // a terminal paired for one public screen opens on it
        .redirect(outcome.mode === 'display' ? '/#/hall/display' : outcome.mode === 'rating' ? '/#/hall/rate' : '/', 303);
    });
  }

  const callMethod = async (req: FastifyRequest<{ Params: { method: string } }>, reply: FastifyReply, method: string) => {
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const body = req.body === undefined || req.body === null ? {} : req.body;
    const answer = await core.call(method, body, { token, background: req.headers['x-station-background'] === '1', client: clients.get(req) ?? DESK });
    return reply.status(answer.ok ? 200 : HTTP_STATUS[answer.error.code]).send(answer);
  };
  // password guessing from one terminal is slowed down long before the accounts lock; a burst of
  // failures station-wide slows every terminal's logins (never the desk's: no terminal keeps the head out)
  app.post('/api/auth.login', { config: { rateLimit: { max: rateLimit.loginMax, timeWindow: '1 minute' } } }, async (req, reply) => {
    if (clients.has(req)) await brake.admit();
    await callMethod(req as FastifyRequest<{ Params: { method: string } }>, reply, 'auth.login');
    if (reply.statusCode === HTTP_STATUS.UNAUTHENTICATED) brake.failed();
    return reply;
  });
  app.post<{ Params: { method: string } }>('/api/:method', (req, reply) => callMethod(req, reply, req.params.method));
  // files: raw bytes with their own size limit, in a scope of their own (see upload.ts)
  await app.register(uploadRoutes(core, (reply, answer) => reply.status(answer.ok ? 200 : HTTP_STATUS[answer.error.code]).send(answer)));
  app.all('/api/*', async (_req, reply) => reply.status(405).send(fail({ code: 'VALIDATION', key: 'badRequest' })));

  if (rendererDir) {
    await app.register(fastifyStatic, { root: rendererDir, index: ['index.html'], cacheControl: false });
  }
  return app;
};

/** Browser mode from the command line's arguments (`--data-dir`, `--port`, `--host`). */
export const serveFromArgs = async (args: string[] = process.argv.slice(2)) => {
  const { values } = parseArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '4310' },
      host: { type: 'string', default: '127.0.0.1' },
    },
  });
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const port = Number(values.port);
  const logger = pino({ level: process.env.STATION_LOG_LEVEL ?? 'warn' });
  let core: Core;
  try {
    // a passphrase given at start replaces the key file (docs/administration.md: "Encryption at rest")
    const passphrase = process.env[PASSPHRASE_ENV];
    core = await openCore({
      dataDir,
      logger,
      syncInBackground: true,
      backupsInBackground: true,
      ...(passphrase ? { databaseKey: passphraseProvider(dataDir, passphrase) } : {}),
    });
  } catch (err) {
    if (err instanceof DatabaseKeyError) {
      console.error(`Station Desk: ${err.message}`);
      process.exit(2);
    }
    if (err instanceof AppError && err.key === 'dataDirInUse') {
      console.error(
        `Station Desk: 数据目录 ${dataDir} 已被另一个工作台进程 (pid ${err.params?.pid}) 使用。\n` +
          `The data directory ${dataDir} is in use by another Station Desk process (pid ${err.params?.pid}). ` +
          'Close it first, or start with another --data-dir.',
      );
      process.exit(2);
    }
    throw err;
  }
  const rendererDir = join(__dirname, '..', 'renderer');
  // beyond this PC: HTTPS with the station's own certificate, paired terminals only
  const beyond = !isLoopback(values.host) && values.host !== 'localhost';
  // the certificate names the station; served on this PC alone, the first page does not wait for that read
  const stationName = async () => {
    const status = await core.call('station.status', {});
    return status.ok ? ((status.result as { stationName: string | null }).stationName ?? '') : '';
  };
  const lan = beyond ? stationCertificate(dataDir, await stationName(), [values.host]) : undefined;
  const app = await createHttpServer({ core, rendererDir: existsSync(join(rendererDir, 'index.html')) ? rendererDir : undefined, lan });
  try {
    await app.listen({ port, host: values.host });
  } catch (err) {
    console.error(`Station Desk: cannot listen on ${values.host}:${port}: ${(err as Error).message}`);
    await core.close();
    process.exit(2);
  }
  const shown = values.host === '0.0.0.0' || values.host === '::' ? '127.0.0.1' : values.host;
  console.log(`Station Desk (browser mode) · 浏览器模式: ${lan ? 'https' : 'http'}://${shown}:${port}/`);
  console.log(`Data · 数据目录: ${dataDir}`);
  if (lan) {
    console.log('Served on the station LAN over HTTPS, to paired terminals only · 局域网内仅向已配对终端以 HTTPS 提供服务');
    console.log(`Certificate SHA-256 · 证书指纹: ${lan.fingerprint}`);
  }
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
};

if (require.main === module) {
  serveFromArgs().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
