import fc from 'fast-check';
import { runSequence, stepArbitrary, newStats } from './tests/helpers/stateful-contract.js';
import { setUpStation, addStaff } from './tests/helpers/station.js';
const main = async () => {
let t = Date.now();
const st = await setUpStation(); console.log('setup', Date.now() - t); t = Date.now();
await addStaff(st, 'officer'); console.log('addStaff', Date.now() - t);
await st.close();
const steps = fc.sample(fc.array(stepArbitrary, { minLength: 150, maxLength: 150 }), { numRuns: 1, seed: Number(process.argv[2] ?? 1) })[0];
const stats = newStats();
t = Date.now();
await runSequence(steps, stats).catch((e) => console.log('FAIL', e.message));
console.log('150 steps', Date.now() - t, stats.succeeded, stats.refusedByValidation, stats.refusedOtherwise);
};
main();
