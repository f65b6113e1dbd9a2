/**
 * The station LAN itself: an unpaired device reaches nothing, a paired terminal reaches nothing
 * without a session.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { lanAddress, lanStation, securitySuite, send, type LanStation } from './harness.js';

describe.skipIf(!lanAddress)('the station LAN (skipped where this machine has no LAN address)', () => {
  const attack = securitySuite('LAN');
  let lan: LanStation;
  beforeAll(async () => {
    lan = await lanStation();
  });
  afterAll(async () => {
    await lan?.close();
  });

  attack('an unpaired device calls the API', async () => {
    const r = await send(`${lan.base}/api/station.status`, lan.ca, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(403);
    expect(r.json.error.key).toBe('terminalNotPaired');
  });

  attack('a paired terminal without a session reads the walk-in board', async () => {
    const r = await lan.call('intake.board', {});
    expect(r.json.ok).toBe(false);
    expect(r.json.error.code).toBe('UNAUTHENTICATED');
  });

  attack('a forged session token', async () => {
    const r = await lan.call('intake.board', {}, 'a'.repeat(64));
    expect(r.json.ok).toBe(false);
    expect(r.json.error.code).toBe('UNAUTHENTICATED');
  });
});
