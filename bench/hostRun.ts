// Runs one extension-host benchmark (bench/host/*.bench.ts) in a fresh code-server through the project's test
// runner, against the minified production bundle, and returns the figures it recorded.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './lib';

export interface ProductionBuild {
  /** An extension folder: package.json, media/, dist/ (the minified bundles). */
  dir: string;
  bundleBytes: number;
  metafile: Metafile;
}

export interface Metafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/**
 * Builds the production bundle (`scripts/build.mjs --production`) into a folder of its own, so that a benchmark
 * neither overwrites nor depends on the dist/ other work in this tree is using. `root` is the source tree to build
 * (this one by default; another checkout, such as a worktree of an earlier commit, uses its own build script).
 */
export function productionBuild(root: string = ROOT): ProductionBuild {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-bench-ext-'));
  const outfile = path.join(dir, 'dist', 'extension.js');
  const metafilePath = path.join(dir, 'meta.json');
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outfile', outfile, '--metafile', metafilePath], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`production build failed:\n${build.stdout}${build.stderr}`);
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.cpSync(path.join(root, 'media'), path.join(dir, 'media'), { recursive: true });
  const metafile = JSON.parse(fs.readFileSync(metafilePath, 'utf8')) as Metafile;
  fs.rmSync(metafilePath);
  return { dir, bundleBytes: fs.statSync(outfile).size, metafile };
}

export function git(args: string[]): string {
  const result = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout.trim();
}

/**
 * The production bundle of another commit, built by that commit's own build script in a temporary worktree (the
 * main working tree is left alone); `remove` takes the worktree away again. The worktree uses this tree's
 * node_modules when the commit's package-lock.json is the same, and installs its own (`npm ci`) when it is not.
 */
export function buildCommit(commit: string): { build: ProductionBuild; remove(): void } {
  const dir = path.join(os.tmpdir(), `linode-images-bench-${commit}-${process.pid}`);
  git(['worktree', 'add', '--detach', dir, commit]);
  const modules = path.join(dir, 'node_modules');
  const linked = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8') === fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8');
  const remove = (): void => {
    if (linked && fs.existsSync(modules)) fs.unlinkSync(modules); // the link only, never what it points to
    git(['worktree', 'remove', '--force', dir]);
  };
  try {
    if (linked) {
      fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
    } else {
      const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
      if (install.status !== 0) throw new Error(`npm ci for ${commit} failed:\n${install.stdout}${install.stderr}`);
    }
    return { build: productionBuild(dir), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

export interface HostRunOptions {
  extensionDir: string;
  /** Which benchmark: a mocha grep on its title ("bench activation", "bench tree", "bench polling"). */
  grep: string;
  env?: Record<string, string>;
  timeoutS: number;
}

/** Runs the benchmark in a fresh code-server; resolves with the figures, or rejects with the runner's output. */
export async function runInHost(options: HostRunOptions): Promise<Record<string, unknown>> {
  const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-bench-')), 'figures.json');
  const args = [
    path.join(ROOT, 'scripts/test-host/run-extension-tests.mjs'),
    // The same host on every machine, so figures compare across machines and runs.
    '--host', 'code-server',
    '--ext', options.extensionDir,
    '--tests', path.join(ROOT, 'out/bench/host/index'),
    '--grep', options.grep,
    '--timeout', String(options.timeoutS),
    '--env', `BENCH_RESULT_FILE=${resultFile}`,
    ...Object.entries(options.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
  ];
  const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', (code) => resolve({ code, text }));
  });
  const figures = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Record<string, unknown>) : {};
  fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
  if (output.code !== 0) {
    throw new Error(`the extension-host benchmark "${options.grep}" failed (exit ${output.code}):\n${output.text}\nfigures so far: ${JSON.stringify(figures)}`);
  }
  const host = /result (\{.*\})/.exec(output.text)?.[1];
  if (host) figures.host = JSON.parse(host) as unknown;
  return figures;
}
