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
import { openCore, type Core } from './core.js';
import { defaultDataDir } from './dataDir.js';
import { uploadRoutes } from './upload.js';

const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};

/** Headers for every response: the renderer is a strict single-origin app. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export interface ServeOptions {
  core: Core;
  /** the renderer build; absent → the API only */
  rendererDir?: string;
  /** calls a minute from one address, and logins (tests that call thousands of times raise them) */
  rateLimit?: { max: number; loginMax: number };
}

export const createHttpServer = async ({ core, rendererDir, rateLimit = { max: 1200, loginMax: 20 } }: ServeOptions): Promise<FastifyInstance> => {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const fail = (error: AppErrorJson) => ({ ok: false, error });

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

  const callMethod = async (req: FastifyRequest<{ Params: { method: string } }>, reply: FastifyReply, method: string) => {
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const body = req.body === undefined || req.body === null ? {} : req.body;
    const answer = await core.call(method, body, { token, background: req.headers['x-station-background'] === '1' });
    return reply.status(answer.ok ? 200 : HTTP_STATUS[answer.error.code]).send(answer);
  };
  // password guessing from one terminal is slowed down long before the accounts lock
  app.post('/api/auth.login', { config: { rateLimit: { max: rateLimit.loginMax, timeWindow: '1 minute' } } }, (req, reply) =>
    callMethod(req as FastifyRequest<{ Params: { method: string } }>, reply, 'auth.login'),
  );
  app.post<{ Params: { method: string } }>('/api/:method', (req, reply) => callMethod(req, reply, req.params.method));
  // files: raw bytes with their own size limit, in a scope of their own (see upload.ts)
  await app.register(uploadRoutes(core, (reply, answer) => reply.status(answer.ok ? 200 : HTTP_STATUS[answer.error.code]).send(answer)));
  app.all('/api/*', async (_req, reply) => reply.status(405).send(fail({ code: 'VALIDATION', key: 'badRequest' })));

  if (rendererDir) {
    await app.register(fastifyStatic, { root: rendererDir, index: ['index.html'], cacheControl: false });
  }
  return app;
};

const main = async () => {
  const { values } = parseArgs({
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
    core = await openCore({ dataDir, logger, syncInBackground: true });
  } catch (err) {
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
  const app = await createHttpServer({ core, rendererDir: existsSync(join(rendererDir, 'index.html')) ? rendererDir : undefined });
  try {
    await app.listen({ port, host: values.host });
  } catch (err) {
    console.error(`Station Desk: cannot listen on ${values.host}:${port}: ${(err as Error).message}`);
    await core.close();
    process.exit(2);
  }
  const shown = values.host === '0.0.0.0' || values.host === '::' ? '127.0.0.1' : values.host;
  console.log(`Station Desk (browser mode) · 浏览器模式: http://${shown}:${port}/`);
  console.log(`Data · 数据目录: ${dataDir}`);
  if (values.host !== '127.0.0.1' && values.host !== 'localhost') {
    console.log('Served beyond this computer over plain HTTP: use it on the station LAN only.');
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
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
