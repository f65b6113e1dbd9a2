/**
 * Malformed input thrown at every method of the contract through browser mode's HTTP transport:
 * each answer must be a clean error (JSON with a code and a message key, never a 500 or a stack)
 * and the database must be exactly as it was (a checksum of every table before and after).
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/main/serve.js';
import { METHODS } from '../../src/shared/contract.js';
import { ERROR_CODES } from '../../src/shared/errors.js';
import type { MethodDef } from '../../src/shared/method.js';
import { ok, setUpStation, sql, walkIn, type TestStation } from '../helpers/station.js';

const RUNS_PER_METHOD = Number(process.env.FUZZ_RUNS ?? 10);

/** Every table's rows in a stable order, hashed: any write anywhere changes it. */
const checksum = async (st: TestStation): Promise<string> => {
  const hash = createHash('sha256');
  const tables = await sql<{ name: string }>(st, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`);
  for (const { name } of tables) {
    hash.update(`\u0000${name}\u0000`);
    for (const row of await sql(st, `SELECT * FROM "${name}" ORDER BY rowid`)) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
};

/** The keys a method's input object knows, so wrong values land on real fields too. */
const keysOf = (def: MethodDef): string[] => {
  type Shaped = { shape?: Record<string, unknown>; options?: { shape?: Record<string, unknown> }[]; in?: Shaped };
  // an input that is transformed after its checks (a file's type found in its bytes) keeps its fields in `in`
  const outer = def.input as unknown as Shaped;
  const schema = outer.shape || outer.options ? outer : (outer.in ?? outer);
  if (schema.shape) return Object.keys(schema.shape);
  if (Array.isArray(schema.options)) return [...new Set(schema.options.flatMap((o) => Object.keys(o.shape ?? {})))];
  return [];
};

// up to 1.2 MB of UTF-8: past the field limits, and now and then past the 1 MiB body limit too
const huge = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 5_000, max: 60_000 }) }, { weight: 1, arbitrary: fc.constant(400_000) }).map((n) => '字'.repeat(n));
const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  huge,
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, '', ' ', 'null', '0000-00-00', '../../etc/passwd', "'; DROP TABLE walk_in; --", '\u0000', '%s%n'),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
);
const POLLUTION = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":null}',
  '[{"__proto__":{"polluted":true}}]',
];

/** A request body for the method: arbitrary JSON, the method's own fields with wrong values, or pollution. */
const bodies = (def: MethodDef): fc.Arbitrary<string> => {
  const keys = keysOf(def);
  const fields =
    keys.length > 0
      ? fc.dictionary(fc.constantFrom(...keys), wrongValue, { minKeys: 1, maxKeys: keys.length }).map((o) => JSON.stringify(o))
      : fc.jsonValue().map((v) => JSON.stringify(v));
  const withPollution = fields.chain((json) =>
    fc.constantFrom('__proto__', 'constructor', 'prototype').map((k) => (json.startsWith('{') && json !== '{}' ? `{"${k}":{"polluted":true},${json.slice(1)}` : json)),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 4, arbitrary: fields },
    { weight: 2, arbitrary: withPollution },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTION) },
  );
};

/** What the core would accept is not malformed: such a sample is left out, not sent. */
const acceptable = (def: MethodDef, body: string): boolean => {
  try {
    const value = JSON.parse(body);
    return def.input.safeParse(value === null ? {} : value).success;
  } catch {
    return false;
  }
};

describe('every contract method refuses malformed input cleanly over HTTP', () => {
  let st: TestStation;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    st = await setUpStation();
    // some rows for handlers to find, so a stray id would have something to change
    await ok(st.core.call('intake.register', walkIn(), { token: st.token }));
    app = await createHttpServer({ core: st.core, rateLimit: { max: 1_000_000, loginMax: 1_000_000 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await st.close();
  });

  it('answers each with a JSON error (code, key), never 500, and leaves every table as it was', async () => {
    const before = await checksum(st);
    let sent = 0;
    const byStatus = new Map<number, number>();
    for (const def of METHODS) {
      await fc.assert(
        fc.asyncProperty(bodies(def), async (body) => {
          if (acceptable(def, body)) return;
          sent += 1;
          const res = await fetch(`${base}/api/${def.name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${st.token}` },
            body,
          });
          const text = await res.text();
          byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
          expect(res.status, `${def.name} ${body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${def.name} ${body.slice(0, 200)}`).toBeLessThan(500);
          expect(res.headers.get('content-type')).toMatch(/^application\/json/);
          expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/src\//);
          const answer = JSON.parse(text);
          expect(answer.ok).toBe(false);
          expect(ERROR_CODES).toContain(answer.error.code);
          expect(typeof answer.error.key).toBe('string');
          expect(Object.keys(answer).sort()).toEqual(['error', 'ok']);
        }),
        { numRuns: RUNS_PER_METHOD, seed: Number(process.env.FUZZ_SEED ?? 20261128) + def.name.length },
      );
      expect(({} as Record<string, unknown>).polluted, `${def.name} polluted Object.prototype`).toBeUndefined();
    }
    expect(await checksum(st)).toBe(before);
    // the session still works: nothing above logged the head out or locked the desk
    expect((await (await fetch(`${base}/api/auth.me`, { method: 'POST', headers: { authorization: `Bearer ${st.token}`, 'content-type': 'application/json' }, body: '{}' })).json()).ok).toBe(true);
    console.log(`contract fuzz: ${METHODS.length} methods, ${sent} malformed calls, answers by status ${JSON.stringify(Object.fromEntries(byStatus))}`);
    expect(sent).toBeGreaterThan(METHODS.length * RUNS_PER_METHOD * 0.5);
  }, 120_000);
});
