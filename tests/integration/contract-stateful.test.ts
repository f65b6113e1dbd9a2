/**
 * Random sequences of valid-shaped, hostile calls by every role over the whole contract, reaching
 * the handlers, with the invariants of `stateful-contract.ts` checked after every step. Seeded and
 * short here; `npm run fuzz -- --seed N --runs M` runs the same property for longer. Each
 * failure a run found stays below as a fixed sequence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZED, newStats, NOT_FUZZED, statefulProperty } from '../helpers/stateful-contract.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

describe('the contract under random sequences of calls', () => {
  it('holds every invariant after every step', async () => {
    const stats = newStats();
    await fc.assert(statefulProperty(60, stats), { seed: SEED, numRuns: 5, endOnFailure: true });
    const reached = [...stats.byMethod].filter(([, n]) => n > 0).length;
    console.log(
      `stateful contract: seed ${SEED}, ${stats.steps} steps over ${FUZZED.length} methods (${Object.keys(NOT_FUZZED).length} left out), ` +
        `${stats.succeeded} succeeded (${reached} methods), ${stats.refusedByValidation} refused by validation, ${stats.refusedOtherwise} otherwise`,
    );
    // the inputs reach the handlers: a fair share passes validation and succeeds
    expect(stats.succeeded).toBeGreaterThan(stats.steps * 0.15);
  }, 180_000);
});
