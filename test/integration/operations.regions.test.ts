import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS } from '../../simulator';
import { signedInForEachTest, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';
import { imageNode, imagePath, renderedImage, run, simImage, writes } from './operationsSupport';
import type { Expectation, ShownStep, StepAction } from './promptDouble';

const { singleRegion, multiRegion, cloudInit } = SEED_IDS.images;
const FAST = { spacingMs: 100, perImageMs: 200 };

type Item = vscode.QuickPickItem & { regionId?: string };
const regionIds = (items: readonly vscode.QuickPickItem[]): string[] => items.map((i) => (i as Item).regionId ?? '?');
const keep = (...ids: string[]) => (items: readonly vscode.QuickPickItem[]) => items.filter((i) => ids.includes((i as Item).regionId ?? ''));
const item = (items: readonly vscode.QuickPickItem[], id: string): vscode.QuickPickItem | undefined => items.find((i) => (i as Item).regionId === id);

/** The Manage Regions picker, answered with these actions; `inspect` sees it as it first shows. */
function regionsStep(answer: StepAction | readonly StepAction[], inspect?: (shown: ShownStep) => void): Expectation {
  return { kind: 'step', match: /^Regions of "/, answer, inspect };
}
/** Ticks these regions and unticks those (whichever each is), then lets the test read the picker. */
function toggle(ids: string[], inspect: (shown: ShownStep) => void): StepAction {
  return { toggle: keep(...ids), inspect };
}

function replicateRequests(h: Harness): { path: string; body: unknown; status: number }[] {
  return writes(h).filter((r) => r.method === 'POST').map((r) => ({ path: r.path, body: r.requestBody, status: r.status }));
}

describe('operations: manage regions (replicate)', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('offers the regions that can hold images, with their city, the current ones selected and marked', async () => {
    h.prompts.expect(
      regionsStep('escape', ({ title, items, picked, buttons }) => {
        assert.match(title, /^Regions of "k8s-node-golden"/);
        assert.deepEqual(regionIds(picked).sort(), ['eu-west', 'gb-lon']);
        assert.deepEqual(buttons, ['Copy as linode-cli', 'Copy as Terraform', 'Copy as curl']);
        const ids = regionIds(items);
        // Core Object Storage regions; not ap-west (no Object Storage) nor us-den-1 (distributed); gb-lon only
        // because the image is there (Cloud Manager leaves it out otherwise).
        assert.deepEqual(ids.slice(0, 2).sort(), ['eu-west', 'gb-lon']);
        assert.deepEqual(ids.slice(2), ['ap-northeast', 'ap-south', 'eu-central', 'fr-par', 'us-central', 'us-east', 'us-ord', 'us-southeast', 'us-west']);
        const london = items.find((i) => (i as Item).regionId === 'eu-west');
        assert.match(london?.label ?? '', /London, UK/);
        assert.equal(london?.picked, true);
        assert.match(london?.description ?? '', /eu-west · has a copy \(available\)/);
        const paris = items.find((i) => (i as Item).regionId === 'fr-par');
        assert.match(paris?.label ?? '', /Paris, FR/);
        assert.ok(!paris?.picked);
      }),
    );
    await run('manageImageRegions', await imageNode(h, cloudInit));
    assert.deepEqual(writes(h), []);
  });

  it('shows as regions are ticked and unticked what each adds or frees, and the monthly change; Escape sends nothing', async () => {
    // db-golden is 5,120 MB: 5 GB and $0.50 a month in each region, at the default $0.10 per GB.
    h.prompts.expect(
      regionsStep(
        [
          toggle(['fr-par'], ({ title, prompt, picked }) => {
            assert.deepEqual(regionIds(picked), ['ap-south', 'eu-west', 'us-east', 'fr-par']);
            assert.equal(title, 'Regions of "db-golden": 15 GB → 20 GB, +$0.50 a month');
            assert.equal(prompt, 'Added: fr-par (+5 GB, +$0.50 a month). Kept: us-east, eu-west, ap-south (15 GB, $1.50 a month). Enter makes the new copies.');
          }),
          toggle(['eu-west'], ({ title, prompt }) => {
            assert.equal(title, 'Regions of "db-golden": 15 GB → 15 GB, ±$0.00 a month');
            assert.equal(
              prompt,
              'Added: fr-par (+5 GB, +$0.50 a month). Removed: eu-west (frees 5 GB, −$0.50 a month). Kept: us-east, ap-south (10 GB, $1.00 a month). Enter lists the copies to delete and asks first.',
            );
          }),
          toggle(['fr-par'], ({ title, prompt }) => {
            assert.equal(title, 'Regions of "db-golden": 15 GB → 10 GB, −$0.50 a month');
            assert.equal(prompt, 'Removed: eu-west (frees 5 GB, −$0.50 a month). Kept: us-east, ap-south (10 GB, $1.00 a month). Enter lists the copies to delete and asks first.');
          }),
          toggle(['us-east', 'ap-south'], ({ title, prompt }) => {
            assert.equal(title, 'Regions of "db-golden": 15 GB → 0 GB, −$1.50 a month');
            assert.match(prompt, /^Removed: us-east, eu-west, ap-south \(frees 15 GB, −\$1\.50 a month\)\. Select at least one region\./);
          }),
          'escape',
        ],
        ({ title, prompt, items }) => {
          assert.equal(title, 'Regions of "db-golden": 15 GB, $1.50 a month');
          assert.equal(prompt, 'Kept: us-east, eu-west, ap-south (15 GB, $1.50 a month). Tick a region to add a copy there; untick one to delete its copy.');
          // Each row says what ticking or unticking it does.
          assert.equal(item(items, 'eu-west')?.description, 'eu-west · has a copy (available) · untick to free 5 GB (−$0.50 a month)');
          assert.equal(item(items, 'fr-par')?.description, 'fr-par · tick to store 5 GB (+$0.50 a month)');
        },
      ),
    );
    await run('manageImageRegions', await imageNode(h, multiRegion));
    assert.deepEqual(writes(h), []);
    const shown = h.prompts.shown.filter((p) => p.kind === 'step').map((p) => p.text.split(' | ')[0]);
    assert.deepEqual(shown.slice(1), [
      'Regions of "db-golden": 15 GB → 20 GB, +$0.50 a month',
      'Regions of "db-golden": 15 GB → 15 GB, ±$0.00 a month',
      'Regions of "db-golden": 15 GB → 10 GB, −$0.50 a month',
      'Regions of "db-golden": 15 GB → 0 GB, −$1.50 a month',
    ], 'the double records what the picker showed after each change');
  });

  it('adds a region without a modal, having shown its cost; the done message says what it stores, and the view follows the new copy', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    usePace(h, FAST);
    // web-base-2024 is 2,400 MB: 2.34 GB, $0.2344 a month a copy.
    h.prompts.expect(
      regionsStep([
        toggle(['fr-par'], ({ title, prompt }) => {
          assert.equal(title, 'Regions of "web-base-2024": 2.34 GB → 4.69 GB, +$0.23 a month');
          assert.equal(prompt, 'Added: fr-par (+2.34 GB, +$0.23 a month). Kept: us-east (2.34 GB, $0.23 a month). Enter makes the new copies.');
        }),
        'accept',
      ]),
      { kind: 'info', match: /^Regions of "web-base-2024": replicating to fr-par\. This adds 1 copy \(2\.34 GB, \+\$0\.23 a month\): \$0\.47 a month in all instead of \$0\.23\.$/ },
    );
    await run('manageImageRegions', await imageNode(h, singleRegion));
    h.prompts.assertDone();
    assert.deepEqual(replicateRequests(h), [{ path: `${imagePath(singleRegion)}/regions`, body: { regions: ['us-east', 'fr-par'] }, status: 200 }]);
    const paris = await renderedImage(h, singleRegion, 'fr-par');
    assert.ok(paris, 'the image is listed under fr-par at once');
    assert.match(paris.description, /pending replication|replicating/);
    assert.equal(paris.icon, 'loading~spin');
    await until(async () => (await renderedImage(h, singleRegion, 'fr-par'))?.icon !== 'loading~spin', 'the copy to settle', 15_000);
    assert.equal(simImage(h, singleRegion).regions.find((r) => r.region === 'fr-par')?.status, 'available');
  });

  it('warns before deleting a replica, naming each; declined, nothing is sent', async () => {
    h.prompts.expect(
      regionsStep({ pickMany: keep('us-east', 'ap-south') }),
      {
        kind: 'confirm',
        answer: undefined,
        inspect: (message, detail, buttons) => {
          assert.equal(message, 'Delete the replica of "db-golden" in eu-west?');
          assert.match(detail, /replaces the image's regions with the ones selected, so these copies are deleted:\n• eu-west · London, UK \(available; 5 GB, −\$0\.50 a month\)\n/);
          // Each kept region with its copy's storage, then the monthly change at the default rate.
          assert.match(detail, /Kept: us-east · Newark, NJ \(5 GB, \$0\.50 a month\), ap-south · Singapore, SG \(5 GB, \$0\.50 a month\)\./);
          assert.match(detail, /Storage: 15 GB → 10 GB; −\$0\.50 a month \(\$1\.00 a month in all\), at \$0\.10 per GB a month\./);
          assert.deepEqual(buttons, ['Delete Replica', 'Copy as linode-cli', 'Copy as Terraform', 'Copy as curl']);
        },
      },
    );
    await run('manageImageRegions', await imageNode(h, multiRegion));
    assert.deepEqual(writes(h), []);
    assert.equal(simImage(h, multiRegion).regions.length, 3);
  });

  it('accepted, sends the new set; the simulator drops the region and the view shows the copy being deleted', async () => {
    h.prompts.expect(
      regionsStep({ pickMany: keep('us-east', 'fr-par') }),
      {
        kind: 'confirm',
        answer: 'Delete 2 Replicas',
        inspect: (message, detail) => {
          assert.equal(message, 'Delete 2 replicas of "db-golden" in eu-west, ap-south?');
          assert.match(detail, /• eu-west · London, UK \(available; 5 GB, −\$0\.50 a month\)\n• ap-south · Singapore, SG \(available; 5 GB, −\$0\.50 a month\)/);
          assert.match(detail, /Kept: us-east · Newark, NJ \(5 GB, \$0\.50 a month\)\.\nAdded: fr-par · Paris, FR \(5 GB, \+\$0\.50 a month\)\./);
          assert.match(detail, /Storage: 15 GB → 10 GB; −\$0\.50 a month \(\$1\.00 a month in all\)/);
          assert.doesNotMatch(detail, /Removed:/, 'the removed copies are listed once, above');
        },
      },
    );
    await run('manageImageRegions', await imageNode(h, multiRegion));
    assert.deepEqual(replicateRequests(h).map((r) => r.body), [{ regions: ['us-east', 'fr-par'] }]);
    const regions = (): Record<string, string> => Object.fromEntries(simImage(h, multiRegion).regions.map((r) => [r.region, r.status]));
    assert.equal(regions()['eu-west'], 'pending deletion');
    assert.match((await renderedImage(h, multiRegion, 'eu-west'))?.description ?? '', /pending deletion/);
    h.sim.settle();
    assert.deepEqual(Object.keys(regions()).sort(), ['fr-par', 'us-east']);
  });

  it('refuses an empty selection and one that keeps no available copy, sending nothing', async () => {
    h.prompts.expect(
      regionsStep({ pickMany: () => [] }),
      { kind: 'warning', match: /^Regions of "web-base-2024" not changed: Select at least one region\. To remove every copy of the image, delete the image instead\.$/ },
      regionsStep({ pickMany: keep('fr-par', 'us-west') }),
      { kind: 'warning', match: /not changed: Keep at least one region where the image is available \(us-east · Newark, NJ, eu-west · London, UK, ap-south · Singapore, SG\)/ },
    );
    await run('manageImageRegions', await imageNode(h, singleRegion));
    await run('manageImageRegions', await imageNode(h, multiRegion));
    assert.deepEqual(writes(h), []);
  });

  it('starts from Linode\'s current regions, not the view\'s older copy', async () => {
    h.sim.state.replicate(simImage(h, singleRegion), ['us-east', 'eu-central']); // changed elsewhere after the view loaded
    h.sim.settle();
    h.prompts.expect(
      regionsStep('accept', ({ picked }) => assert.deepEqual(regionIds(picked).sort(), ['eu-central', 'us-east'])),
    );
    await run('manageImageRegions', await imageNode(h, singleRegion));
    assert.deepEqual(writes(h), [], 'the same set is not sent');
    assert.deepEqual(h.sim.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`).filter((r) => r.includes('15001')), [`GET ${imagePath(singleRegion)}`]);
    assert.ok(await renderedImage(h, singleRegion, 'eu-central'));
  });

  it('shows the API\'s reason for a 422, and waits out a 429', async () => {
    h.sim.faults.add({
      origin: 'api',
      method: 'POST',
      path: `${imagePath(singleRegion)}/regions`,
      status: 422,
      body: { errors: [{ field: 'regions', reason: 'Replication to fr-par is not available for this account.' }] },
    });
    h.prompts.expect(
      regionsStep({ pickMany: keep('us-east', 'fr-par') }),
      { kind: 'error', match: /^Manage Regions failed: regions: Replication to fr-par is not available for this account\.$/ },
    );
    await run('manageImageRegions', await imageNode(h, singleRegion));
    assert.equal(simImage(h, singleRegion).regions.length, 1);
    assert.equal(await renderedImage(h, singleRegion, 'fr-par'), undefined);

    h.sim.faults.add({ origin: 'api', method: 'POST', path: `${imagePath(singleRegion)}/regions`, status: 429, retryAfter: 1 });
    h.prompts.expect(regionsStep({ pickMany: keep('us-east', 'fr-par') }), { kind: 'info', match: /^Regions of "web-base-2024": replicating to fr-par\./ });
    await run('manageImageRegions', await imageNode(h, singleRegion));
    assert.deepEqual(replicateRequests(h).map((r) => r.status), [422, 429, 200]);
    assert.ok(await renderedImage(h, singleRegion, 'fr-par'));
  });

  it('a Copy as button on the confirmation copies the new region set and changes nothing', async () => {
    await vscode.env.clipboard.writeText('');
    h.prompts.expect(
      regionsStep({ pickMany: keep('us-east', 'ap-south') }),
      { kind: 'confirm', match: /^Delete the replica of "db-golden" in eu-west\?/, answer: 'Copy as linode-cli' },
      { kind: 'info', match: /^Copied the new regions of "db-golden" as linode-cli to the clipboard\.$/ },
    );
    await run('manageImageRegions', await imageNode(h, multiRegion));
    assert.equal(await vscode.env.clipboard.readText(), 'linode-cli images replicate private/15002 --regions us-east --regions ap-south');
    assert.deepEqual(writes(h), []);
    assert.equal(simImage(h, multiRegion).regions.length, 3);
  });
});
