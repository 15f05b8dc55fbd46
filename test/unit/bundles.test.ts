// The production bundle (scripts/build.mjs --production): one file, dist/extension.js, holding the whole extension
// (the upload engine and the OAuth code too), with only `vscode` and Node's own modules left to require.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

describe('the production bundle', function () {
  this.timeout(120_000);
  let dir: string;
  let metafile: Metafile;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-bundles-'));
    const metafilePath = path.join(dir, 'meta.json');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outfile', path.join(dir, 'dist', 'extension.js'), '--metafile', metafilePath], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `the build failed:\n${build.stdout}${build.stderr}`);
    metafile = JSON.parse(fs.readFileSync(metafilePath, 'utf8')) as Metafile;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one file, which holds the upload engine and the OAuth code', () => {
    assert.deepEqual(fs.readdirSync(path.join(dir, 'dist')), ['extension.js']);
    const outputs = Object.values(metafile.outputs);
    assert.equal(outputs.length, 1);
    const modules = Object.keys(outputs[0].inputs);
    for (const module of ['src/extension.ts', 'src/core/upload/transfer.ts', 'src/core/upload/imageUpload.ts', 'src/core/auth/oauth.ts', 'src/core/auth/signIn.ts']) {
      assert.ok(modules.includes(module), `${module} is not in the bundle`);
    }
    // ofetch's runtime-neutral build, on the host's global fetch: not its Node build with a fetch polyfill.
    assert.ok(modules.some((module) => module.endsWith('node_modules/ofetch/dist/index.cjs')), 'ofetch is bundled');
    assert.deepEqual(modules.filter((module) => module.includes('node-fetch-native')), []);
  });

  it('requires nothing but vscode and Node\'s own modules', () => {
    const text = fs.readFileSync(path.join(dir, 'dist', 'extension.js'), 'utf8');
    const required = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]));
    const others = [...required].filter((name) => name !== 'vscode' && !name.startsWith('node:') && !builtinModules.includes(name));
    assert.deepEqual(others, []);
    assert.ok(required.has('vscode'));
  });
});
