// Deploying images, in the extension host against the simulator: Deploy to New Linode (the multi-step input, the one
// price confirmation, the request body as the spec defines it, the Linode followed until it runs, its address on the
// clipboard, the root password in secret storage and in no log line), Rebuild an Existing Linode (the typed label: a
// wrong one sends nothing), Try This Image (tagged, recorded, listed with its cost in the Trial Linodes section, warned
// about after the setting's hours on the section's clock, deleted only when it is this extension's), a token without
// `linodes:read_write` (one message, nothing sent), and a create whose answer is lost (found, exactly one Linode).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SimLinode } from '../../simulator';
import { SEED_IDS, SEEDS, SIMULATOR_NO_EVENTS_TOKEN, SIMULATOR_TEAMMATE_TOKEN, SIMULATOR_TOKEN } from '../../simulator';
import { rawRequest } from '../../simulator/rawClient';
import { trialNode, type TrialNode } from '../../src/host/deploy/trialLinodes';
import type { TreeNode } from '../../src/host/tree/imagesTreeProvider';
import { shareWithMainAccount, type SharedWithMain } from '../support/sharedWithMain';
import type { Expectation, StepAction } from './promptDouble';
import { find, logText, renderTree, settings, signedInForEachTest, until, VIEW_CONTAINER_COMMAND, type Harness, type RenderedNode } from './harness';
import { imageNode, run, writes } from './operationsSupport';

const TRIAL_TAG = 'linode-images-trial';
const DEPLOY = 'Deploy to New Linode';
const HOUR_MS = 3_600_000;

type Pick = (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;
const byLabel = (label: string): Pick => (items) => items.find((i) => i.label === label);

function step(flow: string, what: string, answer: StepAction | StepAction[], inspect?: Extract<Expectation, { kind: 'step' }>['inspect'], at?: readonly [number, number]): Expectation {
  return { kind: 'step', match: new RegExp(`^${flow}: ${what}`), answer, ...(inspect ? { inspect } : {}), ...(at ? { at } : {}) };
}

/** The POST bodies to one path of the API (root_pass reads `<redacted>` in the simulator's log). */
/** The steps after Region of a deployment that takes every default but the label, confirmed, and followed to running. */
function acceptedDeployment(image: string, label: string): Expectation[] {
  return [
    step(DEPLOY, 'Plan', 'accept'),
    step(DEPLOY, 'Label', { enter: label }),
    step(DEPLOY, 'Root Password', 'accept'),
    step(DEPLOY, 'SSH Keys', 'accept'),
    { kind: 'confirm', match: new RegExp(`^Deploy "${image}" to a new Linode "${label}"\\?`), answer: 'Deploy' },
    { kind: 'info', match: new RegExp(`^"${label}" is running at `) },
  ];
}

function posts(h: Harness, pathname: string): unknown[] {
  return writes(h).filter((r) => r.method === 'POST' && r.path === pathname).map((r) => r.requestBody);
}

function simLinode(h: Harness, label: string): SimLinode {
  const found = [...h.sim.state.linodes.values()].filter((linode) => linode.label === label);
  assert.equal(found.length, 1, `exactly one Linode "${label}"`);
  return found[0];
}

function profileKey(h: Harness, id: number): string {
  const key = h.sim.state.sshKeys.get(id);
  assert.ok(key);
  return key.ssh_key;
}

/** An OpenSSH ed25519 public key line whose blob is well formed. */
function ed25519Line(comment: string, fill: number): string {
  const name = Buffer.from('ssh-ed25519');
  const blob = Buffer.concat([Buffer.from([0, 0, 0, name.length]), name, Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, fill)]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

function account(h: Harness): string {
  return `${h.api.services.session.client().apiUrl} sim-user`;
}

async function trialsSection(h: Harness): Promise<RenderedNode | undefined> {
  return find(await renderTree(h.api), (n) => n.id === 'trials');
}

/**
 * The `sharing` seed's accounts with the image sharing beta, sim-teammate's teammate-base (copies in us-east and
 * eu-west) shared with sim-user as "team-base", and the extension on v4beta signed in as sim-user with it loaded.
 * The next test's harness puts the simulator back to the default seed and the API version back to v4.
 */
async function withImageSharedWithMe(h: Harness): Promise<SharedWithMain> {
  h.sim.state.clear();
  SEEDS.sharing(h.sim.state);
  const shared = await shareWithMainAccount(h.sim.apiUrl, SEED_IDS.teammateImages.base, 'team-base');
  await settings().update('apiVersion', 'v4beta', vscode.ConfigurationTarget.Global);
  await h.api.services.tokens.store(SIMULATOR_TOKEN);
  await h.api.services.sync.reloadAll();
  await until(() => h.api.services.store.image(shared.sharedId) !== undefined, `${shared.sharedId} to be loaded`, 30_000);
  h.sim.requests.length = 0;
  return shared;
}

/** The keybinding package.json gives `key`, as VS Code runs it: its command with its `args`. */
async function pressKey(key: string): Promise<unknown> {
  const manifest = vscode.extensions.getExtension('linode-images-dev.linode-images')?.packageJSON as { contributes: { keybindings: Array<{ command: string; key: string; args?: unknown }> } };
  const binding = manifest.contributes.keybindings.find((entry) => entry.key === key);
  assert.ok(binding, `a keybinding for ${key}`);
  return vscode.commands.executeCommand(binding.command, binding.args);
}

/** Selects `node` in the Images view (the view focused), as a click does. */
async function select(h: Harness, node: TreeNode): Promise<void> {
  await h.api.services.treeView.reveal(node, { select: true, focus: true });
  await until(() => h.api.services.treeView.selection.length === 1 && h.api.services.treeView.selection[0].id === node.id, `${node.id} to be selected`);
}

describe('deploying images: deploy, rebuild, try', function () {
  this.timeout(90_000);
  let h: Harness;
  let home: string;
  let homeBefore: string | undefined;
  const fileKey = ed25519Line('me@workstation', 9);

  // The extension reads ~/.ssh/*.pub: a home of the test's own, with one key, so the machine's keys stay out.
  before(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'linode-deploy-home-'));
    await fs.mkdir(path.join(home, '.ssh'));
    await fs.writeFile(path.join(home, '.ssh', 'id_ed25519.pub'), `${fileKey}\n`);
    await fs.writeFile(path.join(home, '.ssh', 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\nnot read\n');
    homeBefore = process.env.HOME;
    process.env.HOME = home;
  });
  after(async () => {
    if (homeBefore === undefined) delete process.env.HOME;
    else process.env.HOME = homeBefore;
    await fs.rm(home, { recursive: true, force: true });
  });
  afterEach(async () => {
    const { trials, globalState } = h.api.services;
    trials.now = Date.now;
    await globalState.update('trialLinodes', undefined);
    await trials.refresh();
    if (settings().inspect('trialWarningHours')?.globalValue !== undefined) await settings().update('trialWarningHours', undefined, vscode.ConfigurationTarget.Global);
  });
  signedInForEachTest((harness) => (h = harness));

  it('Deploy to New Linode: region, plan, label, password, keys; one price confirmation; the spec\'s body; followed until it runs', async () => {
    const node = await imageNode(h, SEED_IDS.images.multiRegion, 'eu-west');
    let password = '';
    h.prompts.expect(
      step(DEPLOY, 'Region', { pick: byLabel('eu-west · London, UK') }, (shown) => {
        assert.deepEqual(shown.items.map((i) => i.label), ['us-east · Newark, NJ', 'eu-west · London, UK', 'ap-south · Singapore, SG'], 'only where the image is, its own region first');
        assert.equal(shown.items[0].description, "the image's region");
      }, [1, 5]),
      step(DEPLOY, 'Plan', { pick: byLabel('Nanode 1GB') }, (shown) => {
        assert.equal(shown.items[0].label, 'Nanode 1GB', 'smallest first');
        assert.equal(shown.items[0].description, '$0.0075/hour · $5/month');
        assert.equal(shown.items[0].detail, '1 CPU · 1 GB RAM · 25 GB disk');
        assert.ok(!shown.items.some((i) => i.label.startsWith('Premium') || i.label.includes('GPU')), 'no premium or GPU plan where the region sells none');
      }, [2, 5]),
      step(DEPLOY, 'Label', [{ enter: 'web-prod-1', refusedWith: /already has a Linode labelled "web-prod-1"/ }, { enter: 'db 1', refusedWith: /only letters, digits/ }, { enter: 'db-deployed-1' }], (shown) => {
        assert.match(shown.value, /^db-golden-[a-z2-9]{4}$/, 'the image\'s label and a suffix');
      }, [3, 5]),
      step(DEPLOY, 'Root Password', [{ press: 'Copy Generated Password' }, 'accept'], (shown) => {
        assert.equal(shown.password, true, 'typed as a password');
        assert.equal(shown.value.length, 32);
        password = shown.value;
      }, [4, 5]),
      step(DEPLOY, 'SSH Keys', { pickMany: (items) => items.filter((i) => i.label.includes('laptop') || i.label.includes('id_ed25519.pub')) }, (shown) => {
        assert.deepEqual(shown.items.map((i) => i.label), ['$(key) laptop', '$(key) CI deploy key', '$(key) id_ed25519.pub'], "the profile's keys and ~/.ssh/*.pub");
        assert.equal(shown.picked.length, 3, 'every key starts checked');
      }, [5, 5]),
      {
        kind: 'confirm',
        match: /^Deploy "db-golden" to a new Linode "db-deployed-1"\? It costs \$0\.0075 an hour, at most \$5 a month\./,
        answer: 'Deploy',
        inspect: (_message, detail, buttons) => {
          assert.match(detail, /Plan Nanode 1GB \(\$0\.0075\/hour · \$5\/month\) in eu-west · London, UK\./);
          assert.match(detail, /bills it from its creation until it is deleted/);
          assert.match(detail, /Root logs in with 2 SSH keys or the root password/);
          assert.deepEqual(buttons, ['Deploy']);
        },
      },
      { kind: 'info', match: /^"db-deployed-1" is running at 198\.51\.100\.\d+\.$/, answer: 'Copy SSH Command' },
    );
    await run('deployImage', node, [node]);
    assert.ok(h.prompts.shown.some((p) => p.text === 'pressed Copy Generated Password: The generated password is on the clipboard.'));

    const made = simLinode(h, 'db-deployed-1');
    assert.deepEqual(posts(h, '/v4/linode/instances'), [
      {
        region: 'eu-west',
        type: 'g6-nanode-1',
        label: 'db-deployed-1',
        image: SEED_IDS.images.multiRegion,
        root_pass: '<redacted>',
        authorized_keys: [profileKey(h, SEED_IDS.sshKeys.laptop), fileKey],
        booted: true,
      },
    ]);
    assert.equal(made.status, 'running', 'followed until it runs');
    await until(async () => (await vscode.env.clipboard.readText()) === `ssh root@${made.ipv4[0]}`, 'the SSH command on the clipboard');
    assert.equal(await h.api.services.rootPasswords.get(account(h), made.id), password, 'the password is kept in secret storage, keyed by the Linode');
    assert.ok(password.length > 0);
    assert.ok(!logText(h.api).includes(password), 'the root password is in no log line');
    assert.match(logText(h.api), new RegExp(`Created Linode ${made.id} \\("db-deployed-1"\\)`));
  });

  it('Deploy: cloud-init user data from a workspace file, for an image that has cloud-init; Escape at any step sends nothing', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const file = vscode.Uri.joinPath(folder.uri, 'deploy-test', 'user-data.yaml');
    const userData = '#cloud-config\npackages: [nginx]\n';
    await vscode.workspace.fs.writeFile(file, Buffer.from(userData));
    try {
      const node = await imageNode(h, SEED_IDS.images.cloudInit, 'eu-west');
      h.prompts.expect(step(DEPLOY, 'Region', 'escape', undefined, [1, 5]));
      await run('deployImage', node, [node]);
      h.prompts.expect(
        step(DEPLOY, 'Region', 'accept'),
        step(DEPLOY, 'Plan', 'accept'),
        step(DEPLOY, 'Label', { enter: 'k8s-try-1' }),
        step(DEPLOY, 'Root Password', 'accept'),
        step(DEPLOY, 'SSH Keys', { pickMany: () => [] }),
        step(DEPLOY, 'Cloud-Init User Data', 'escape', (shown) => {
          assert.equal(shown.step, 6);
          assert.equal(shown.items[0].label, 'None');
          assert.ok(shown.items.some((i) => i.detail === 'deploy-test/user-data.yaml'));
        }),
      );
      await run('deployImage', node, [node]);
      assert.deepEqual(writes(h), [], 'Escape sends nothing');

      h.prompts.expect(
        step(DEPLOY, 'Region', 'accept'),
        step(DEPLOY, 'Plan', 'accept'),
        step(DEPLOY, 'Label', { enter: 'k8s-try-1' }),
        step(DEPLOY, 'Root Password', 'accept'),
        step(DEPLOY, 'SSH Keys', { pickMany: () => [] }),
        step(DEPLOY, 'Cloud-Init User Data', { pick: (items) => items.find((i) => i.detail === 'deploy-test/user-data.yaml') }),
        { kind: 'confirm', match: /^Deploy "k8s-node-golden" to a new Linode "k8s-try-1"\?/, answer: 'Deploy', inspect: (_m, detail) => {
          assert.match(detail, /root password only/);
          assert.match(detail, /cloud-init configures it from deploy-test\/user-data\.yaml/);
        } },
        { kind: 'info', match: /^"k8s-try-1" is running at / },
      );
      await run('deployImage', node, [node]);
      const [body] = posts(h, '/v4/linode/instances') as Array<Record<string, unknown>>;
      assert.deepEqual(body.metadata, { user_data: Buffer.from(userData).toString('base64') });
      assert.equal(body.region, 'eu-west');
      assert.equal('authorized_keys' in body, false, 'no key chosen: none sent');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, 'deploy-test'), { recursive: true });
    }
  });

  it('a lost create answer is found by its label: exactly one Linode, one POST, and the deployment goes on', async () => {
    h.sim.faults.add({ origin: 'api', method: 'POST', path: '/linode/instances', loseAnswer: true });
    const node = await imageNode(h, SEED_IDS.images.singleRegion);
    h.prompts.expect(
      step(DEPLOY, 'Region', 'accept'),
      ...acceptedDeployment('web-base-2024', 'lost-answer-1'),
    );
    await run('deployImage', node, [node]);
    assert.ok(h.sim.requests.some((r) => r.method === 'POST' && r.answerLost), 'the answer was lost');
    assert.equal(posts(h, '/v4/linode/instances').length, 1, 'never sent twice');
    assert.equal(simLinode(h, 'lost-answer-1').status, 'running');
    assert.deepEqual(h.prompts.messages('error'), []);
  });

  it('Rebuild an Existing Linode: only Linodes where the image is; the modal says every disk is erased; a wrong typed label sends nothing', async () => {
    const node = await imageNode(h, SEED_IDS.images.multiRegion, 'us-east');
    const REBUILD = 'Rebuild an Existing Linode';
    const toTheModal = (): Expectation[] => [
      step(REBUILD, 'Linode', { pick: byLabel('web-prod-1') }, (shown) => {
        assert.deepEqual(shown.items.map((i) => i.label), ['db-eu-1', 'edge-node-1', 'web-prod-1'], 'build-box is in us-ord, where db-golden has no copy');
        assert.equal(shown.items.find((i) => i.label === 'web-prod-1')?.description, 'us-east · Newark, NJ · running');
      }, [1, 2]),
      step(REBUILD, 'SSH Keys', 'accept', undefined, [2, 2]),
    ];
    const modal = (answer: string | undefined): Expectation => ({
      kind: 'confirm',
      match: /^Rebuild "web-prod-1" from "db-golden"\? Every disk of web-prod-1 is erased\./,
      answer,
      inspect: (_message, detail) => assert.match(detail, /deleted and cannot be recovered/),
    });

    h.prompts.expect(...toTheModal(), modal(undefined));
    await run('rebuildLinode', node, [node]);
    h.prompts.expect(...toTheModal(), modal('Rebuild'), { kind: 'inputBox', match: /Type the Linode's label, "web-prod-1"/, answer: 'web-prod-2', refusedWith: /This is not "web-prod-1"/ });
    await run('rebuildLinode', node, [node]);
    h.prompts.expect(...toTheModal(), modal('Rebuild'), { kind: 'inputBox', match: /"web-prod-1"/, answer: '' });
    await run('rebuildLinode', node, [node]);
    assert.deepEqual(writes(h), [], 'declined, a wrong label, an empty box: nothing sent');

    h.prompts.expect(
      ...toTheModal(),
      modal('Rebuild'),
      { kind: 'inputBox', match: /"web-prod-1"/, answer: 'web-prod-1' },
      { kind: 'info', match: /^"web-prod-1" is rebuilt and running at 203\.0\.113\.10\.$/ },
    );
    await run('rebuildLinode', node, [node]);
    const { webProd } = SEED_IDS.linodes;
    assert.deepEqual(posts(h, `/v4/linode/instances/${webProd}/rebuild`), [
      {
        image: SEED_IDS.images.multiRegion,
        root_pass: '<redacted>',
        authorized_keys: [profileKey(h, SEED_IDS.sshKeys.laptop), profileKey(h, SEED_IDS.sshKeys.ci), fileKey],
        booted: true,
      },
    ]);
    const rebuilt = h.sim.state.linodes.get(webProd);
    assert.equal(rebuilt?.image, SEED_IDS.images.multiRegion);
    assert.equal(rebuilt?.status, 'running');
    const password = await h.api.services.rootPasswords.get(account(h), webProd);
    assert.ok(password && password.length === 32, 'the new root password is kept');
    assert.ok(!logText(h.api).includes(password));
  });

  it('Try This Image: the smallest plan in the image\'s region, tagged; listed with its cost; warned about after the setting\'s hours; deleted', async () => {
    const node = await imageNode(h, SEED_IDS.images.singleRegion);
    let label = '';
    h.prompts.expect(
      {
        kind: 'confirm',
        match: /^Try "web-base-2024" on a new Linode "web-base-2024-trial-[a-z2-9]{4}"\? It costs \$0\.0075 an hour, at most \$5 a month until you delete it\./,
        answer: 'Create Trial Linode',
        inspect: (message, detail) => {
          label = /"(web-base-2024-trial-[a-z2-9]{4})"/.exec(message)?.[1] ?? '';
          assert.match(detail, /Plan Nanode 1GB \(\$0\.0075\/hour · \$5\/month\) in us-east · Newark, NJ: the smallest/);
          assert.match(detail, /tagged linode-images-trial and listed under Trial Linodes/);
          assert.match(detail, /your 3 SSH keys \(laptop, CI deploy key, id_ed25519\.pub\)/);
        },
      },
      { kind: 'info', match: /^The trial Linode "web-base-2024-trial-[a-z2-9]{4}" is running at 198\.51\.100\.\d+\./ },
    );
    await run('tryImage', node, [node]);
    const announced = h.prompts.shown.find((p) => p.kind === 'info' && p.text.startsWith('The trial Linode'));
    assert.deepEqual(announced?.actions, ['Copy SSH Command', 'Delete Trial Linode'], 'no Remote-SSH here: it is not installed');

    const trial = simLinode(h, label);
    assert.deepEqual(trial.tags, [TRIAL_TAG]);
    const [body] = posts(h, '/v4/linode/instances') as Array<Record<string, unknown>>;
    assert.deepEqual({ ...body, authorized_keys: undefined }, {
      region: 'us-east', type: 'g6-nanode-1', label, image: SEED_IDS.images.singleRegion, root_pass: '<redacted>', authorized_keys: undefined, booted: true, tags: [TRIAL_TAG],
    });
    assert.deepEqual(h.api.services.trials.record(account(h)).ids, [trial.id], 'recorded by id');

    const section = await trialsSection(h);
    assert.ok(section, 'a Trial Linodes row at the top of the view');
    assert.equal(section.label, 'Trial Linodes');
    assert.equal(section.description, '1 Linode · $0.0075 so far');
    const row = section.children[0];
    assert.equal(row.label, label);
    assert.match(row.description, /^running · \d+ min · \$0\.0075 so far$/);
    assert.equal(row.contextValue, 'trialLinode.running');
    assert.match(row.tooltip, /Plan: Nanode 1GB \(\$0\.0075\/hour · \$5\/month\)/);
    assert.match(row.tooltip, /Cost so far: \$0\.0075 \(1 billed hour\)/);

    // Turned off: no warning, however long it has existed.
    await settings().update('trialWarningHours', 0, vscode.ConfigurationTarget.Global);
    h.api.services.trials.now = () => Date.now() + 30 * HOUR_MS;
    await h.api.services.trials.refresh();
    assert.deepEqual(h.prompts.messages('warning'), []);
    // After the setting's hours (a fraction works too), on the section's clock: one warning, with Delete.
    await settings().update('trialWarningHours', 2.5, vscode.ConfigurationTarget.Global);
    h.api.services.trials.now = () => Date.now() + 2.25 * HOUR_MS;
    await h.api.services.trials.refresh();
    assert.deepEqual(h.prompts.messages('warning'), [], 'not yet');
    assert.match((await trialsSection(h))?.children[0].description ?? '', /^running · 2 h 1\d min · \$0\.0225 so far$/, 'three billed hours');
    h.prompts.expect(
      { kind: 'warning', match: new RegExp(`^The trial Linode "${label}" has existed for 2 h 4\\d min and has cost \\$0\\.0225 so far`), answer: 'Delete Trial Linode' },
      { kind: 'confirm', match: new RegExp(`^Delete the trial Linode "${label}"\\?\\n.*It has cost \\$0\\.0225 so far\\.`), answer: 'Delete' },
      { kind: 'info', match: new RegExp(`^Deleted the trial Linode "${label}"\\.`) },
    );
    h.api.services.trials.now = () => Date.now() + 2.75 * HOUR_MS;
    await h.api.services.trials.refresh();
    await until(() => h.prompts.messages('info').some((m) => m.startsWith('Deleted the trial Linode')), 'the trial to be deleted');
    assert.equal(h.sim.state.linodes.has(trial.id), false);
    await h.api.services.trials.refresh();
    assert.equal(h.prompts.messages('warning').length, 1, 'warned once');
    assert.equal(await trialsSection(h), undefined, 'the section goes with the last trial');
    assert.deepEqual(h.api.services.trials.record(account(h)).ids, []);
    assert.equal(await h.api.services.rootPasswords.get(account(h), trial.id), undefined, 'its password is forgotten');
    assert.deepEqual(writes(h).filter((r) => r.method === 'DELETE').map((r) => r.path), [`/v4/linode/instances/${trial.id}`]);
  });

  it('Delete Trial Linode deletes only a tagged Linode this extension made in this account', async () => {
    const node = await imageNode(h, SEED_IDS.images.singleRegion);
    h.prompts.expect({ kind: 'confirm', match: /^Try "web-base-2024"/, answer: 'Create Trial Linode' }, { kind: 'info', match: /^The trial Linode/ });
    await run('tryImage', node, [node]);
    const [trial] = [...h.sim.state.linodes.values()].filter((linode) => linode.tags.includes(TRIAL_TAG));
    assert.ok(trial);
    const rowOf = (linode: SimLinode): TrialNode => ({
      type: 'trial',
      id: `trial:${linode.id}`,
      row: { linode: { ...linode, tags: [TRIAL_TAG], ipv4: linode.ipv4, ipv6: null, image: linode.image, created: linode.created }, price: undefined, plan: linode.type },
    });

    // A Linode of the account that carries the tag but was not made here: asked, then refused, nothing sent.
    const webProd = h.sim.state.linodes.get(SEED_IDS.linodes.webProd) as SimLinode;
    webProd.tags = [TRIAL_TAG];
    // Made here, but the tag was taken off elsewhere: not deleted either.
    trial.tags = [];
    for (const linode of [webProd, trial]) {
      h.prompts.expect(
        { kind: 'confirm', match: new RegExp(`^Delete the trial Linode "${linode.label}"`), answer: 'Delete' },
        { kind: 'warning', match: new RegExp(`^"${linode.label}" was not deleted: it is not a Linode that Try This Image made in this account, or it no longer carries the tag`) },
      );
      await run('deleteTrialLinode', rowOf(linode));
    }
    assert.deepEqual(writes(h).filter((r) => r.method === 'DELETE'), []);
    assert.ok(h.sim.state.linodes.has(webProd.id) && h.sim.state.linodes.has(trial.id));

    // From the palette: the account's trials to choose from (the untagged one is no longer one of them).
    trial.tags = [TRIAL_TAG];
    await h.api.services.trials.refresh();
    h.prompts.expect(
      { kind: 'quickPick', match: /Delete Trial Linode/, pick: (items) => {
        assert.deepEqual(items.map((i) => i.label), [trial.label]);
        return items[0];
      } },
      { kind: 'confirm', match: /^Delete the trial Linode/, answer: undefined },
    );
    await run('deleteTrialLinode');
    assert.deepEqual(writes(h).filter((r) => r.method === 'DELETE'), [], 'Cancel deletes nothing');
  });

  it('a lost answer of a trial\'s create is found, recorded and listed: exactly one Linode', async () => {
    h.sim.faults.add({ origin: 'api', method: 'POST', path: '/linode/instances', loseAnswer: true });
    const node = await imageNode(h, SEED_IDS.images.singleRegion);
    h.prompts.expect({ kind: 'confirm', match: /^Try "web-base-2024"/, answer: 'Create Trial Linode' }, { kind: 'info', match: /^The trial Linode/ });
    await run('tryImage', node, [node]);
    const trials = [...h.sim.state.linodes.values()].filter((linode) => linode.tags.includes(TRIAL_TAG));
    assert.equal(trials.length, 1, 'exactly one Linode');
    assert.equal(posts(h, '/v4/linode/instances').length, 1);
    assert.deepEqual(h.api.services.trials.record(account(h)), { ids: [trials[0].id], pending: [] });
    assert.equal((await trialsSection(h))?.children[0]?.label, trials[0].label);
  });

  it('a token without linodes:read_write gets one message naming the scope, with Set API Token, and nothing is sent', async () => {
    await h.api.services.tokens.store(SIMULATOR_NO_EVENTS_TOKEN);
    await h.api.services.sync.reloadAll();
    const node = await imageNode(h, SEED_IDS.images.singleRegion);
    h.sim.requests.length = 0;
    for (const command of ['deployImage', 'rebuildLinode', 'tryImage']) {
      h.prompts.expect({ kind: 'error', match: /needs an API token with the linodes:read_write scope \(Linodes: Read\/Write in Cloud Manager\), and this token has: images:read_write, linodes:read_only\. Nothing was sent to Linode\.$/ });
      await run(command, node, [node]);
    }
    const errors = h.prompts.shown.filter((p) => p.kind === 'error');
    assert.deepEqual(errors.map((p) => p.actions), [['Set API Token'], ['Set API Token'], ['Set API Token']]);
    assert.match(errors[0].text, /^Deploy to New Linode needs/);
    assert.deepEqual(h.prompts.shown.filter((p) => p.kind === 'step' || p.kind === 'confirm'), [], 'nothing asked');
    assert.deepEqual(writes(h), [], 'nothing sent');
    const asked = h.sim.requests.filter((r) => r.path.startsWith('/v4/linode/') || r.path.startsWith('/v4/profile/'));
    assert.deepEqual(asked.map((r) => `${r.method} ${r.path}`), [], 'not even the plans, Linodes or keys were read');
  });

  it('deploys, rebuilds and tries an image shared with you: only its regions, and the shared/ id in every request', async () => {
    const { sharedId } = await withImageSharedWithMe(h);
    const node = await imageNode(h, sharedId);
    h.prompts.expect(
      step(DEPLOY, 'Region', { pick: byLabel('eu-west · London, UK') }, (shown) => {
        assert.deepEqual(shown.items.map((i) => i.label), ['us-east · Newark, NJ', 'eu-west · London, UK'], 'where the shared image has available copies');
        assert.equal(shown.items[0].description, "the image's region");
      }),
      ...acceptedDeployment('team-base', 'from-shared-1'),
    );
    await run('deployImage', node, [node]);
    const [created] = posts(h, '/v4beta/linode/instances') as Array<Record<string, unknown>>;
    assert.deepEqual([created.image, created.region], [sharedId, 'eu-west']);
    assert.equal(simLinode(h, 'from-shared-1').image, sharedId);

    h.prompts.expect(
      { kind: 'confirm', match: /^Try "team-base" on a new Linode "team-base-trial-[a-z2-9]{4}"\?/, answer: 'Create Trial Linode', inspect: (_message, detail) => {
        assert.match(detail, /in us-east · Newark, NJ: the smallest/, "the shared image's first region");
      } },
      { kind: 'info', match: /^The trial Linode "team-base-trial-[a-z2-9]{4}" is running/ },
    );
    await run('tryImage', node, [node]);
    const [, tried] = posts(h, '/v4beta/linode/instances') as Array<Record<string, unknown>>;
    assert.deepEqual([tried.image, tried.region, tried.tags], [sharedId, 'us-east', [TRIAL_TAG]]);

    const REBUILD = 'Rebuild an Existing Linode';
    h.prompts.expect(
      step(REBUILD, 'Linode', { pick: byLabel('web-prod-1') }, (shown) => {
        const regions = shown.items.map((i) => i.description?.split(' · ')[0]);
        assert.ok(regions.length > 0 && regions.every((r) => r === 'us-east' || r === 'eu-west'), `only Linodes where it has copies: ${regions.join(', ')}`);
      }),
      step(REBUILD, 'SSH Keys', 'accept'),
      { kind: 'confirm', match: /^Rebuild "web-prod-1" from "team-base"\?/, answer: 'Rebuild' },
      { kind: 'inputBox', match: /"web-prod-1"/, answer: 'web-prod-1' },
      { kind: 'info', match: /^"web-prod-1" is rebuilt and running at / },
    );
    await run('rebuildLinode', node, [node]);
    const { webProd } = SEED_IDS.linodes;
    assert.equal((posts(h, `/v4beta/linode/instances/${webProd}/rebuild`)[0] as Record<string, unknown>).image, sharedId);
    assert.equal(h.sim.state.linodes.get(webProd)?.image, sharedId);
    assert.deepEqual(h.prompts.messages('error'), []);
  });

  it('a shared image this account no longer receives: one clear message, nothing created or rebuilt, and the image leaves the view', async () => {
    const { sharedId, memberPath } = await withImageSharedWithMe(h);
    const node = await imageNode(h, sharedId);
    // The owner ends the membership after the listing was read (no event tells the account).
    assert.equal((await rawRequest(h.sim.apiUrl, 'DELETE', memberPath, { token: SIMULATOR_TEAMMATE_TOKEN })).status, 200);
    h.sim.requests.length = 0;
    const linodesBefore = h.sim.state.linodes.size;
    const webProdImage = h.sim.state.linodes.get(SEED_IDS.linodes.webProd)?.image;
    const gone = /^Try This Image failed: "team-base" \(shared\/\d+\) is no longer shared with this account: its share group no longer holds it, or this account is no longer a member\. Linode refused it, and nothing was created\.$/;
    h.prompts.expect(
      { kind: 'confirm', match: /^Try "team-base"/, answer: 'Create Trial Linode' },
      { kind: 'error', match: gone },
    );
    await run('tryImage', node, [node]);
    assert.equal(h.sim.state.linodes.size, linodesBefore, 'nothing created');
    assert.deepEqual(h.api.services.trials.record(account(h)), { ids: [], pending: [] }, 'the trial record names nothing');
    await until(() => h.api.services.store.image(sharedId) === undefined, 'the image to leave the view');

    h.prompts.expect(
      step('Rebuild an Existing Linode', 'Linode', { pick: byLabel('web-prod-1') }),
      step('Rebuild an Existing Linode', 'SSH Keys', 'accept'),
      { kind: 'confirm', match: /^Rebuild "web-prod-1" from "team-base"\?/, answer: 'Rebuild' },
      { kind: 'inputBox', match: /"web-prod-1"/, answer: 'web-prod-1' },
      { kind: 'error', match: /^Rebuild an Existing Linode failed: "team-base" \(shared\/\d+\) is no longer shared with this account: .* Linode refused it, and "web-prod-1" was not changed\.$/ },
    );
    await run('rebuildLinode', node, [node]);
    const webProd = h.sim.state.linodes.get(SEED_IDS.linodes.webProd);
    assert.deepEqual([webProd?.image, webProd?.status], [webProdImage, 'running'], 'not rebuilt');
    assert.deepEqual(writes(h).filter((r) => r.status === 200).map((r) => `${r.method} ${r.path}`), [], 'nothing Linode accepted');
  });

  it('the Delete key on a trial Linode\'s row asks to delete that trial; beside images, or on several trials, it deletes nothing and says why', async () => {
    const image = await imageNode(h, SEED_IDS.images.singleRegion);
    for (let made = 0; made < 2; made++) {
      h.prompts.expect({ kind: 'confirm', match: /^Try "web-base-2024"/, answer: 'Create Trial Linode' }, { kind: 'info', match: /^The trial Linode/ });
      await run('tryImage', image, [image]);
    }
    const [trial, other] = h.api.services.trials.rows;
    assert.ok(trial && other);
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    const { treeView } = h.api.services;
    /** Adds a row to the selection, as Ctrl+click does. */
    const alsoSelect = async (node: TreeNode): Promise<void> => {
      const before = treeView.selection.length;
      await treeView.reveal(node, { select: false, focus: true });
      await vscode.commands.executeCommand('list.toggleSelection');
      await until(() => treeView.selection.length === before + 1, `${node.id} to be selected too`);
    };

    // Two trial rows: nothing deleted, and why.
    await select(h, trialNode(trial));
    await alsoSelect(trialNode(other));
    h.prompts.expect({ kind: 'info', match: /^Nothing was deleted: 2 trial Linodes are selected, and Delete deletes one at a time\. Select one, or use Delete Trial Linode on each row\.$/ });
    await pressKey('delete');
    // A trial row with an image row: the same.
    await select(h, trialNode(trial));
    await alsoSelect(image);
    h.prompts.expect({ kind: 'info', match: /^Nothing was deleted: the selection holds images and trial Linodes\. Select only images to delete images, or one trial Linode to delete it\.$/ });
    await pressKey('delete');
    assert.deepEqual(writes(h).filter((r) => r.method === 'DELETE'), [], 'neither the image nor a trial');

    // The trial's row alone: Delete Trial Linode's own confirmation, naming it; Cancel, then Delete.
    await select(h, trialNode(trial));
    h.prompts.expect({ kind: 'confirm', match: new RegExp(`^Delete the trial Linode "${trial.linode.label}"\\?\\n.*It has cost \\$0\\.0075 so far\\.`), answer: undefined });
    await pressKey('delete');
    assert.deepEqual(writes(h).filter((r) => r.method === 'DELETE'), [], 'Cancel deletes nothing');
    h.prompts.expect(
      { kind: 'confirm', match: new RegExp(`^Delete the trial Linode "${trial.linode.label}"\\?`), answer: 'Delete' },
      { kind: 'info', match: new RegExp(`^Deleted the trial Linode "${trial.linode.label}"\\.`) },
    );
    await pressKey('delete');
    assert.deepEqual(writes(h).filter((r) => r.method === 'DELETE').map((r) => r.path), [`/v4/linode/instances/${trial.linode.id}`]);
    assert.ok(h.sim.state.images.has(SEED_IDS.images.singleRegion), 'the image is still there');
  });

  it('offers Deploy, Rebuild and Try on available images of your own, shared with you and public ones, and the trial commands on trial rows', () => {
    const manifest = vscode.extensions.getExtension('linode-images-dev.linode-images')?.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } };
    const context = manifest.contributes.menus['view/item/context'];
    const deploy = context.find((e) => e.command === 'linodeImages.deployImage')?.when ?? '';
    const regex = new RegExp(/=~ \/(.*)\/$/.exec(deploy)?.[1] ?? '$^');
    const values = ['image.public', 'image.private.available', 'image.private.available.settling.shared', 'image.shared.available', 'image.private.creating', 'image.shared.creating', 'image.private.available.busy', 'image.shared.available.busy'];
    assert.deepEqual(values.map((v) => regex.test(v)), [true, true, true, true, false, false, false, false]);
    for (const command of ['deleteTrialLinode', 'copySshCommand', 'copyRootPassword', 'connectWithRemoteSsh']) {
      assert.ok(context.some((e) => e.command === `linodeImages.${command}` && e.when?.includes('viewItem =~ /^trialLinode\\./')), command);
    }
    assert.ok(context.find((e) => e.command === 'linodeImages.connectWithRemoteSsh')?.when?.includes('linodeImages.remoteSshInstalled'));
  });
});
