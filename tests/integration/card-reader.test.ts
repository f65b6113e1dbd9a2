/**
 * The ID card reader against a simulated reader on a pseudo-terminal pair (socat), through the real
 * serialport: readings, returning visitors, and each way a reader or a card can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardNext, CardReaderPorts, CardReaderStatus, CardTestResult, CardVisitor } from '../../src/shared/intake/cardReader.js';
import type { WalkIn } from '../../src/shared/intake/contract.js';
import { SAMPLE_CARD, SimulatedReader } from '../helpers/id-card-reader-sim.js';
import { addStaff, ok, setUpStation, type TestStation } from '../helpers/station.js';

describe('ID card reader (simulated on a pseudo-terminal)', () => {
  let st: TestStation;
  let sim: SimulatedReader;
  let seq = 0;
  const call = (method: string, input: unknown, token = st.token) => st.core.call(method, input, { token });

  /** Waits on the core's own long poll until `pred` holds; gives what held. */
  const until = async (pred: (n: CardNext) => boolean, limitMs = 10_000): Promise<CardNext> => {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const n = await ok<CardNext>(call('intake.cardNext', { after: seq, waitMs: Math.max(0, Math.min(5000, deadline - Date.now())) }));
      seq = n.seq;
      if (pred(n)) return n;
      if (Date.now() >= deadline) throw new Error(`not reached: ${JSON.stringify(n)}`);
    }
  };
  const reading = () => until((n) => n.event?.kind === 'reading');
  const failure = () => until((n) => n.event?.kind === 'failed');
  const status = (want: Partial<CardReaderStatus>) => until((n) => Object.entries(want).every(([k, v]) => n.status[k as keyof CardReaderStatus] === v));
  /** takes the card away and waits until the station has looked and found none */
  const takeAway = async () => {
    sim.remove();
    await sim.commands(2);
  };

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T01:00:00Z' });
    sim = await SimulatedReader.start();
    seq = (await ok<CardNext>(call('intake.cardNext', {}))).seq;
  });
  afterAll(async () => {
    await st.close();
    await sim.stop();
  });

  it('lists the ports, is off without one, and lets only the head choose it', async () => {
    const ports = await ok<CardReaderPorts>(call('intake.cardReaderPorts', {}));
    expect(ports.status).toEqual({ path: null, state: 'off', fault: null });
    const aux = await addStaff(st, 'auxiliary', '赵辅警');
    const refused = await call('intake.cardReaderSet', { path: sim.path }, aux.token);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('intake.cardReaderSet', { path: 'rm -rf /' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('a test read on a port where nothing answers says so', async () => {
    expect(await ok<CardTestResult>(call('intake.cardReaderTest', { path: '/dev/ttyUSB97' }))).toEqual({ ok: false, problem: 'openFailed' });
    sim.mode = 'silent';
    expect(await ok<CardTestResult>(call('intake.cardReaderTest', { path: sim.path }))).toEqual({ ok: false, problem: 'noAnswer' });
    sim.mode = 'normal';
    expect(await ok<CardTestResult>(call('intake.cardReaderTest', { path: sim.path }))).toEqual({ ok: true, card: null });
    sim.lay();
    expect(await ok<CardTestResult>(call('intake.cardReaderTest', { path: sim.path }))).toEqual({
      ok: true,
      card: { name: '王*英', idNumberMasked: expect.stringMatching(/^1101\*+1226$/), expired: false },
    });
    sim.remove();
  });

  it('reads a card laid on the reader: the text decoded, the ID checked, the portrait not kept', async () => {
    expect(await ok<CardReaderStatus>(call('intake.cardReaderSet', { path: sim.path }))).toMatchObject({ path: sim.path });
    await status({ state: 'ready' });
    sim.lay();
    const n = await reading();
    if (n.event?.kind !== 'reading') throw new Error('no reading');
    expect(n.event.reading).toMatchObject({
      name: '王秀英',
      sex: 'female',
      ethnicity: '汉',
      birthDate: '1985-03-12',
      address: SAMPLE_CARD.address,
      idNumber: SAMPLE_CARD.idNumber,
      issuedBy: '北京市公安局朝阳分局',
      validFrom: '2015-06-01',
      validUntil: '2035-06-01',
      longTerm: false,
      expired: false,
    });
    // no field carries the photo block
    expect(JSON.stringify(n).length).toBeLessThan(1200);
    expect(JSON.stringify(n)).not.toMatch(/ZZZZ|photo/i);
    // laid there, it is not read again
    await sim.commands(3);
    expect(sim.received.slice(-3)).toEqual(['find', 'find', 'find']);
    await takeAway();
  });

  it('a returning visitor by card: the last visit and whether the visitor waits today', async () => {
    sim.lay();
    const first = await reading();
    const readingId = first.event?.kind === 'reading' ? first.event.reading.readingId : '';
    expect(await ok<CardVisitor>(call('intake.cardVisitor', { readingId }))).toEqual({ last: null, waitingToday: null });
    const w = await ok<WalkIn>(
      call('intake.register', { visitorName: '王秀英', idNumber: SAMPLE_CARD.idNumber, phone: '13912345678', purpose: 'certificate', route: 'office' }),
    );
    await takeAway();
    sim.lay();
    const again = await reading();
    const second = again.event?.kind === 'reading' ? again.event.reading.readingId : '';
    expect(await ok<CardVisitor>(call('intake.cardVisitor', { readingId: second }))).toEqual({
      last: { visitorName: '王秀英', phone: '13912345678', purpose: 'certificate', route: 'office', arrivedAt: w.arrivedAt, visits: 1 },
      waitingToday: { queueNo: w.queueNo, route: 'office', status: 'waiting' },
    });
    // a reading id the core did not make finds nobody
    expect(await call('intake.cardVisitor', { readingId: '0190a000-0000-7000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await takeAway();
  });

  it('an expired card is read and flagged; a card valid without end is not', async () => {
    sim.lay({ ...SAMPLE_CARD, validFrom: '2005-06-01', validUntil: '2025-06-01' });
    const expired = await reading();
    expect(expired.event).toMatchObject({ kind: 'reading', reading: { expired: true, validUntil: '2025-06-01' } });
    await takeAway();
    sim.lay({ ...SAMPLE_CARD, validUntil: '长期' });
    expect((await reading()).event).toMatchObject({ kind: 'reading', reading: { expired: false, longTerm: true, validUntil: null } });
    await takeAway();
  });

  it('a card whose ID number does not check is refused, not read', async () => {
    sim.lay({ ...SAMPLE_CARD, idNumber: '110105198503121227' });
    expect((await failure()).event).toMatchObject({ kind: 'failed', failure: 'badIdNumber' });
    await takeAway();
  });

  it('a garbled answer (bad checksum) gives no reading, and the card is read once the line is clean', async () => {
    sim.mode = 'badChecksum';
    sim.lay();
    expect((await failure()).event).toMatchObject({ kind: 'failed', failure: 'badChecksum' });
    sim.mode = 'normal';
    expect((await reading()).event).toMatchObject({ kind: 'reading', reading: { name: '王秀英' } });
    await takeAway();
  });

  it('a half-read card (the answer stops mid-frame) gives no reading', async () => {
    sim.mode = 'halfRead';
    sim.lay();
    expect((await failure()).event).toMatchObject({ kind: 'failed', failure: 'halfRead' });
    sim.mode = 'normal';
    await reading();
    await takeAway();
  });

  it('a card taken away between select and read says so', async () => {
    sim.mode = 'removeAtRead';
    sim.lay();
    expect((await failure()).event).toMatchObject({ kind: 'failed', failure: 'cardRemoved' });
    sim.mode = 'normal';
    await takeAway();
  });

  it('a reader that stops answering, or a device that is no reader, is a fault until it answers again', async () => {
    sim.mode = 'silent';
    expect((await status({ state: 'fault' })).status.fault).toBe('noAnswer');
    sim.mode = 'normal';
    await status({ state: 'ready' });
    sim.mode = 'garbage';
    expect((await status({ state: 'fault' })).status.fault).toBe('notReader');
    sim.mode = 'normal';
    await status({ state: 'ready' });
    sim.lay();
    await reading();
    await takeAway();
  });

  it('unplugged: the port closes, the desk is told, and no reading comes', async () => {
    await sim.unplug();
    expect((await status({ state: 'fault' })).status.fault).toBe('unplugged');
    expect(await ok<CardTestResult>(call('intake.cardReaderTest', { path: sim.path }))).toMatchObject({ ok: false });
  });
});
