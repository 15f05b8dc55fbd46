// Shared pieces of the extension-host benchmarks: recording figures, reaching the extension, timing.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { LinodeImagesApi } from '../../src/extension';
import { until as untilWithin } from '../../test/support/until';

const EXTENSION_ID = 'linode-images-dev.linode-images';
export const VIEW_CONTAINER_COMMAND = 'workbench.view.extension.linodeImages';

/** Merges figures into BENCH_RESULT_FILE (the remote extension host's console goes nowhere). */
export function record(figures: Record<string, unknown>): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (!file) return;
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8') || '{}') as Record<string, unknown>) : {};
  fs.writeFileSync(file, JSON.stringify({ ...current, ...figures }, null, 2));
}

export function extension(): vscode.Extension<LinodeImagesApi> {
  const found = vscode.extensions.getExtension<LinodeImagesApi>(EXTENSION_ID);
  if (!found) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  return found;
}

export function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('linodeImages');
}

export { sleep } from '../../test/support/until';

/** The tests' `until`, with a bound for a bench: it loads the host far more than a test does. */
export function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  return untilWithin(condition, what, timeoutMs);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median time of `runs` calls after `warmUp` untimed ones, in ms. */
export async function timeMedian(work: () => unknown, runs: number, warmUp = 3): Promise<{ median: number; min: number; max: number }> {
  for (let n = 0; n < warmUp; n++) await work();
  const times: number[] = [];
  for (let n = 0; n < runs; n++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) };
}
