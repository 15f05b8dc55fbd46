import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS } from '../../simulator';
import type { Expectation, ShownStep, StepAction } from './promptDouble';
import { find, renderTree, signedInForEachTest, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';
import { renderedImage, run, writes } from './operationsSupport';

const { disks } = SEED_IDS;
const FAST = { spacingMs: 100, perImageMs: 200 };

type Pick = (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;
const byLabel = (label: string): Pick => (items) => items.find((i) => i.label === label);

type Step = 1 | 2 | 'running' | 3 | 4 | 5 | 6;
/** The order the prompts come in: web-prod-1 is running, so a modal asks between the disk and the label. */
const ORDER: readonly Step[] = [1, 2, 'running', 3, 4, 5, 6];
const WHAT = ['Linode', 'Disk', 'Label', 'Description', 'Tags', 'Cloud-init'];

/** Step `n` of six, answered with `answer`. */
function step(n: number, answer: StepAction | StepAction[], inspect?: (shown: ShownStep) => void): Expectation {
  return { kind: 'step', match: new RegExp(`^Capture Image from Linode Disk: ${WHAT[n - 1]}`), at: [n, 6], answer, ...(inspect ? { inspect } : {}) };
}

/** The six steps for web-prod-1's main disk (and the running-Linode warning), answered as a user would. */
function fullScript(overrides: Partial<Record<Step, Expectation>> = {}): Expectation[] {
  const steps: Record<Step, Expectation> = {
    1: step(1, { pick: byLabel('web-prod-1') }),
    2: step(2, { pick: byLabel('Debian 12 Disk') }),
    running: { kind: 'confirm', match: /^web-prod-1 is running\./, answer: 'Capture Anyway' },
    3: step(3, { enter: 'web-prod golden' }),
    4: step(4, { enter: 'Captured from web-prod-1' }),
    5: step(5, { enter: 'web, golden' }),
    6: step(6, { pick: (items) => items.find((i) => i.label.startsWith('Yes')) }),
  };
  return ORDER.map((n) => overrides[n] ?? steps[n]);
}

/** The prompts of fullScript that come before `step`. */
function before(step: Step): Expectation[] {
  return fullScript().slice(0, ORDER.indexOf(step));
}

function captures(h: Harness): unknown[] {
  return writes(h).filter((r) => r.method === 'POST' && r.path === '/v4/images').map((r) => r.requestBody);
}

describe('operations: capture an image from a Linode disk', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('walks Linode → disk → label → description → tags → cloud-init, then follows the new image until available', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    usePace(h, FAST);
    const script = fullScript({
      1: step(1, {
        pick: (items) => {
          assert.deepEqual(items.map((i) => i.label), ['build-box', 'db-eu-1', 'edge-node-1', 'web-prod-1']);
          const web = items.find((i) => i.label === 'web-prod-1');
          assert.equal(web?.description, 'us-east · Newark, NJ · running');
          assert.equal(items.find((i) => i.label === 'edge-node-1')?.description, 'ap-south · Singapore, SG · booting');
          return web;
        },
      }),
      2: step(2, {
        pick: (items) => {
          assert.deepEqual(items.map((i) => i.label), ['Debian 12 Disk'], 'the swap disk is not offered');
          assert.equal(items[0].description, '79.5 GB · ext4');
          return items[0];
        },
      }),
      3: step(3, { enter: 'web-prod golden' }, (shown) => assert.equal(shown.value, 'Debian 12 Disk', "the disk's label is the default")),
    });
    h.prompts.expect(...script, { kind: 'info', match: /Capturing "web-prod golden" from web-prod-1 \/ Debian 12 Disk/ });
    await run('captureImage');

    assert.deepEqual(captures(h), [
      { disk_id: disks.webProdMain, label: 'web-prod golden', cloud_init: true, description: 'Captured from web-prod-1', tags: ['web', 'golden'] },
    ]);
    const created = [...h.sim.state.images.values()].find((i) => i.label === 'web-prod golden');
    assert.ok(created);
    const row = await renderedImage(h, created.id, 'us-east');
    assert.ok(row, 'the new image is in the view at once, under the Linode\'s region');
    assert.equal(row.contextValue, 'image.private.creating');
    assert.equal(row.icon, 'loading~spin');
    assert.match(row.description, /creating/);
    await until(async () => (await renderedImage(h, created.id, 'us-east'))?.contextValue === 'image.private.available', 'the capture to finish', 15_000);
    assert.notEqual((await renderedImage(h, created.id, 'us-east'))?.icon, 'loading~spin');
  });

  it('reads the description as Edit does (\\n is a line break) and trims the label', async () => {
    h.prompts.expect(
      ...fullScript({
        3: step(3, { enter: '  web-prod golden  ' }),
        4: step(4, { enter: 'Captured from web-prod-1\\nbefore the upgrade' }),
      }),
      { kind: 'info', match: /Capturing "web-prod golden"/ },
    );
    await run('captureImage');
    assert.deepEqual(captures(h), [
      { disk_id: disks.webProdMain, label: 'web-prod golden', cloud_init: true, description: 'Captured from web-prod-1\nbefore the upgrade', tags: ['web', 'golden'] },
    ]);
  });

  it('a capture Linode started although its answer was lost is found and shown, not sent twice', async () => {
    h.sim.faults.add({ origin: 'api', method: 'POST', path: '/images', loseAnswer: true });
    h.prompts.expect(...fullScript(), { kind: 'info', match: /Capturing "web-prod golden" from web-prod-1/ });
    await run('captureImage');
    assert.equal(captures(h).length, 1, 'one POST /images');
    const made = [...h.sim.state.images.values()].filter((i) => i.label === 'web-prod golden');
    assert.equal(made.length, 1);
    assert.ok(await renderedImage(h, made[0].id, 'us-east'), 'the image Linode made is in the view');
    assert.deepEqual(h.prompts.messages('error'), []);
    assert.ok(h.sim.requests.some((r) => r.method === 'POST' && r.answerLost), 'the answer was lost');
  });

  it('a capture that never reached Linode fails, and says so', async () => {
    h.sim.faults.add({ origin: 'api', method: 'POST', path: '/images', drop: true });
    h.prompts.expect(...fullScript(), { kind: 'error', match: /^Capture Image from Linode Disk failed: / });
    await run('captureImage');
    assert.deepEqual([...h.sim.state.images.values()].filter((i) => i.label === 'web-prod golden'), []);
    assert.ok(h.sim.requests.some((r) => r.method === 'POST' && r.dropped), 'the request was dropped');
  });

  it('sends nothing when cancelled at any step', async () => {
    for (const stepNumber of ORDER) {
      const cancel: Expectation = stepNumber === 'running' ? { kind: 'confirm', match: /is running/, answer: undefined } : step(stepNumber, 'escape');
      h.prompts.expect(...before(stepNumber), cancel);
      await run('captureImage');
      h.prompts.assertDone();
    }
    assert.deepEqual(writes(h), []);
  });

  it('warns about a raw disk (declined: nothing sent; accepted: captured), and refuses one that is not ready', async () => {
    const buildBox = step(1, { pick: byLabel('build-box') });
    h.prompts.expect(
      buildBox,
      step(2, {
        pick: (items) => {
          assert.deepEqual(items.map((i) => i.label), ['Alpine 3.20 Disk', 'scratch-raw', 'resizing-data']);
          assert.match(items[1].detail ?? '', /Raw disk/);
          assert.match(items[2].detail ?? '', /not ready: cannot be captured until it is ready/);
          return items[2];
        },
      }),
      { kind: 'warning', match: /"resizing-data" is not ready and cannot be captured now/ },
      step(2, { pick: byLabel('scratch-raw') }, (shown) => assert.equal(shown.active?.label, 'Alpine 3.20 Disk', 'a refused disk is not kept')),
      { kind: 'confirm', match: /"scratch-raw" is a raw disk/, answer: undefined },
    );
    await run('captureImage');
    assert.deepEqual(writes(h), []);

    h.prompts.expect(
      buildBox,
      step(2, { pick: byLabel('scratch-raw') }),
      { kind: 'confirm', match: /raw disk/, answer: 'Capture Raw Disk' },
      { kind: 'confirm', match: /^build-box is running\./, answer: 'Capture Anyway' },
      step(3, { enter: 'scratch raw' }),
      step(4, { enter: '' }),
      step(5, 'back'),
      // Back to the disk and on again: the modals were answered for this disk, and are not asked again.
      step(4, 'back'),
      step(3, 'back'),
      step(2, 'accept', (shown) => assert.equal(shown.active?.label, 'scratch-raw')),
      step(3, 'accept', (shown) => assert.equal(shown.value, 'scratch raw')),
      step(4, 'accept'),
      step(5, { enter: '' }),
      step(6, { pick: byLabel('No') }),
      { kind: 'info', match: /Capturing "scratch raw"/ },
    );
    await run('captureImage');
    assert.deepEqual(captures(h), [{ disk_id: disks.buildBoxRaw, label: 'scratch raw', cloud_init: false }], 'empty description and tags are left out');
  });

  it('warns that a running Linode\'s disk may change while it is read (declined: nothing sent; accepted: captured)', async () => {
    h.prompts.expect(...before('running'), {
      kind: 'confirm',
      match: /^web-prod-1 is running\. Capture "Debian 12 Disk" anyway\?/,
      answer: undefined,
      inspect: (_message, detail, buttons) => {
        assert.match(detail, /can change while Linode reads it/);
        assert.match(detail, /Power web-prod-1 off first for a consistent image/);
        assert.deepEqual(buttons, ['Capture Anyway'], 'the modal\'s own Cancel stops');
      },
    });
    await run('captureImage');
    h.prompts.assertDone();
    assert.deepEqual(writes(h), [], 'declined: nothing sent');

    h.prompts.expect(...fullScript(), { kind: 'info', match: /Capturing "web-prod golden" from web-prod-1/ });
    await run('captureImage');
    assert.deepEqual(captures(h), [
      { disk_id: disks.webProdMain, label: 'web-prod golden', cloud_init: true, description: 'Captured from web-prod-1', tags: ['web', 'golden'] },
    ]);
  });

  it('does not warn about a Linode that is not running', async () => {
    assert.equal(h.sim.state.linodes.get(SEED_IDS.linodes.dbEu)?.status, 'offline');
    h.prompts.expect(
      step(1, { pick: byLabel('db-eu-1') }),
      step(2, { pick: byLabel('Ubuntu 22.04 LTS Disk') }),
      step(3, { enter: 'db-eu golden' }),
      step(4, { enter: '' }),
      step(5, { enter: '' }),
      step(6, { pick: byLabel('No') }),
      { kind: 'info', match: /Capturing "db-eu golden" from db-eu-1/ },
    );
    await run('captureImage');
    assert.equal(h.prompts.shown.filter((p) => p.kind === 'confirm').length, 0, 'no modal');
    assert.deepEqual(captures(h), [{ disk_id: disks.dbEuMain, label: 'db-eu golden', cloud_init: false }]);
  });

  it('refuses a bad label, description or tags as typed, sending nothing', async () => {
    const toStep = (n: 3 | 4 | 5): Expectation[] => before(n);
    h.prompts.expect(...toStep(3), step(3, { enter: 'web/prod', refusedWith: /special characters/ }));
    await run('captureImage');
    h.prompts.expect(...toStep(3), step(3, { enter: 'x'.repeat(51), refusedWith: /between 1 and 50/ }));
    await run('captureImage');
    h.prompts.expect(...toStep(4), step(4, { enter: 'd'.repeat(65_001), refusedWith: /65,000/ }));
    await run('captureImage');
    h.prompts.expect(...toStep(5), step(5, [{ enter: 'ok-tag, no', refusedWith: /Tag "no" must be between 3 and 50/ }, 'escape']));
    await run('captureImage');
    assert.deepEqual(writes(h), []);
  });

  it('suggests a valid label when the disk\'s is not one', async () => {
    const disk = h.sim.state.disks.get(disks.dbEuMain);
    assert.ok(disk);
    disk.label = 'Ubuntu 22.04 (LTS) Disk';
    h.prompts.expect(
      step(1, { pick: byLabel('db-eu-1') }),
      step(2, { pick: byLabel('Ubuntu 22.04 (LTS) Disk') }),
      step(3, 'escape', (shown) => assert.equal(shown.value, 'Ubuntu 22.04 -LTS- Disk')),
    );
    await run('captureImage');
    assert.deepEqual(writes(h), []);
  });

  it('shows the API\'s reason for a 422; a 429 on the capture is reported, not retried, and a second try works', async () => {
    h.sim.faults.add({
      origin: 'api',
      method: 'POST',
      path: '/images',
      status: 422,
      body: { errors: [{ field: 'disk_id', reason: 'This disk is too large to be imaged.' }] },
    });
    h.prompts.expect(...fullScript(), { kind: 'error', match: /^Capture Image from Linode Disk failed: disk_id: This disk is too large to be imaged\.$/ });
    await run('captureImage');

    h.sim.faults.add({ origin: 'api', method: 'POST', path: '/images', status: 429, retryAfter: 3 });
    h.prompts.expect(...fullScript(), { kind: 'error', match: /failed: Linode's rate limit was reached; try again in 3 s\./ });
    await run('captureImage');
    assert.equal([...h.sim.state.images.values()].filter((i) => i.label === 'web-prod golden').length, 0);

    h.prompts.expect(...fullScript(), { kind: 'info', match: /Capturing/ });
    await run('captureImage');
    assert.deepEqual(writes(h).map((r) => r.status), [422, 429, 200], 'a capture is never sent twice on its own');
    const tree = await renderTree(h.api);
    assert.ok(find(tree, (n) => n.label === 'web-prod golden'));
  });

  it('Back keeps what was entered: the earlier answers are shown again, and the ones changed are what Linode gets', async () => {
    h.prompts.expect(
      step(1, { pick: byLabel('db-eu-1') }, (shown) => assert.equal(shown.back, false, 'the first step offers no Back')),
      step(2, { pick: byLabel('Ubuntu 22.04 LTS Disk') }),
      step(3, { enter: 'first label' }),
      step(4, 'back', (shown) => assert.equal(shown.back, true)),
      step(3, 'back', (shown) => assert.equal(shown.value, 'first label', 'the label typed before')),
      step(2, 'back', (shown) => assert.equal(shown.active?.label, 'Ubuntu 22.04 LTS Disk', 'the disk chosen before')),
      step(1, { pick: byLabel('edge-node-1') }, (shown) => assert.equal(shown.active?.label, 'db-eu-1', 'the Linode chosen before')),
      step(2, { pick: byLabel('Debian 11 Disk') }),
      step(3, { enter: 'edge golden' }, (shown) => assert.equal(shown.value, 'first label', 'still the label typed before')),
      step(4, { enter: 'from the edge' }),
      step(5, { enter: '' }),
      step(6, { pick: byLabel('No') }),
      { kind: 'info', match: /Capturing "edge golden" from edge-node-1 \/ Debian 11 Disk/ },
    );
    await run('captureImage');
    assert.deepEqual(captures(h), [{ disk_id: disks.edgeNodeMain, label: 'edge golden', description: 'from the edge', cloud_init: false }]);
  });

  it('Escape at the last step sends nothing', async () => {
    h.prompts.expect(...before(6), step(6, 'escape'));
    await run('captureImage');
    assert.deepEqual(writes(h), []);
  });

  it('says so when the account has no Linodes', async () => {
    h.sim.state.linodes.clear();
    h.prompts.expect({ kind: 'info', match: /no Linodes/ });
    await run('captureImage');
    assert.deepEqual(writes(h), []);
  });
});
