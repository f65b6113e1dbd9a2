/**
 * The HQ service over HTTP: stations sync under /sync/v1 with their credential; HQ staff use
 * /api with a signed session token; the overview page is served from the web build.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  BUCKETS,
  MAX_BATCH_GZIP_BYTES,
  PUBLISHED_BUCKETS,
  MAX_BATCH_JSON_BYTES,
  enrolRequest,
  pushBatch,
  type PublishedBucket,
} from '../shared/sync/protocol.js';
import { toFieldErrors } from '../shared/fields.js';
import { REFERENCE_SCHEMAS } from '../shared/sync/buckets.js';
import { password } from '../shared/fields.js';
import type { StaffRole } from './auth.js';
import { overviewCsv, overviewXlsx } from './export.js';
import { HqError, type AuthedStation, type HqService } from './service.js';
import { RELEASE_MANIFEST, SAFE_FILE } from '../shared/release.js';
import { StaffAuth, type HqStaff } from './staffAuth.js';
import { UpdateFeed } from './updates.js';
import { SECURITY_HEADERS } from '../shared/securityHeaders.js';

const gunzipAsync = promisify(gunzip);

export interface HqServerOptions {
  service: HqService;
  logger: Logger;
  /** the overview page's build; absent → the API only */
  webDir?: string;
  https?: { key: Buffer; cert: Buffer };
  /** requests per minute per station credential (or per address before one is known) */
  syncRatePerMinute?: number;
  /** release folders of the update feed (shared by every HQ process) */
  updatesDir?: string;
}

const stationCredential = (req: FastifyRequest): { key: string; secret: string } | undefined => {
  const m = /^Station ([0-9a-f-]{36}):([A-Za-z0-9_-]{20,100})$/.exec(req.headers.authorization ?? '');
  return m ? { key: m[1], secret: m[2] } : undefined;
};

const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const createHqServer = async (options: HqServerOptions): Promise<FastifyInstance> => {
  const { service, logger } = options;
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, ...(options.https ? { https: options.https } : {}) }) as unknown as FastifyInstance;
  const staffAuth = new StaffAuth(service.db, await service.meta('tokenKey'));

  // Stopping (app.close) drops the connections idle at that moment and waits for the others; a
  // request still being answered would keep its connection, and the process, for the keep-alive
  // timeout (72 s). Once the server has stopped listening, every answer that ends closes the
  // connections that have gone idle (as the station's browser mode does).
  app.addHook('onResponse', async () => {
    if (!app.server.listening) app.server.closeIdleConnections();
  });

  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
  });
  // sync traffic is limited per station (many stations can share one NAT address); staff per address
  await app.register(fastifyRateLimit, {
    // 3,000 a minute lets a long backlog go up at full speed (2,000 changes a request) and still stops a runaway client
    max: options.syncRatePerMinute ?? 3000,
    timeWindow: '1 minute',
    keyGenerator: (req) => stationCredential(req)?.key ?? req.ip,
  });
  app.addContentTypeParser('application/gzip', { parseAs: 'buffer', bodyLimit: MAX_BATCH_GZIP_BYTES }, (_req, body, done) => done(null, body));

  const refuse = (req: FastifyRequest, reply: FastifyReply, status: number, code: string, detail?: Record<string, unknown>) => {
    // every refusal is logged with who asked: a forged or replayed request leaves a trace
    logger.warn({ status, code, url: req.url.split('?')[0], ip: req.ip, station: stationCredential(req)?.key }, 'refused');
    return reply.status(status).send({ ok: false, error: code, ...detail });
  };

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof HqError) return refuse(req, reply, err.status, err.code, err.detail);
    if (err.statusCode === 413) return refuse(req, reply, 413, 'tooLarge');
    if (err.statusCode === 429) return refuse(req, reply, 429, 'tooManyRequests');
    if (err.statusCode === 415) return refuse(req, reply, 415, 'unsupportedMediaType');
    if (err.statusCode && err.statusCode < 500) return refuse(req, reply, 400, 'badRequest');
    logger.error({ err: { type: err.name, message: err.message, stack: err.stack }, url: req.url }, 'hq error');
    return reply.status(500).send({ ok: false, error: 'internal' });
  });

  // the first problem, named as the station's forms name it: the field's dotted path (an unknown
  // key included), the message key, and its parameters (a length limit, a duplicate task code)
  const parse = <T extends z.ZodType>(schema: T, value: unknown): z.output<T> => {
    const r = schema.safeParse(value);
    if (!r.success) {
      const [first] = toFieldErrors(r.error);
      throw new HqError(400, 'invalid', { field: first?.field, reason: first?.key, ...(first?.params ? { params: first.params } : {}) });
    }
    return r.data;
  };

  // ── stations ─────────────────────────────────────────────────────────────────────────────
  const station = async (req: FastifyRequest): Promise<AuthedStation> => {
    const cred = stationCredential(req);
    if (!cred) throw new HqError(401, 'badCredential');
    return service.authenticate(cred.key, cred.secret);
  };

  app.post('/sync/v1/enrol', { config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => req.ip } } }, async (req) => {
    const input = parse(enrolRequest, req.body);
    const answer = await service.enrol(input);
    logger.info({ station: answer.key, code: answer.code }, 'station enrolled');
    return answer;
  });

  // a station offline asks every few seconds whether HQ is back: no database work; the
  // credential it sends is not checked here, only used to count its requests apart from its neighbours'
  app.get('/sync/v1/ping', async () => ({ ok: true }));

  app.get('/sync/v1/hello', async (req) => service.hello(await station(req)));

  app.post('/sync/v1/push', { bodyLimit: MAX_BATCH_GZIP_BYTES }, async (req, reply) => {
    const st = await station(req);
    if (!Buffer.isBuffer(req.body)) throw new HqError(415, 'gzipExpected');
    let text: string;
    try {
      text = (await gunzipAsync(req.body, { maxOutputLength: MAX_BATCH_JSON_BYTES })).toString('utf8');
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new HqError(413, 'tooLarge');
      throw new HqError(400, 'malformedGzip');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HqError(400, 'malformedJson');
    }
    const batch = parse(pushBatch, json);
    const answer = await service.push(st, batch);
    if ('error' in answer) {
      logger.info({ station: st.id, after: batch.after, cursor: answer.cursor }, 'gap: station resends from cursor');
      return reply.status(409).send({ ok: false, ...answer });
    }
    if (answer.rejected.length > 0) logger.warn({ station: st.id, rejected: answer.rejected.length }, 'rows rejected');
    return answer;
  });

  const pullQuery = z.strictObject({
    bucket: z.enum(BUCKETS),
    after: z.coerce.number().int().nonnegative(),
    limit: z.coerce.number().int().positive().max(1000).default(500),
  });
  app.get('/sync/v1/pull', async (req) => {
    const st = await station(req);
    const q = parse(pullQuery, req.query);
    return service.pull(q.bucket, q.after, q.limit, st.id);
  });

  // ── HQ staff ─────────────────────────────────────────────────────────────────────────────
  const staff = (req: FastifyRequest, need: StaffRole): Promise<HqStaff> => staffAuth.verify(req.headers.authorization, need);

  // a guesser is held by the lock per account and address and the slow-down in staffAuth; this
  // limit only keeps one address from keeping the password hash busy
  const loginLimit = { config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => req.ip } } };
  app.post('/api/login', loginLimit, async (req) => {
    const input = parse(z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }), req.body);
    return staffAuth.login(input.username, input.password, req.ip);
  });
  // the caller's own password: every other session of the account ends, this one goes on with the new token
  app.post('/api/password', loginLimit, async (req) => {
    const who = await staff(req, 'viewer');
    const input = parse(
      z
        .strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password })
        .refine((v) => v.currentPassword !== v.newPassword, { message: 'password.same', path: ['newPassword'] }),
      req.body,
    );
    const answer = await staffAuth.changePassword(who, req.ip, input.currentPassword, input.newPassword);
    logger.info({ by: who.username }, 'password changed');
    return answer;
  });

  app.get('/api/stations', async (req) => {
    await staff(req, 'viewer');
    return service.stations();
  });
  const stationInput = z.strictObject({
    code: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9-]+$/),
    name: z.string().trim().min(1).max(60),
    district: z.string().trim().min(1).max(60),
  });
  app.post('/api/stations', async (req) => {
    const who = await staff(req, 'admin');
    const created = await service.createStation(parse(stationInput, req.body));
    logger.info({ by: who.username, station: created.id }, 'station created');
    return created;
  });
  app.post<{ Params: { id: string } }>('/api/stations/:id/code', async (req) => {
    const who = await staff(req, 'admin');
    const code = await service.reissueCode(req.params.id);
    logger.info({ by: who.username, station: req.params.id }, 'enrolment code issued');
    return code;
  });
  app.get<{ Params: { id: string } }>('/api/stations/:id/rejects', async (req) => {
    await staff(req, 'viewer');
    return service.rejects(req.params.id);
  });

  const range = (q: unknown) => {
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 29 * 86400_000).toISOString().slice(0, 10);
    const r = parse(z.strictObject({ from: dateParam.default(monthAgo), to: dateParam.default(today), lang: z.enum(['zh', 'en']).default('zh') }), q);
    if (r.from > r.to) throw new HqError(400, 'invalid', { field: 'from' });
    return r;
  };
  app.get('/api/overview', async (req) => {
    await staff(req, 'viewer');
    const r = range(req.query);
    return service.overview(r.from, r.to);
  });
  app.get('/api/overview.csv', async (req, reply) => {
    await staff(req, 'viewer');
    const r = range(req.query);
    const csv = overviewCsv(await service.overview(r.from, r.to), r.lang);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="overview-${r.from}-${r.to}.csv"`)
      .send(csv);
  });
  app.get('/api/overview.xlsx', async (req, reply) => {
    await staff(req, 'viewer');
    const r = range(req.query);
    const book = await overviewXlsx(await service.overview(r.from, r.to), r.lang);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="overview-${r.from}-${r.to}.xlsx"`)
      .send(book);
  });

  // items HQ addresses to one station (transferred cases) are not staff's to list or publish
  const bucketParam = z.strictObject({ bucket: z.enum(PUBLISHED_BUCKETS) });
  app.get<{ Params: { bucket: string } }>('/api/reference/:bucket', async (req) => {
    await staff(req, 'viewer');
    return service.listBucket(parse(bucketParam, req.params).bucket as PublishedBucket);
  });
  const publishInput = z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/).optional(), payload: z.record(z.string(), z.unknown()) });
  // a whole standard task list (up to 200 tasks, each in two languages) outgrows the default limit
  app.post<{ Params: { bucket: string } }>('/api/reference/:bucket', { bodyLimit: 256 * 1024 }, async (req) => {
    const who = await staff(req, 'admin');
    const { bucket } = parse(bucketParam, req.params);
    const input = parse(publishInput, req.body);
    const payload = parse(REFERENCE_SCHEMAS[bucket], input.payload);
    const published = await service.publish(bucket, input.id, payload, who.username);
    logger.info({ by: who.username, bucket, id: published.id, version: published.version }, 'reference data published');
    return published;
  });

  app.get('/api/transfers', async (req) => {
    await staff(req, 'viewer');
    return service.transfers();
  });

  // ── the update feed ──────────────────────────────────────────────────────────────────────
  const feed = new UpdateFeed(service.db, options.updatesDir);
  // a station's updater sends its credential (requestHeaders); HQ staff may look with theirs
  const stationOrStaff = async (req: FastifyRequest) => {
    if (stationCredential(req)) await station(req);
    else await staff(req, 'viewer');
  };
  app.get<{ Params: { file: string } }>('/updates/:file', async (req, reply) => {
    await stationOrStaff(req);
    const name = req.params.file;
    if (!SAFE_FILE.test(name)) throw new HqError(404, 'notFound');
    if (/^latest(-[a-z0-9]+)?\.yml$/.test(name) || name === RELEASE_MANIFEST) {
      const text = await feed.channelFile(name);
      if (text === undefined) throw new HqError(404, 'noRelease');
      const type = name === RELEASE_MANIFEST ? 'application/json; charset=utf-8' : 'text/yaml; charset=utf-8';
      return reply.header('content-type', type).header('cache-control', 'no-store').send(text);
    }
    const path = feed.file(name);
    if (!path) throw new HqError(404, 'notFound');
    return reply.header('content-type', 'application/octet-stream').send(createReadStream(path));
  });
  app.get('/api/releases', async (req) => {
    await staff(req, 'viewer');
    return feed.releases();
  });
  const policyInput = z.strictObject({ held: z.boolean(), stagingPercentage: z.number().int().min(0).max(100) });
  app.post<{ Params: { version: string } }>('/api/releases/:version', async (req) => {
    const who = await staff(req, 'admin');
    const input = parse(policyInput, req.body);
    const release = (await feed.releases()).find((r) => r.version === req.params.version);
    if (!release) throw new HqError(404, 'noRelease');
    // a release without its signed manifest is never offered: offering it is refused, not ignored
    if (!release.signed && !input.held) throw new HqError(409, 'releaseUnsigned');
    await feed.setPolicy({ version: release.version, ...input }, who.username, new Date().toISOString());
    logger.info({ by: who.username, version: release.version, ...input }, 'release policy');
    return (await feed.releases()).find((r) => r.version === release.version);
  });

  if (options.webDir && existsSync(options.webDir)) {
    await app.register(fastifyStatic, { root: options.webDir, index: ['index.html'], cacheControl: false });
  }
  return app;
};
