// Runs seeds: each plan step by step with its fault, the invariants after every step and a fault-free sync at the
// end; a failing plan is shrunk to the shortest sequence of steps that still breaks an invariant.
import type { RecordedExchange } from '../../simulator';
import { checkInSync, checkSameImages, checkStep, type Violation } from './invariants';
import { runOperation, faultRule } from './operations';
import { describeStep, planFor, type FaultKind, type Step } from './plan';
import type { ChaosWorld } from './world';
import { sleep } from '../support/until';

export interface SeedResult {
  seed: number;
  steps: number;
  violations: Violation[];
  /** The step after which the first violation was seen (1-based); 0 for the closing sync. */
  failedAt?: number;
  faults: Partial<Record<FaultKind, number>>;
  checks: number;
}

export interface RunFigures {
  seeds: number;
  steps: number;
  faults: Partial<Record<FaultKind, number>>;
  checks: number;
  failures: Array<{ seed: number; shrunk: Step[]; violations: Violation[] }>;
  ms: number;
}

/** One plan from a clean world. Stops at the first step that breaks an invariant. */
async function runPlan(world: ChaosWorld, seed: number, plan: readonly Step[]): Promise<SeedResult> {
  await world.reset();
  const result: SeedResult = { seed, steps: 0, violations: [], faults: {}, checks: 0 };
  const onUnhandled = (reason: unknown): void => void world.record.unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    for (const [index, step] of plan.entries()) {
      const before = world.sim.requests.length;
      const regionsBefore = new Map([...world.sim.state.images.values()].map((image) => [image.id, (image.regions ?? []).map((r) => r.region)]));
      if (step.fault) {
        world.sim.faults.add(faultRule(step.fault, step.operation));
        result.faults[step.fault.kind] = (result.faults[step.fault.kind] ?? 0) + 1;
      }
      await runOperation(world, step);
      world.sim.faults.clear();
      // A read that gave up on a late answer may still be on its way: let the simulator finish with it.
      await settleRequests();
      result.steps++;
      const exchanges: RecordedExchange[] = world.sim.requests.slice(before);
      const violations = checkStep(world, exchanges, regionsBefore);
      result.checks++;
      if (step.operation === 'list' && !step.fault && world.store.loaded) {
        violations.push(...checkInSync(world));
        result.checks++;
      } else if (step.operation === 'refresh' && !step.fault && world.store.loaded) {
        violations.push(...checkSameImages(world));
        result.checks++;
      }
      if (violations.length > 0) {
        result.violations = violations;
        result.failedAt = index + 1;
        return result;
      }
    }
    // The closing sync, with no fault: what is shown must be what Linode holds.
    await world.sync.reloadAll();
    const closing = [...checkInSync(world), ...checkStep(world, [], new Map())];
    result.checks += 2;
    if (closing.length > 0) {
      result.violations = closing;
      result.failedAt = 0;
    }
    return result;
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
}

function settleRequests(): Promise<void> {
  return sleep(5);
}

/** Drops steps while the plan still fails: halves first, then single steps, until no step can go. */
async function shrink(world: ChaosWorld, seed: number, plan: readonly Step[]): Promise<{ plan: Step[]; result: SeedResult }> {
  let current = [...plan];
  let last = await runPlan(world, seed, current);
  if (last.failedAt !== undefined && last.failedAt > 0) current = current.slice(0, last.failedAt);
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    let removed = true;
    while (removed) {
      removed = false;
      for (let start = 0; start + chunk <= current.length; start += chunk) {
        const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
        const result = await runPlan(world, seed, candidate);
        if (result.violations.length > 0) {
          current = result.failedAt ? candidate.slice(0, result.failedAt) : candidate;
          last = result;
          removed = true;
          break;
        }
      }
    }
  }
  return { plan: current, result: last };
}

export interface RunOptions {
  seeds: number[];
  steps: number;
  /** Chance that a step gets a fault (default 0.5). */
  faultChance?: number;
  /** Stop after this many failing seeds (each is shrunk). */
  maxFailures?: number;
  /** Stop starting new seeds after this long (a bounded run in the test suite). */
  budgetMs?: number;
  onSeed?: (result: SeedResult) => void;
}

export async function runSeeds(world: ChaosWorld, options: RunOptions): Promise<RunFigures> {
  const started = Date.now();
  const figures: RunFigures = { seeds: 0, steps: 0, faults: {}, checks: 0, failures: [], ms: 0 };
  for (const seed of options.seeds) {
    if (options.budgetMs !== undefined && Date.now() - started > options.budgetMs) break;
    const plan = planFor(seed, options.steps, options.faultChance);
    const result = await runPlan(world, seed, plan);
    figures.seeds++;
    figures.steps += result.steps;
    figures.checks += result.checks;
    for (const [kind, count] of Object.entries(result.faults) as Array<[FaultKind, number]>) figures.faults[kind] = (figures.faults[kind] ?? 0) + count;
    options.onSeed?.(result);
    if (result.violations.length > 0) {
      const shrunk = await shrink(world, seed, plan);
      figures.failures.push({ seed, shrunk: shrunk.plan, violations: shrunk.result.violations.length > 0 ? shrunk.result.violations : result.violations });
      if (figures.failures.length >= (options.maxFailures ?? 1)) break;
    }
  }
  figures.ms = Date.now() - started;
  return figures;
}

export function describeFailure(failure: RunFigures['failures'][number], steps: number): string {
  const lines = [
    `seed ${failure.seed} (re-run: npm run chaos -- --seed ${failure.seed} --steps ${steps})`,
    ...failure.violations.map((v) => `  invariant ${v.invariant}: ${v.what}`),
    `  shortest failing sequence (${failure.shrunk.length} step${failure.shrunk.length === 1 ? '' : 's'}):`,
    ...failure.shrunk.map((step, index) => `    ${index + 1}. ${describeStep(step)}`),
  ];
  return lines.join('\n');
}
