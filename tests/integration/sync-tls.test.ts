import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHqDb, type HqDb } from '../../src/hq/db.js';
import { createHqServer } from '../../src/hq/server.js';
import { HqService } from '../../src/hq/service.js';
import type { SyncStatus } from '../../src/shared/sync/contract.js';
import { hqRows, newStore, silent, stationRows, stationUuid, type HqStore } from '../helpers/hq.js';
import { ok, setUpStation, tempDataDir, walkIn, type TestStation } from '../helpers/station.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasOpenssl) console.warn('sync-tls: skipped, the openssl command is not installed (it makes the test certificates)');

/** A certificate authority of HQ's own and HQ's certificate for 127.0.0.1 signed by it. */
const makeCertificates = (dir: string, name: string) => {
  const f = (x: string) => join(dir, `${name}-${x}`);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', `/CN=${name} test CA`);
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('hq.key'), '-out', f('hq.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(f('ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  run('x509', '-req', '-in', f('hq.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('hq.pem'), '-days', '2', '-extfile', f('ext'));
  return { ca: readFileSync(f('ca.pem'), 'utf8'), key: readFileSync(f('hq.key')), cert: readFileSync(f('hq.pem')) };
};

describe.skipIf(!hasOpenssl)('HQ over HTTPS with the station pinning HQ’s certificate authority', () => {
  const certs = tempDataDir();
  let store: HqStore;
  let db: HqDb;
  let service: HqService;
  let app: FastifyInstance;
  let url: string;
  let ours: ReturnType<typeof makeCertificates>;
  let other: ReturnType<typeof makeCertificates>;
  let st: TestStation;

  beforeAll(async () => {
    ours = makeCertificates(certs.dir, 'hq');
    other = makeCertificates(certs.dir, 'other');
    store = await newStore('sqlite');
    db = await openHqDb({ dataDir: store.dataDir });
    service = new HqService(db);
    app = await createHqServer({ service, logger: silent, https: { key: ours.key, cert: ours.cert } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    st = await setUpStation();
  });
  afterAll(async () => {
    await st?.close();
    await app?.close();
    await db?.close();
    await store?.drop();
    certs.remove();
  });

  const status = () => ok<SyncStatus>(st.core.call('sync.status', {}, { token: st.token }));
  const enrolWith = async () => {
    const { enrolmentCode } = await service.createStation({ code: `SY-TLS-${Math.random().toString(36).slice(2, 6)}`, name: '繁荣社区警务室', district: '宁江区' });
    await ok(st.core.call('sync.enrol', { hqUrl: url, code: enrolmentCode }, { token: st.token }));
    await st.core.sync.round().catch(() => undefined);
    return status();
  };

  it('refuses HQ’s certificate without the pin, and with another authority pinned, saying it is the certificate', async () => {
    // the machine's own list does not know HQ's private authority
    expect(await enrolWith()).toMatchObject({ enrolled: false, lastError: { key: 'certificate' } });
    await ok(st.core.call('sync.setCa', { pem: other.ca }, { token: st.token }));
    expect(await enrolWith()).toMatchObject({ enrolled: false, caPinned: true, lastError: { key: 'certificate' } });
    expect(await st.core.call('sync.setCa', { pem: 'not a certificate' }, { token: st.token })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'pem', key: 'sync.caPem' },
    });
  });

  it('with HQ’s authority pinned the station enrols and uploads over HTTPS', async () => {
    await ok(st.core.call('sync.setCa', { pem: ours.ca }, { token: st.token }));
    expect(await enrolWith()).toMatchObject({ enrolled: true, caPinned: true, online: true, lastError: null });
    await ok(st.core.call('intake.register', walkIn(), { token: st.token }));
    await st.core.sync.round();
    expect(await status()).toMatchObject({ backlog: 0, online: true });
    expect(await hqRows(db, await stationUuid(st.core))).toEqual(await stationRows(st.core));
  });
});
