// @ts-check
// The throw-away folders a test run opens VS Code with, whichever host runs it: the workspace folder the tests see
// (they add files to it), and for desktop VS Code a user-data folder with the test hosts' settings and an empty
// extensions folder. Used by run-extension-tests.mjs and by the F5 configurations (scripts/test-host/f5.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS } from './codeServer.mjs';

/** A small workspace folder at `dir` (created); tests may add files to it. */
export function makeTestWorkspace(/** @type {string} */ dir) {
  fs.mkdirSync(path.join(dir, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), '# Test workspace\n\nCreated by run-extension-tests.mjs.\n');
  fs.writeFileSync(path.join(dir, 'notes', 'hello.txt'), 'hello from the test workspace\n');
  return dir;
}

/**
 * A desktop VS Code profile under `dir`: user-data/User/settings.json (DEFAULT_SETTINGS with `settings` over them)
 * and an empty extensions folder, for --user-data-dir and --extensions-dir.
 * @param {string} dir
 * @param {Record<string, unknown>} [settings]
 */
export function makeDesktopProfile(dir, settings = {}) {
  const userDataDir = path.join(dir, 'user-data');
  const extensionsDir = path.join(dir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
  return { userDataDir, extensionsDir };
}
