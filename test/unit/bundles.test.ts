// The production bundles (scripts/build.mjs --production): the main bundle loaded at activation leaves the upload
// engine and the OAuth code out, each engine is a file of its own that takes every module the main bundle also holds
// from it, and so no module exists twice (one translator, one class for `instanceof` on both sides).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SHARED = 'linode-images-shared:';

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

describe('the production bundles', function () {
  this.timeout(120_000);
  let dir: string;
  let outputs: Map<string, { text: string; modules: string[] }>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-bundles-'));
    const metafilePath = path.join(dir, 'meta.json');
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outfile', path.join(dir, 'dist', 'extension.js'), '--metafile', metafilePath], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `the build failed:\n${build.stdout}${build.stderr}`);
    const metafile = JSON.parse(fs.readFileSync(metafilePath, 'utf8')) as Metafile;
    outputs = new Map(Object.entries(metafile.outputs).map(([file, output]) => [
      path.basename(file),
      { text: fs.readFileSync(path.join(dir, 'dist', path.basename(file)), 'utf8'), modules: Object.keys(output.inputs) },
    ]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bundle = (name: string) => {
    const found = outputs.get(name);
    assert.ok(found, `${name} was built (built: ${[...outputs.keys()].join(', ')})`);
    return found;
  };

  it('writes the main bundle and one file per engine', () => {
    assert.deepEqual([...outputs.keys()].sort(), ['auth.js', 'extension.js', 'upload.js']);
  });

  it('leaves the upload engine and the OAuth code out of the main bundle, which loads them with require on first use', () => {
    const main = bundle('extension.js');
    for (const engineOnly of ['src/core/upload/transfer.ts', 'src/core/upload/gzipCheck.ts', 'src/core/upload/inflater.ts', 'src/core/upload/imageUpload.ts', 'src/core/auth/oauth.ts', 'src/core/auth/signIn.ts', 'src/core/auth/loopbackReceiver.ts']) {
      assert.ok(!main.modules.includes(engineOnly), `${engineOnly} is in the main bundle`);
    }
    assert.match(main.text, /require\("\.\/upload\.js"\)/);
    assert.match(main.text, /require\("\.\/auth\.js"\)/);
    assert.ok(!/require\("(node:)?zlib"\)/.test(main.text), 'the main bundle loads zlib at activation');
  });

  it('holds each module once: an engine takes what the main bundle has from it', () => {
    const main = bundle('extension.js');
    for (const name of ['upload.js', 'auth.js']) {
      const engine = bundle(name);
      const own = engine.modules.filter((module) => !module.startsWith(SHARED));
      const taken = engine.modules.filter((module) => module.startsWith(SHARED)).map((module) => module.slice(SHARED.length));
      assert.deepEqual(own.filter((module) => main.modules.includes(module)), [], `${name} has its own copy of modules the main bundle holds`);
      assert.ok(taken.includes('src/core/l10n.ts'), `${name} takes the translator from the main bundle (takes: ${taken.join(', ')})`);
      for (const module of taken) {
        assert.ok(main.modules.includes(module), `${name} takes ${module}, which the main bundle does not hold`);
        assert.ok(main.text.includes(JSON.stringify(module)), `the main bundle does not export ${module} for ${name}`);
      }
      assert.match(engine.text, /require\("\.\/extension\.js"\)\.__shared\[/);
    }
  });
});
