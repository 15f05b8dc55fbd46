// Shared pieces of the benchmarks: a simulator in its own process, medians, and printing.
import { spawn, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RecordedExchange } from '../simulator';

/** The project root (bench files run from out/bench/). */
export const ROOT = path.resolve(__dirname, '../..');

export interface SimulatorProcess {
  apiUrl: string;
  /** Recorded API exchanges, fetched from the control API (bodies dropped). */
  requests(): Promise<RecordedExchange[]>;
  clearRequests(): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the simulator's command line in a child process, so that the server's work does not share an event
 * loop (or a core) with what is measured.
 */
export async function startSimulatorProcess(args: string[]): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'out/simulator/cli.js'), '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const apiUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /control API:\s+(http:\/\/\S+)\/__simulator\//.exec(output);
      if (match && output.includes('Ctrl+C')) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before it was ready:\n${output}`)));
  });
  const control = async (method: string, route: string): Promise<unknown> => {
    const response = await fetch(`${apiUrl}/__simulator/${route}`, { method });
    if (!response.ok) throw new Error(`control ${method} ${route}: HTTP ${response.status}`);
    return response.json();
  };
  return {
    apiUrl,
    async requests() {
      const { data } = (await control('GET', 'requests?origin=api')) as { data: RecordedExchange[] };
      return data.map(({ responseBody: _body, ...rest }) => rest);
    },
    async clearRequests() {
      await control('DELETE', 'requests');
    },
    async reset() {
      await control('POST', 'reset');
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function ms(value: number): string {
  if (value < 0.1) return `${(value * 1000).toFixed(0)} µs`;
  return value >= 100 ? `${value.toFixed(0)} ms` : value >= 10 ? `${value.toFixed(1)} ms` : `${value.toFixed(2)} ms`;
}

/** Prints rows as an aligned text table. */
export function table(rows: string[][]): void {
  const widths = rows[0].map((_cell, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`);
}

export function verdict(met: boolean, goal: string): string {
  return `${met ? 'goal met' : 'GOAL MISSED'}: ${goal}`;
}

/** The machine and how busy it is: figures from a shared machine need that context. */
export function machine(): string {
  const [one, five] = os.loadavg();
  return `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), load average ${one.toFixed(1)} (1 min), ${five.toFixed(1)} (5 min)`;
}
