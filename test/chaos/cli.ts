// npm run chaos -- --seeds N [--seed S] [--steps K] [--first F] [--faults PERCENT]: the chaos run outside the test suite (a soak).
// Prints the figures at the end: seeds, steps, faults injected by kind, invariant checks, time; and for a failure
// its seed and the shortest sequence of steps that still fails.
import { describeFailure, runSeeds } from './runner';
import { ChaosWorld } from './world';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

async function main(): Promise<void> {
  const steps = option('steps', 12);
  const single = process.argv.includes('--seed') ? option('seed', 1) : undefined;
  const count = option('seeds', 200);
  const first = option('first', 1);
  const faultChance = option('faults', 50) / 100;
  const seeds = single !== undefined ? [single] : Array.from({ length: count }, (_, index) => first + index);
  const world = await ChaosWorld.create();
  try {
    let done = 0;
    const figures = await runSeeds(world, {
      seeds,
      steps,
      faultChance,
      maxFailures: 1,
      onSeed: () => {
        done++;
        if (done % 250 === 0) process.stdout.write(`  ${done} seeds…\n`);
      },
    });
    const faults = Object.entries(figures.faults).sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(', ');
    console.log(`chaos: ${figures.seeds} seeds × up to ${steps} steps (faults on ${Math.round(faultChance * 100)}% of steps) = ${figures.steps} steps in ${(figures.ms / 1000).toFixed(1)} s`);
    console.log(`  faults injected: ${Object.values(figures.faults).reduce((a, b) => a + b, 0)} (${faults})`);
    console.log(`  invariant checks: ${figures.checks} (each of invariants 1-3 and 5-9 after every step; 4 after every fault-free listing and at the end of each seed)`);
    if (figures.failures.length === 0) {
      console.log('  every invariant held');
    } else {
      for (const failure of figures.failures) console.log(describeFailure(failure, steps));
      process.exitCode = 1;
    }
  } finally {
    await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
