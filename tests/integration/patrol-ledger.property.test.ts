import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GoodsView, VolunteerView } from '../../src/shared/patrol/contract.js';
import { ok, sql, setUpStation, type TestStation } from '../helpers/station.js';

/**
 * The points ledger under random sequences of earning, redeeming, correcting and restocking, all
 * through the router on a real station database: after every step the balance the desk is shown
 * equals the sum of the volunteer's entries and the last entry's running balance, no running
 * balance was ever below zero, stock is never below zero, and a refused step changed nothing.
 */
let st: TestStation;
beforeAll(async () => {
  st = await setUpStation();
});
afterAll(async () => {
  await st.close();
});

type Op =
  | { kind: 'earn'; points: number }
  | { kind: 'redeem'; goods: number; quantity: number }
  | { kind: 'correct'; pick: number }
  | { kind: 'restock'; goods: number; quantity: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('earn' as const), points: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('redeem' as const), goods: fc.integer({ min: 0, max: 1 }), quantity: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('correct' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('restock' as const), goods: fc.integer({ min: 0, max: 1 }), quantity: fc.integer({ min: 1, max: 3 }) }),
);

describe('the points ledger', () => {
  it('always equals the sum of its entries; no balance and no stock ever below zero', async () => {
    const call = (method: string, input: unknown) => st.core.call(method, input, { token: st.token });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        run += 1;
        const volunteer = await ok<VolunteerView>(call('patrol.volunteerSave', { name: `志愿者${run}` }));
        const goods = [
          await ok<GoodsView>(call('patrol.goodsSave', { name: `水杯${run}`, unit: '个', price: 25 })),
          await ok<GoodsView>(call('patrol.goodsSave', { name: `雨伞${run}`, unit: '把', price: 40 })),
        ];
        // the model: what the ledger and the shelf should hold
        const entries: { id: string; points: number; kind: string; goods?: number; quantity?: number; reversed: boolean }[] = [];
        const stock = [0, 0];
        let balance = 0;

        for (const o of ops) {
          if (o.kind === 'earn') {
            const e = await ok<{ id: string }>(call('patrol.pointsAward', { volunteerId: volunteer.id, points: o.points, reason: '随机' }));
            entries.push({ id: e.id, points: o.points, kind: 'award', reversed: false });
            balance += o.points;
          } else if (o.kind === 'restock') {
            await ok(call('patrol.goodsRestock', { id: goods[o.goods].id, quantity: o.quantity }));
            stock[o.goods] += o.quantity;
          } else if (o.kind === 'redeem') {
            const cost = goods[o.goods].price * o.quantity;
            const r = await call('patrol.redeem', { volunteerId: volunteer.id, goodsId: goods[o.goods].id, quantity: o.quantity });
            const allowed = stock[o.goods] >= o.quantity && balance >= cost;
            expect(r.ok).toBe(allowed);
            if (r.ok) {
              entries.push({ id: (r.result as { entry: { id: string } }).entry.id, points: -cost, kind: 'redemption', goods: o.goods, quantity: o.quantity, reversed: false });
              balance -= cost;
              stock[o.goods] -= o.quantity;
            } else {
              expect(r.error).toMatchObject({ code: 'VALIDATION', field: 'quantity', key: stock[o.goods] < o.quantity ? 'patrol.redeem.stock' : 'patrol.redeem.balance' });
            }
          } else if (entries.length > 0) {
            const target = entries[o.pick % entries.length];
            const r = await call('patrol.pointsCorrect', { entryId: target.id, reason: '更正' });
            const allowed = target.kind !== 'reversal' && !target.reversed && balance - target.points >= 0;
            expect(r.ok).toBe(allowed);
            if (r.ok) {
              target.reversed = true;
              entries.push({ id: (r.result as { id: string }).id, points: -target.points, kind: 'reversal', reversed: false });
              balance -= target.points;
              if (target.kind === 'redemption') stock[target.goods!] += target.quantity!;
            }
          }

          // after every step, the core agrees with the model and with itself
          const v = await ok<VolunteerView>(call('patrol.volunteerGet', { id: volunteer.id }));
          const [{ total, n, lowest }] = await sql<{ total: number | null; n: number; lowest: number | null }>(
            st,
            `SELECT SUM("points") AS "total", COUNT(*) AS "n", MIN("balanceAfter") AS "lowest" FROM "patrol_points_entry" WHERE "volunteerId" = ?`,
            [volunteer.id],
          );
          expect(v.balance).toBe(balance);
          expect(total ?? 0).toBe(v.balance);
          expect(n).toBe(entries.length);
          expect(v.entries[0]?.balanceAfter ?? 0).toBe(v.balance);
          expect(lowest ?? 0).toBeGreaterThanOrEqual(0);
          const shelf = await ok<GoodsView[]>(call('patrol.goods', {}));
          for (const [i, g] of goods.entries()) {
            const now = shelf.find((x) => x.id === g.id)!;
            expect(now.stock).toBe(stock[i]);
            expect(now.stock).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
