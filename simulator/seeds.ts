// The simulator's seeds by name (the `seed` option, `--seed`), so a new one plugs in without touching the server.

import { seedScale } from './scaleSeed';
import { seedDefault, seedEmpty, seedSharing, seedTwoAccounts } from './seed';
import type { SimulatorState } from './state';

export type SeedFunction = (state: SimulatorState) => void;

export const SEEDS = {
  default: seedDefault,
  empty: seedEmpty,
  scale: seedScale,
  'two-accounts': seedTwoAccounts,
  sharing: seedSharing,
} satisfies Record<string, SeedFunction>;

export type SeedName = keyof typeof SEEDS;

export function resolveSeed(seed: SeedName | SeedFunction): SeedFunction {
  if (typeof seed === 'function') {
    return seed;
  }
  const found: SeedFunction | undefined = (SEEDS as Record<string, SeedFunction>)[seed];
  if (!found) {
    throw new Error(`Unknown simulator seed "${seed}" (known: ${Object.keys(SEEDS).join(', ')})`);
  }
  return found;
}
