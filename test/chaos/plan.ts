// A chaos run's plan: for each seed, the same sequence of steps (an operation, its choices, and the fault the
// simulator injects meanwhile). Choices are numbers resolved against the state when the step runs (an index into
// the images the step can act on), so a plan with steps removed (shrinking) is still a valid plan.

/** mulberry32: small, fast, and the same numbers for the same seed everywhere. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

const OPERATIONS = [
  'list',
  'refresh',
  'details',
  'edit',
  'replicate',
  'delete',
  'capture',
  'upload',
  'closeWindow',
  'switchVersion',
  'settle',
  'elsewhere',
  'deploy',
  'rebuild',
  'trial',
  'deleteTrial',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** How often each operation comes up, relative to the others. */
const WEIGHTS: Record<Operation, number> = {
  list: 2,
  refresh: 3,
  details: 2,
  edit: 3,
  replicate: 2,
  delete: 2,
  capture: 1,
  upload: 4,
  closeWindow: 2,
  switchVersion: 1,
  settle: 2,
  elsewhere: 2,
  deploy: 2,
  rebuild: 2,
  trial: 2,
  deleteTrial: 2,
};

export const FAULT_KINDS = [
  'drop',
  'loseAnswer',
  'lateAnswer',
  'slowStart',
  'serverError',
  'gatewayError',
  'tooManyRequests',
  'htmlPage',
  'truncatedJson',
  'realWorldNulls',
  'uploadDrop',
  'uploadLoseAnswer',
  'uploadStall',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface PlannedFault {
  kind: FaultKind;
  /** Which requests: an index into the step's likely paths (resolved by the world), or any request. */
  target: number;
  method: number;
  /** How many matching requests it hits. */
  times: number;
}

export interface Step {
  operation: Operation;
  /** Numbers the operation resolves its choices with (which image, which field, confirm or not, where to cancel…). */
  choices: number[];
  fault?: PlannedFault;
}

export function planFor(seed: number, steps: number, faultChance = 0.5): Step[] {
  const random = new Random(seed);
  const total = Object.values(WEIGHTS).reduce((sum, weight) => sum + weight, 0);
  const plan: Step[] = [];
  for (let index = 0; index < steps; index++) {
    let roll = random.int(total);
    const operation = OPERATIONS.find((candidate) => (roll -= WEIGHTS[candidate]) < 0) ?? 'refresh';
    const choices = Array.from({ length: 6 }, () => random.int(1_000_000));
    const fault = random.chance(faultChance)
      ? { kind: random.pick(FAULT_KINDS), target: random.int(1_000), method: random.int(1_000), times: 1 + random.int(2) }
      : undefined;
    plan.push({ operation, choices, fault });
  }
  return plan;
}

export function describeStep(step: Step): string {
  const fault = step.fault ? ` with ${step.fault.kind}×${step.fault.times} (${step.fault.target}/${step.fault.method})` : '';
  return `${step.operation}(${step.choices.join(', ')})${fault}`;
}
