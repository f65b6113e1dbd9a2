/**
 * Browser mode's file uploads. A file is not JSON: its bytes are the raw body of
 * `POST /api/upload/<method>` (application/octet-stream) and the method's other fields ride,
 * URI-encoded JSON, in the `x-station-input` header. Only methods the contract marks `upload`
 * answer here, with their own size limit; every other call keeps the 1 MiB JSON limit of
 * `/api/<method>`. The router validates and authorises exactly as for any call: the bytes become
 * the input's `content`, and the core checks size, type and name again.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { METHODS, METHODS_BY_NAME } from '../shared/contract.js';
import type { AppErrorJson } from '../shared/errors.js';
import type { CallResult } from './context.js';
import type { Core } from './core.js';

export const UPLOAD_INPUT_HEADER = 'x-station-input';

/** The largest body any upload method takes. */
export const uploadBodyLimit = (): number => Math.max(0, ...METHODS.map((m) => m.upload?.maxBytes ?? 0));

export const uploadRoutes =
  (core: Core, answer: (reply: FastifyReply, result: CallResult) => FastifyReply): FastifyPluginAsync =>
  async (scope) => {
    const limit = uploadBodyLimit();
    const fail = (reply: FastifyReply, status: number, error: AppErrorJson) => reply.status(status).send({ ok: false, error });
    // this scope reads raw bytes and nothing else: JSON sent here is refused (415 → badRequest)
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    // too large: answered from the Content-Length, before the body is read
    scope.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
      if (err.statusCode === 413) {
        return fail(reply, 413, { code: 'VALIDATION', key: 'fileTooLarge', field: 'content', params: { max: Math.round(limit / 1048576) } });
      }
      if (err.statusCode === 429) return fail(reply, 429, { code: 'FORBIDDEN', key: 'tooManyRequests' });
      if (err.statusCode && err.statusCode < 500) return fail(reply, 400, { code: 'VALIDATION', key: 'badRequest' });
      core.logger.error({ err: { type: err.name, message: err.message } }, 'upload error');
      return fail(reply, 500, { code: 'INTERNAL', key: 'internal', params: { incident: 'upload' } });
    });

    scope.post<{ Params: { method: string } }>('/api/upload/:method', { bodyLimit: limit }, async (req, reply) => {
      const def = METHODS_BY_NAME.get(req.params.method);
      if (!def?.upload) return fail(reply, 404, { code: 'NOT_FOUND', key: 'unknownMethod' });
      if (!Buffer.isBuffer(req.body)) return fail(reply, 400, { code: 'VALIDATION', key: 'badRequest' });
      let fields: unknown;
      try {
        const raw = req.headers[UPLOAD_INPUT_HEADER];
        fields = typeof raw === 'string' ? JSON.parse(decodeURIComponent(raw)) : {};
      } catch {
        return fail(reply, 400, { code: 'VALIDATION', key: 'badRequest' });
      }
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || 'content' in fields) {
        return fail(reply, 400, { code: 'VALIDATION', key: 'badRequest' });
      }
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      // a Buffer is a Uint8Array: the contract's `content` takes it as it takes IPC's bytes
      const result = await core.call(def.name, { ...fields, content: req.body }, { token });
      return answer(reply, result);
    });
  };
