// The Linode accounts found on disk (src/core/auth/cliAccounts.ts): linode-cli's users (configparser's INI) and the
// profiles of the linode config file linodego, Terraform and Pulumi read; where those files are looked for; and that
// no problem line ever quotes a token. findCliAccounts runs against real files in a temporary home directory.

import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliConfigPaths,
  differsFromApiUrl,
  findCliAccounts,
  parseLinodeCliConfig,
  parseLinodeConfig,
  type CliAccount,
  type CliAccountFinding,
} from '../../src/core/auth/cliAccounts';

const ALICE = 'a1'.repeat(32);
const BOB = 'b2'.repeat(32);
const CAROL = 'c3'.repeat(32);
const SHARED = 'd4'.repeat(32);
const FILE = '/home/alice/.config/linode-cli';

/** Every token written into a file in any test, and every finding: checked by the last test. */
const tokens = new Set<string>([ALICE, BOB, CAROL, SHARED]);
const findings: CliAccountFinding[] = [];

function keep(finding: CliAccountFinding): CliAccountFinding {
  findings.push(finding);
  return finding;
}

function cli(text: string, file = FILE): CliAccountFinding {
  return keep(parseLinodeCliConfig(text, file));
}

function summary(accounts: readonly CliAccount[]): string[] {
  return accounts.map((account) => `${account.source}:${account.name}${account.isDefault ? '*' : ''}`);
}

describe('Accounts of linode-cli and the linode config (core)', () => {
  describe('linode-cli config', () => {
    it('offers every user with its token, the default user first', () => {
      const found = cli(
        [
          '[DEFAULT]',
          'default-user = bob',
          '',
          '[alice]',
          `token = ${ALICE}`,
          'region = us-east',
          '',
          '[bob]',
          `token =   ${BOB}  `,
          'type = g6-nanode-1',
        ].join('\n'),
      );
      assert.deepEqual(found.problems, []);
      assert.deepEqual(found.accounts, [
        { source: 'linode-cli', name: 'bob', token: BOB, isDefault: true, file: FILE },
        { source: 'linode-cli', name: 'alice', token: ALICE, isDefault: false, file: FILE },
      ]);
    });

    it('DEFAULT values are inherited by every user, and default-user is no user', () => {
      const found = cli(
        ['[DEFAULT]', 'default-user = alice', `token = ${SHARED}`, 'api_version = v4beta', '[alice]', 'region = us-east', '[bob]', `token = ${BOB}`].join(
          '\r\n',
        ),
      );
      assert.deepEqual(found.problems, []);
      assert.deepEqual(summary(found.accounts), ['linode-cli:alice*', 'linode-cli:bob']);
      assert.equal(found.accounts[0].token, SHARED);
      assert.equal(found.accounts[1].token, BOB);
      assert.deepEqual(
        found.accounts.map((account) => account.apiVersion),
        ['v4beta', 'v4beta'],
      );
    });

    it('reads `key: value` lines, keys in any case, and comments with # or ;', () => {
      const found = cli(['# written by hand', '[DEFAULT]', 'Default-User: alice', '[alice]', `TOKEN: ${ALICE}`, '; api_version = v4', 'api_version : v4beta'].join('\n'));
      assert.deepEqual(found.problems, []);
      assert.equal(found.accounts.length, 1);
      assert.equal(found.accounts[0].token, ALICE);
      assert.equal(found.accounts[0].isDefault, true);
      assert.equal(found.accounts[0].apiVersion, 'v4beta');
    });

    it('a dotted section is one user, named with its dots, in file order', () => {
      const found = cli(
        ['[DEFAULT]', 'default-user = alice.smith', '[alice]', `token = ${ALICE}`, '[123]', `token = ${CAROL}`, '[alice.smith]', `token = ${BOB}`].join('\n'),
      );
      assert.deepEqual(found.problems, []);
      assert.deepEqual(summary(found.accounts), ['linode-cli:alice.smith*', 'linode-cli:alice', 'linode-cli:123']);
      assert.deepEqual(
        found.accounts.map((account) => account.token),
        [BOB, ALICE, CAROL],
      );
    });

    it('a user with no token, or a token that is no token, is a problem line naming it, not an account', () => {
      const found = cli(
        ['[DEFAULT]', 'default-user = alice', '[alice]', `token = ${ALICE}`, '[bob]', 'region = us-east', '[carol]', `token = ${CAROL.slice(0, 20)} ${CAROL.slice(20)}`, '[dave]', 'token ='].join(
          '\n',
        ),
      );
      assert.deepEqual(summary(found.accounts), ['linode-cli:alice*']);
      assert.equal(found.problems.length, 3);
      for (const [line, user] of found.problems.map((problem, index) => [problem, ['bob', 'carol', 'dave'][index]])) {
        assert.match(line, new RegExp(`\\[${user}\\]`));
        assert.ok(line.includes(FILE), line);
        assert.ok(!line.includes(CAROL.slice(0, 20)) && !line.includes(CAROL.slice(20)), line);
      }
    });

    it('an indented line continues the value above it (configparser): a token over two lines is no token', () => {
      const found = cli(['[alice]', `token = ${ALICE}`, `    ${BOB}`, 'region = us-east', '[bob]', 'token =', `  ${BOB}`].join('\n'));
      assert.deepEqual(summary(found.accounts), ['linode-cli:bob']);
      assert.equal(found.accounts[0].token, BOB);
      assert.equal(found.problems.length, 1);
      assert.match(found.problems[0], /\[alice\] has no usable token/);
    });

    it('a file linode-cli could not read gives one problem line and no account, without throwing', () => {
      const junk = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x3d, 0xff, 0xfe, 0x5b, 0x0a]).toString('utf8');
      const cases = [
        ['[alice]', `token = ${ALICE}`, '[unclosed', '[bob]', `token = ${BOB}`].join('\n'),
        `[alice]\ntoken = ${ALICE}\n${junk}`,
        // Binary, though every line has a key and a value.
        `[alice]\ntoken = ${ALICE}\n${Buffer.from([0x00, 0x07, 0x3d, 0xff, 0x01]).toString('utf8')}`,
        `token = ${ALICE}\n[alice]\nregion = us-east`,
        `[alice]\ntoken = ${ALICE}\n[alice]\nregion = us-east`,
        `[alice]\ntoken = ${ALICE}\nTOKEN = ${BOB}`,
        `[alice]\n${ALICE}`,
        '',
        `[DEFAULT]\ntoken = ${ALICE}\n`,
      ];
      for (const text of cases) {
        const found = cli(text);
        assert.deepEqual(found.accounts, [], text);
        assert.equal(found.problems.length, 1, text);
        assert.ok(found.problems[0].startsWith(`linode-cli config ${FILE}: `), found.problems[0]);
      }
    });

    it('default-user naming no section: no user is the default, and a problem line', () => {
      const found = cli(['[DEFAULT]', 'default-user = zoe', '[alice]', `token = ${ALICE}`, '[bob]', `token = ${BOB}`].join('\n'));
      assert.deepEqual(summary(found.accounts), ['linode-cli:alice', 'linode-cli:bob']);
      assert.equal(found.problems.length, 1);
      assert.match(found.problems[0], /default-user names "zoe"/);
    });

    it('with no default-user, an only user is the default (as linode-cli makes it), and of several none is', () => {
      assert.deepEqual(summary(cli(`[alice]\ntoken = ${ALICE}\n`).accounts), ['linode-cli:alice*']);
      assert.deepEqual(summary(cli(`[alice]\ntoken = ${ALICE}\n[bob]\ntoken = ${BOB}\n`).accounts), ['linode-cli:alice', 'linode-cli:bob']);
    });

    it('api_host and api_scheme make the apiUrl, compared with the extension\'s by origin and path', () => {
      const found = cli(
        [
          '[DEFAULT]',
          'default-user = alice',
          '[alice]',
          `token = ${ALICE}`,
          'api_host = api.dev.linode.com',
          'api_version = v4beta',
          '[bob]',
          `token = ${BOB}`,
          'api_host = API.linode.com',
          'api_scheme = HTTPS',
          '[carol]',
          `token = ${CAROL}`,
          '[dave]',
          `token = ${SHARED}`,
          'api_host = api.linode.com/v4',
          '[erin]',
          `token = ${SHARED}`,
          'api_scheme = ftp',
        ].join('\n'),
      );
      const [alice, bob, carol] = found.accounts;
      assert.deepEqual(summary(found.accounts), ['linode-cli:alice*', 'linode-cli:bob', 'linode-cli:carol']);
      assert.equal(alice.apiUrl, 'https://api.dev.linode.com');
      assert.equal(alice.apiVersion, 'v4beta');
      assert.equal(bob.apiUrl, 'https://api.linode.com');
      assert.equal(carol.apiUrl, undefined);

      assert.equal(differsFromApiUrl(alice, 'https://api.linode.com'), true);
      assert.equal(differsFromApiUrl(alice, 'https://api.dev.linode.com/'), false);
      assert.equal(differsFromApiUrl(bob, 'https://api.linode.com/'), false);
      assert.equal(differsFromApiUrl(bob, 'http://api.linode.com'), true);
      assert.equal(differsFromApiUrl(bob, 'https://api.linode.com:8443'), true);
      // No api_host: linode-cli talks to api.linode.com.
      assert.equal(differsFromApiUrl(carol, 'https://api.linode.com/'), false);
      assert.equal(differsFromApiUrl(carol, 'http://127.0.0.1:4010'), true);
      assert.equal(differsFromApiUrl(carol, 'not a url'), true);
      assert.equal(differsFromApiUrl({ ...carol, apiUrl: 'not a url' }, 'not a url'), true);

      // A host with a path, or a scheme other than http(s), makes no URL linode-cli could use.
      assert.equal(found.problems.length, 2);
      assert.match(found.problems[0], /\[dave\] has an api_host or api_scheme/);
      assert.match(found.problems[1], /\[erin\] has an api_host or api_scheme/);
    });
  });

  describe('linode config (linodego, Terraform, Pulumi)', () => {
    const CONFIG = '/home/alice/.config/linode';

    it('offers [default] first, then the named profiles, which inherit what [default] says', () => {
      const found = keep(
        parseLinodeConfig(
          [
            '[Work]',
            'api_version = v4beta',
            '[default]',
            `token = ${ALICE}`,
            'api_url = https://api.linode.com/',
            '[dev]',
            `token: ${BOB}`,
            'api_url = https://api.dev.linode.com/v4/',
            '[empty.one]',
            'token = ',
          ].join('\n'),
          CONFIG,
        ),
      );
      assert.deepEqual(summary(found.accounts), ['linode-config:default*', 'linode-config:work', 'linode-config:dev']);
      const [main, work, dev] = found.accounts;
      assert.deepEqual(main, { source: 'linode-config', name: 'default', token: ALICE, isDefault: true, apiUrl: 'https://api.linode.com', file: CONFIG });
      assert.equal(work.token, ALICE);
      assert.equal(work.apiVersion, 'v4beta');
      assert.equal(dev.token, BOB);
      assert.equal(dev.apiUrl, 'https://api.dev.linode.com/v4');
      assert.equal(differsFromApiUrl(dev, 'https://api.dev.linode.com'), false);
      assert.equal(differsFromApiUrl(dev, 'https://api.linode.com'), true);
      // [empty.one] sets its token to nothing, which is what linodego takes too: no token.
      assert.deepEqual(found.problems, [`Linode config ${CONFIG}: profile [empty.one] has no usable token; skipped`]);
    });

    it('a profile with no token anywhere is a problem line; keys before any section are the default profile', () => {
      const noDefault = keep(parseLinodeConfig(`[work]\ntoken = ${BOB}\n[play]\nregion = us-east\n`, CONFIG));
      assert.deepEqual(summary(noDefault.accounts), ['linode-config:work']);
      assert.equal(noDefault.problems.length, 1);
      assert.match(noDefault.problems[0], /profile \[play\] has no usable token/);

      const bare = keep(parseLinodeConfig(`token = ${CAROL}\n`, CONFIG));
      assert.deepEqual(summary(bare.accounts), ['linode-config:default*']);
      assert.equal(bare.accounts[0].token, CAROL);
      // An explicit [default] wins over them, wherever [DEFAULT] is.
      for (const text of [`token = ${CAROL}\n[default]\ntoken = ${BOB}\n`, `[default]\ntoken = ${BOB}\n[DEFAULT]\ntoken = ${CAROL}\n`]) {
        const both = keep(parseLinodeConfig(text, CONFIG));
        assert.deepEqual(summary(both.accounts), ['linode-config:default*'], text);
        assert.equal(both.accounts[0].token, BOB, text);
      }

      const broken = keep(parseLinodeConfig(`[default]\ntoken = ${CAROL}\n[unclosed\n`, CONFIG));
      assert.deepEqual(broken.accounts, []);
      assert.equal(broken.problems.length, 1);
    });
  });

  describe('where the files are', () => {
    it('cliConfigPaths: ~/.linode-cli, then $XDG_CONFIG_HOME/linode-cli or ~/.config/linode-cli; ~/.config/linode', () => {
      assert.deepEqual(cliConfigPaths({}, '/home/alice'), [
        { source: 'linode-cli', candidates: ['/home/alice/.linode-cli', '/home/alice/.config/linode-cli'] },
        { source: 'linode-config', candidates: ['/home/alice/.config/linode'] },
      ]);
      assert.deepEqual(cliConfigPaths({ XDG_CONFIG_HOME: '/xdg' }, '/home/alice'), [
        { source: 'linode-cli', candidates: ['/home/alice/.linode-cli', '/xdg/linode-cli'] },
        { source: 'linode-config', candidates: ['/home/alice/.config/linode', '/xdg/linode'] },
      ]);
      // An empty or relative XDG_CONFIG_HOME is no XDG_CONFIG_HOME; one that is ~/.config names nothing twice.
      for (const XDG_CONFIG_HOME of ['', 'relative/dir', '/home/alice/.config/']) {
        assert.deepEqual(cliConfigPaths({ XDG_CONFIG_HOME }, '/home/alice'), cliConfigPaths({}, '/home/alice'), XDG_CONFIG_HOME);
      }
    });

    describe('findCliAccounts, on disk', () => {
      let home: string;
      let xdg: string;

      beforeEach(async () => {
        home = await mkdtemp(join(tmpdir(), 'cli-accounts-home-'));
        xdg = await mkdtemp(join(tmpdir(), 'cli-accounts-xdg-'));
        await mkdir(join(home, '.config'));
      });
      afterEach(async () => {
        await rm(home, { recursive: true, force: true });
        await rm(xdg, { recursive: true, force: true });
      });

      async function find(env: NodeJS.ProcessEnv): Promise<CliAccountFinding> {
        return keep(await findCliAccounts({ env, home }));
      }

      it('nothing on disk: no account and no problem', async () => {
        assert.deepEqual(await find({}), { accounts: [], problems: [] });
        assert.deepEqual(await find({ XDG_CONFIG_HOME: xdg }), { accounts: [], problems: [] });
      });

      it('without XDG_CONFIG_HOME: ~/.config/linode-cli, then ~/.config/linode; linode-cli first', async () => {
        await writeFile(join(home, '.config', 'linode'), `[default]\ntoken = ${CAROL}\n`);
        await writeFile(join(home, '.config', 'linode-cli'), `[DEFAULT]\ndefault-user = bob\n[alice]\ntoken = ${ALICE}\n[bob]\ntoken = ${BOB}\n`);
        await writeFile(join(xdg, 'linode-cli'), `[zoe]\ntoken = ${SHARED}\n`);
        const found = await find({});
        assert.deepEqual(found.problems, []);
        assert.deepEqual(summary(found.accounts), ['linode-cli:bob*', 'linode-cli:alice', 'linode-config:default*']);
        assert.deepEqual(
          found.accounts.map((account) => account.file),
          [join(home, '.config', 'linode-cli'), join(home, '.config', 'linode-cli'), join(home, '.config', 'linode')],
        );
      });

      it('with XDG_CONFIG_HOME: $XDG_CONFIG_HOME/linode-cli, not ~/.config/linode-cli', async () => {
        await writeFile(join(home, '.config', 'linode-cli'), `[alice]\ntoken = ${ALICE}\n`);
        await writeFile(join(xdg, 'linode-cli'), `[zoe]\ntoken = ${SHARED}\n`);
        await writeFile(join(xdg, 'linode'), `[default]\ntoken = ${CAROL}\n`);
        const found = await find({ XDG_CONFIG_HOME: xdg });
        assert.deepEqual(found.problems, []);
        assert.deepEqual(summary(found.accounts), ['linode-cli:zoe*', 'linode-config:default*']);
        assert.deepEqual(
          found.accounts.map((account) => account.file),
          [join(xdg, 'linode-cli'), join(xdg, 'linode')],
        );
      });

      it('the legacy ~/.linode-cli: read when it is the only one, and preferred when both exist, as linode-cli does', async () => {
        await writeFile(join(home, '.linode-cli'), `[carol]\ntoken = ${CAROL}\n`);
        const only = await find({ XDG_CONFIG_HOME: xdg });
        assert.deepEqual(summary(only.accounts), ['linode-cli:carol*']);
        assert.equal(only.accounts[0].file, join(home, '.linode-cli'));

        await writeFile(join(xdg, 'linode-cli'), `[zoe]\ntoken = ${SHARED}\n`);
        await writeFile(join(home, '.config', 'linode-cli'), `[alice]\ntoken = ${ALICE}\n`);
        assert.deepEqual(summary((await find({ XDG_CONFIG_HOME: xdg })).accounts), ['linode-cli:carol*']);
        assert.deepEqual(summary((await find({})).accounts), ['linode-cli:carol*']);
      });

      it('a file that exists but cannot be read (a directory: EISDIR) is one problem line; the other source is still read', async () => {
        await mkdir(join(home, '.config', 'linode-cli'));
        await writeFile(join(home, '.config', 'linode'), `[default]\ntoken = ${CAROL}\n`);
        const found = await find({});
        assert.deepEqual(summary(found.accounts), ['linode-config:default*']);
        assert.equal(found.problems.length, 1);
        assert.ok(found.problems[0].includes(join(home, '.config', 'linode-cli')), found.problems[0]);
        assert.match(found.problems[0], /EISDIR/);
      });

      it('a read error other than ENOENT stops at that candidate; ENOENT goes on to the next, silently', async () => {
        const tried: string[] = [];
        const readFile = async (file: string): Promise<string> => {
          tried.push(file);
          if (file === join(home, '.linode-cli')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
          throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        };
        const found = keep(await findCliAccounts({ env: { XDG_CONFIG_HOME: xdg }, home, readFile }));
        assert.deepEqual(tried, [join(home, '.linode-cli'), join(home, '.config', 'linode'), join(xdg, 'linode')]);
        assert.deepEqual(found.accounts, []);
        assert.equal(found.problems.length, 1);
        assert.match(found.problems[0], /\.linode-cli cannot be read \(EACCES\)/);
      });
    });
  });

  // Last: mocha runs a suite's own tests before its nested suites, so this is a suite of its own.
  describe('afterwards', () => {
    it('no problem line, in any test, quotes a token', () => {
      assert.ok(findings.length > 20);
      const problems = findings.flatMap((finding) => finding.problems);
      assert.ok(problems.length > 10);
      for (const token of tokens) {
        for (const problem of problems) {
          assert.ok(!problem.includes(token), problem);
        }
      }
    });
  });
});
