// The chaos run, bounded, in the normal suite: 200 seeds of 12 random operations each against the simulator
// while it injects random faults, every invariant checked after every step. A failure names its seed and the
// shortest sequence that still fails (npm run chaos -- --seed N re-runs it). The long soak is `npm run chaos`.
import * as assert from 'node:assert/strict';
import { describeFailure, runSeeds } from '../chaos/runner';
import { ChaosWorld } from '../chaos/world';

const SEEDS = 200;
const STEPS = 12;

describe('chaos: random operations and faults, invariants after every step', function () {
  // Generous: about 45 s on a quiet 2-core machine; a busy one may take twice that.
  this.timeout(10 * 60_000);
  let world: ChaosWorld;

  before(async () => {
    world = await ChaosWorld.create();
  });
  after(() => world.close());

  it(`${SEEDS} seeds × ${STEPS} steps: no invariant breaks`, async () => {
    const figures = await runSeeds(world, { seeds: Array.from({ length: SEEDS }, (_, index) => index + 1), steps: STEPS, maxFailures: 1 });
    const faults = Object.values(figures.faults).reduce((sum, count) => sum + count, 0);
    console.log(`      ${figures.seeds} seeds, ${figures.steps} steps, ${faults} faults, ${figures.checks} invariant checks in ${(figures.ms / 1000).toFixed(1)} s`);
    assert.deepEqual(figures.failures.map((failure) => describeFailure(failure, STEPS)), []);
    assert.equal(figures.seeds, SEEDS);
    assert.ok(faults > SEEDS * 2, 'faults were injected');
  });
});
