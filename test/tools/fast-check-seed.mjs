// Loaded before every Node test file (test/tools/unit.mjs): property tests run with one fixed seed,
// so a run of npm test is reproducible and CI never fails by luck. FC_SEED=<n> (or FC_SEED=random)
// explores other cases; a failure prints the seed and the path that replay it.
import fc from 'fast-check';

const given = process.env.FC_SEED;
const seed = given === 'random' ? Date.now() ^ (Math.random() * 0x100000000) : Number(given ?? 20261130);
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not ${given}`);
if (given === 'random') console.log(`fast-check seed ${seed}`);
fc.configureGlobal({ seed });
