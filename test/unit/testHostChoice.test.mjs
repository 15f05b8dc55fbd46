// Which VS Code the extension-host tests run in (scripts/test-host/hostChoice.mjs): every rule, in its order, and the
// line the runner prints. Plain JavaScript, like the module (mocha loads it from test/unit, see .mocharc.json).
import * as assert from 'node:assert/strict';
import { chooseTestHost, describeChoice, describeFallback, HOST_ENV } from '../../scripts/test-host/hostChoice.mjs';

/** Linux without a display, nothing forced, nothing given, nothing cached: the CI machine. */
const ci = { platform: 'linux', env: {} };

describe('the extension-host tests\' choice of host', () => {
  describe('1. forced', () => {
    it(`by ${HOST_ENV}, over every other rule`, () => {
      const electron = chooseTestHost({ ...ci, env: { [HOST_ENV]: 'electron' } });
      assert.equal(electron.host, 'electron');
      assert.equal(electron.fallback, false, 'a forced desktop VS Code does not fall back');
      assert.equal(electron.vscodeExecutablePath, undefined);
      assert.match(electron.why, new RegExp(`forced by ${HOST_ENV}=electron`));

      const codeServer = chooseTestHost({ platform: 'darwin', env: { [HOST_ENV]: 'code-server', VSCODE_EXECUTABLE: '/Applications/Code' } });
      assert.deepEqual(codeServer, { host: 'code-server', why: `forced by ${HOST_ENV}=code-server`, fallback: false });
    });

    it('by --host, which wins over the variable', () => {
      const choice = chooseTestHost({ ...ci, env: { [HOST_ENV]: 'electron' }, hostOption: 'code-server' });
      assert.deepEqual(choice, { host: 'code-server', why: 'forced by --host code-server', fallback: false });
    });

    it('to electron, with the desktop VS Code the user gives', () => {
      const choice = chooseTestHost({ ...ci, env: { [HOST_ENV]: 'electron', VSCODE_EXECUTABLE: '/opt/code/code' } });
      assert.equal(choice.host, 'electron');
      assert.equal(choice.vscodeExecutablePath, '/opt/code/code');
    });

    it('not by "auto" or an empty value, which leave the choice to the other rules', () => {
      assert.equal(chooseTestHost({ ...ci, env: { [HOST_ENV]: 'auto' } }).host, 'code-server');
      assert.equal(chooseTestHost({ ...ci, env: { [HOST_ENV]: '', DISPLAY: ':0' } }).host, 'electron');
      assert.equal(chooseTestHost({ ...ci, hostOption: 'auto', env: { DISPLAY: ':0' } }).host, 'electron');
    });

    it('refuses a host it does not know', () => {
      assert.throws(() => chooseTestHost({ ...ci, env: { [HOST_ENV]: 'desktop' } }), new RegExp(`${HOST_ENV}=desktop: expected electron, code-server or auto`));
      assert.throws(() => chooseTestHost({ ...ci, hostOption: 'chrome' }), /--host chrome: expected/);
    });
  });

  describe('2. a desktop VS Code the user gives', () => {
    it('by VSCODE_EXECUTABLE, even on Linux without a display', () => {
      const choice = chooseTestHost({ ...ci, env: { VSCODE_EXECUTABLE: '/opt/code/code' } });
      assert.deepEqual(choice, {
        host: 'electron', why: 'desktop VS Code given by VSCODE_EXECUTABLE=/opt/code/code', vscodeExecutablePath: '/opt/code/code', fallback: false,
      });
    });

    it('by --vscode, which wins over VSCODE_EXECUTABLE', () => {
      const choice = chooseTestHost({ ...ci, env: { VSCODE_EXECUTABLE: '/opt/code/code' }, vscodeOption: '/usr/bin/code' });
      assert.equal(choice.vscodeExecutablePath, '/usr/bin/code');
      assert.match(choice.why, /given by --vscode \/usr\/bin\/code/);
    });
  });

  describe('3. macOS and Windows', () => {
    for (const [platform, name] of [['darwin', 'macOS'], ['win32', 'Windows']]) {
      it(`${name}: test-electron's VS Code, falling back on code-server only when it is installed`, () => {
        const installed = chooseTestHost({ platform, env: {}, codeServerInstalled: true });
        assert.equal(installed.host, 'electron');
        assert.equal(installed.vscodeExecutablePath, undefined, 'test-electron downloads it');
        assert.equal(installed.fallback, true);
        assert.equal(installed.why, `${name}; VS Code to be downloaded into .vscode-test`);

        const alone = chooseTestHost({ platform, env: {}, cachedVSCode: '1.107.0' });
        assert.equal(alone.host, 'electron');
        assert.equal(alone.fallback, false);
        assert.equal(alone.why, `${name}; VS Code 1.107.0 cached in .vscode-test (no code-server host installed to fall back on)`);
      });
    }

    it('whether or not a display variable is set', () => {
      assert.equal(chooseTestHost({ platform: 'darwin', env: { DISPLAY: '' } }).host, 'electron');
    });
  });

  describe('4. Linux with a display', () => {
    it('DISPLAY: test-electron, falling back on code-server', () => {
      const choice = chooseTestHost({ ...ci, env: { DISPLAY: ':99' } });
      assert.deepEqual(choice, {
        host: 'electron', why: 'Linux with a display (DISPLAY=:99); VS Code to be downloaded into .vscode-test', fallback: true,
      });
    });

    it('WAYLAND_DISPLAY alone is a display too', () => {
      const choice = chooseTestHost({ ...ci, env: { WAYLAND_DISPLAY: 'wayland-0' }, cachedVSCode: '1.107.0' });
      assert.equal(choice.host, 'electron');
      assert.equal(choice.why, 'Linux with a display (WAYLAND_DISPLAY=wayland-0); VS Code 1.107.0 cached in .vscode-test');
      assert.equal(choice.fallback, true);
    });
  });

  describe('5. otherwise', () => {
    it('Linux without a display: code-server, saying there is no display', () => {
      assert.deepEqual(chooseTestHost(ci), {
        host: 'code-server', why: 'Linux with no display (neither DISPLAY nor WAYLAND_DISPLAY is set)', fallback: false,
      });
      assert.equal(chooseTestHost({ ...ci, env: { DISPLAY: '', WAYLAND_DISPLAY: '' } }).host, 'code-server', 'empty is unset');
      assert.equal(chooseTestHost({ ...ci, cachedVSCode: '1.107.0' }).host, 'code-server', 'a cached VS Code needs a display');
    });

    it('a platform test-electron has no VS Code for: code-server', () => {
      assert.equal(chooseTestHost({ platform: 'freebsd', env: { DISPLAY: ':0' } }).host, 'code-server');
    });
  });

  it('is said in one line, and so is a fallback', () => {
    assert.equal(describeChoice(chooseTestHost(ci)),
      'host: code-server (VS Code server in headless Chromium) — Linux with no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
    assert.equal(describeChoice(chooseTestHost({ ...ci, env: { DISPLAY: ':1' } })),
      'host: desktop VS Code (@vscode/test-electron) — Linux with a display (DISPLAY=:1); VS Code to be downloaded into .vscode-test');
    assert.equal(describeFallback('could not download VS Code'),
      'host: code-server (VS Code server in headless Chromium) instead — could not download VS Code');
    for (const line of [describeChoice(chooseTestHost({ ...ci, env: { DISPLAY: ':1' } })), describeFallback('x')]) {
      assert.doesNotMatch(line, /\n/);
    }
  });
});
