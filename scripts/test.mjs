#!/usr/bin/env node
// npm test: lint, import cycles, build (types), unit + contract tests, then the extension-host tests in a real VS Code.
// Each step's output streams through; the closing line totals the tests of every step.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'lint', command: 'npm run --silent lint' },
  { name: 'import rules (cycles, layers)', command: 'npm run --silent check:layers' },
  { name: 'build', command: 'npm run --silent build' },
  { name: 'unit + contract tests', command: 'npm run --silent test:unit', counts: 'mocha' },
  { name: 'extension-host tests (real VS Code)', command: 'npm run --silent test:vscode', counts: 'runner' },
];

function run(step) {
  return new Promise((resolve) => {
    console.log(`\n━━ ${step.name} ━━`);
    const child = spawn(step.command, { shell: true, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function countsOf(kind, output) {
  const number = (re) => Number(output.match(re)?.[1] ?? 0);
  if (kind === 'mocha') {
    return { passed: number(/(\d+) passing/), failed: number(/(\d+) failing/), skipped: number(/(\d+) pending/) };
  }
  const line = output.match(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/m);
  return { passed: Number(line?.[1] ?? 0), failed: Number(line?.[2] ?? 0), skipped: Number(line?.[3] ?? 0) };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
let exitCode = 0;
for (const step of steps) {
  const { code, output } = await run(step);
  if (step.counts) {
    const counts = countsOf(step.counts, output);
    for (const key of Object.keys(totals)) totals[key] += counts[key];
    summary.push(`${step.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
  if (code !== 0) {
    exitCode = code;
    summary.push(`${step.name}: FAILED (exit ${code})`);
    break;
  }
}
console.log(`\n━━ summary ━━\n${summary.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(exitCode);
