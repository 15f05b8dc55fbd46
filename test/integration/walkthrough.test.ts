// The walkthrough's steps complete on the real thing, never on a click: each context key its `onContext:` completion
// event names turns true only once a token is there, the view has shown the images by region, an upload has finished,
// or an image has gained a region.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { UploadSummary } from '../../src/host/commands/uploadImage';
import { WalkthroughProgress, walkthroughContextKey, WALKTHROUGH_ID, WALKTHROUGH_STEPS, type WalkthroughStep } from '../../src/host/walkthrough';
import { SEED_IDS, SIMULATOR_TOKEN } from '../../simulator';
import { rawDisk, writeFile } from '../fixtures/diskImages';
import { evaluateWhen } from '../support/whenClause';
import { activateExtension, EXTENSION_ID, freshHarness, settings, signedInHarness, sleep, until, VIEW_CONTAINER_COMMAND, type Harness } from './harness';
import { imageNode, run } from './operationsSupport';
import type { Expectation } from './promptDouble';

const { singleRegion, multiRegion, pendingUpload } = SEED_IDS.images;

/** The region a Manage Regions… choice stands for. */
const regionOf = (item: vscode.QuickPickItem): string | undefined => (item as vscode.QuickPickItem & { regionId?: string }).regionId;

interface ManifestStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
  completionEvents?: string[];
}

function manifestWalkthrough(): { id: string; title: string; steps: ManifestStep[] } {
  const contributes = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes as {
    walkthroughs?: { id: string; title: string; steps: ManifestStep[] }[];
  };
  const walkthrough = contributes.walkthroughs?.find((w) => w.id === WALKTHROUGH_ID);
  assert.ok(walkthrough, `package.json contributes the walkthrough ${WALKTHROUGH_ID}`);
  return walkthrough;
}

describe('walkthrough: each step is completed by what it teaches', function () {
  this.timeout(60_000);
  let h: Harness;

  function progress(): WalkthroughProgress {
    const walkthrough = h.api.walkthrough;
    assert.ok(walkthrough, 'the test API exposes the walkthrough progress');
    return walkthrough;
  }

  /** Every step's state, as the `when` clause of its completion event sees the context keys. */
  function completed(): Record<WalkthroughStep, boolean> {
    const { steps } = manifestWalkthrough();
    const context = progress().contextValues();
    return Object.fromEntries(
      WALKTHROUGH_STEPS.map((step) => {
        const event = steps.find((s) => s.id === step)?.completionEvents?.[0] ?? '';
        return [step, evaluateWhen(event.replace(/^onContext:/, ''), context)];
      }),
    ) as Record<WalkthroughStep, boolean>;
  }

  async function hideView(): Promise<void> {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await until(() => !h.api.services.treeView.visible, 'the Images view to be hidden');
  }

  afterEach(() => h?.prompts.assertDone());

  it('names a context key of the extension as each step\'s only completion event, and a packed page as its media', async () => {
    const walkthrough = manifestWalkthrough();
    assert.equal(walkthrough.title, 'Get started with Linode Images');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), [...WALKTHROUGH_STEPS]);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    for (const step of walkthrough.steps) {
      assert.deepEqual(step.completionEvents, [`onContext:${walkthroughContextKey(step.id as WalkthroughStep)}`], step.id);
      const media = step.media.markdown ?? step.media.image ?? step.media.svg ?? '';
      await fs.access(path.join(extension.extensionPath, media));
    }
    // The buttons run commands the extension registers.
    await activateExtension();
    const commands = new Set(await vscode.commands.getCommands(true));
    const linked = walkthrough.steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
    assert.ok(linked.includes('linodeImages.setApiToken') && linked.includes('linodeImages.signIn'));
    for (const command of linked) assert.ok(commands.has(command), `${command} is a registered command`);
  });

  it('account: not done without a token; done once one is stored, and at activation when one already is, asking Linode nothing', async () => {
    h = await freshHarness();
    await hideView();
    progress().restart();
    assert.deepEqual(completed(), { account: false, browse: false, upload: false, replicate: false });
    await sleep(200);
    assert.equal(completed().account, false, 'no token, no account');

    await h.api.services.tokens.store(SIMULATOR_TOKEN);
    await until(() => completed().account, 'the account step to be done');
    assert.deepEqual(completed(), { account: true, browse: false, upload: false, replicate: false });

    // As activation makes it: the stored token is read from secret storage, and nothing is sent to Linode.
    h.sim.requests.length = 0;
    const fresh = new WalkthroughProgress(h.api.services);
    try {
      await until(() => fresh.isDone('account'), 'a new progress to see the stored token');
      assert.deepEqual(h.sim.requests, [], 'no request to Linode');
    } finally {
      fresh.dispose();
    }

    await h.api.services.tokens.clear();
    await until(() => !completed().account, 'the account step to follow the last account going');
  });

  it('browse: not done while the view is hidden or grouped another way; done once the visible view shows the images by region', async () => {
    h = await signedInHarness(SIMULATOR_TOKEN);
    await hideView();
    await settings().update('groupBy', 'type', vscode.ConfigurationTarget.Global);
    progress().restart();
    await h.api.services.sync.reloadAll();
    assert.equal(completed().browse, false, 'loaded while the view is hidden');

    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    await sleep(300);
    assert.equal(completed().browse, false, 'shown, but grouped by type');

    await settings().update('groupBy', 'region', vscode.ConfigurationTarget.Global);
    await until(() => completed().browse, 'the browse step to be done');
    assert.deepEqual(completed(), { account: true, browse: true, upload: false, replicate: false });
    await hideView();
  });

  describe('with a workspace folder for images', () => {
    let folder: string;
    beforeEach(async () => {
      h = await signedInHarness(SIMULATOR_TOKEN);
      await hideView();
      progress().restart();
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(root, 'the test host opens a workspace folder');
      folder = path.join(root, `walkthrough-test-${Date.now()}`);
      await fs.mkdir(folder, { recursive: true });
    });
    afterEach(async () => {
      h.sim.faults.clear();
      await fs.rm(folder, { recursive: true, force: true });
    });

    const details = (label: string): Expectation[] => [
      { kind: 'step', match: /^Upload Image: Label/, answer: { enter: label } },
      { kind: 'step', match: /^Upload Image: Region/, answer: { pick: (items) => items.find((i) => i.label === 'us-east') } },
      { kind: 'step', match: /^Upload Image: Description/, answer: { enter: '' } },
      { kind: 'step', match: /^Upload Image: Tags/, answer: { enter: '' } },
      { kind: 'step', match: /^Upload Image: Cloud-init/, answer: { pick: (items) => items.find((i) => i.label === 'No') } },
    ];

    it('upload: not done by a container still waiting for its bytes nor by a cancelled upload; done once an upload finishes', async () => {
      assert.equal(h.api.services.store.image(pendingUpload)?.status, 'pending_upload', 'the account has an upload container');
      assert.equal(completed().upload, false);

      // Cancelled mid-transfer: its container is deleted, nothing was uploaded.
      const slow = await writeFile(folder, 'slow.img.gz', gzipSync(rawDisk(8 * 1024 * 1024), { level: 0 }));
      h.sim.faults.add({ origin: 'upload', bytesPerSecond: 256 * 1024, times: 1 });
      h.prompts.expect(...details('cancelled upload'), { kind: 'confirm', match: /^Cancel the upload of slow\.img\.gz\?/, answer: 'Cancel Upload' });
      const running = vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(slow));
      await until(() => (h.sim.uploads[0]?.bytesReceived ?? 0) > 64 * 1024, 'bytes to reach the upload host', 15_000);
      await vscode.commands.executeCommand('linodeImages.cancelUpload');
      assert.equal(await running, undefined);
      assert.equal(completed().upload, false, 'a cancelled upload does not complete the step');

      const file = await writeFile(folder, 'walkthrough-disk.img.gz', gzipSync(rawDisk(512 * 1024)));
      h.prompts.expect(...details('walkthrough disk'));
      const summary = await vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
      assert.ok(summary, `the upload finished: ${h.prompts.messages().join(' | ')}`);
      await until(() => completed().upload, 'the upload step to be done');
      assert.equal(completed().replicate, false, 'the new image\'s first region is no replica');
    });

    it('replicate: not done by removing a copy; done once Manage Regions adds a region to an image', async () => {
      h.prompts.expect(
        { kind: 'step', match: /^Regions of/, answer: { pickMany: (items) => items.filter((i) => i.picked && regionOf(i) !== 'eu-west') } },
        { kind: 'confirm', match: /^Delete the replica of/, answer: 'Delete Replica' },
      );
      await run('manageImageRegions', await imageNode(h, multiRegion));
      assert.ok(!h.api.services.store.image(multiRegion)?.regions.some((r) => r.region === 'eu-west' && r.status === 'available'), 'the copy is being deleted');
      assert.equal(completed().replicate, false, 'a copy removed is no replica');

      h.prompts.expect(
        { kind: 'step', match: /^Regions of/, answer: { pickMany: (items) => items.filter((i) => i.picked || regionOf(i) === 'fr-par') } },
        { kind: 'info', match: /^Regions of "web-base-2024": replicating to fr-par\./ },
      );
      await run('manageImageRegions', await imageNode(h, singleRegion));
      await until(() => completed().replicate, 'the replicate step to be done');
      assert.ok(h.api.services.store.image(singleRegion)?.regions.some((r) => r.region === 'fr-par'));
      assert.equal(completed().upload, false);
    });
  });
});
