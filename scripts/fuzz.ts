/**
 * The long run of the stateful contract property (tests/helpers/stateful-contract.ts):
 *
 *   npm run fuzz -- --seed 7 --runs 50 [--steps 200] [--shrink]
 *   npm run fuzz -- --replay failing-sequence.json
 *
 * Each run is a fresh station and a random sequence of up to `--steps` calls. On a failure it
 * prints the seed, the failing step and the sequence up to it as JSON: paste that into the
 * regression list of tests/integration/contract-stateful.test.ts, or replay it with `--replay`.
 * Shrinking is off by default (every attempt sets up a station: seconds each); `--shrink` turns it on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { FUZZED, newStats, runSequence, sequenceFromJson, sequenceToJson, statefulProperty, StepFailure, type Step } from '../tests/helpers/stateful-contract.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    runs: { type: 'string', default: '20' },
    steps: { type: 'string', default: '200' },
    shrink: { type: 'boolean', default: false },
    replay: { type: 'string' },
  },
});

const stats = newStats();

const report = (steps: readonly Step[], err: unknown): never => {
  const failing = err instanceof StepFailure ? steps.slice(0, err.stepIndex + 1) : steps;
  const file = join(tmpdir(), `station-fuzz-failure-${Date.now()}.json`);
  writeFileSync(file, sequenceToJson(failing));
  console.error(`\n${(err as Error).message}\n\nthe sequence up to the failing step (${failing.length} steps), also in ${file}:\n${sequenceToJson(failing)}`);
  process.exit(1);
};

const main = async () => {
  if (values.replay) {
    const steps = sequenceFromJson(readFileSync(values.replay, 'utf8'));
    await runSequence(steps, stats).catch((err: unknown) => report(steps, err));
    console.log(`replayed ${steps.length} steps: every invariant held`);
    return;
  }
  const seed = Number(values.seed);
  const numRuns = Number(values.runs);
  console.log(`stateful contract fuzz: seed ${seed}, ${numRuns} runs of up to ${values.steps} steps`);
  const started = Date.now();
  const result = await fc.check(statefulProperty(Number(values.steps), stats), { seed, numRuns, endOnFailure: !values.shrink });
  const summary = `${stats.steps} steps in ${Math.round((Date.now() - started) / 1000)} s: ${stats.succeeded} succeeded (${[...stats.byMethod].filter(([, n]) => n > 0).length} methods), ${stats.refusedByValidation} refused by validation, ${stats.refusedOtherwise} otherwise`;
  if (result.failed) {
    console.error(`seed ${seed} failed (replay the same: --seed ${seed} --runs ${numRuns}; fast-check path ${result.counterexamplePath}); ${summary}`);
    const [steps] = result.counterexample ?? [[]];
    report(steps, result.errorInstance);
  }
  console.log(`seed ${seed}: every invariant held; ${summary}`);
  // what the run did not reach is where the generators need domain knowledge next
  const missed = FUZZED.map((m) => m.name).filter((name) => !stats.byMethod.get(name));
  console.log(`never succeeded (${missed.length}): ${missed.join(' ')}`);
};

void main();
