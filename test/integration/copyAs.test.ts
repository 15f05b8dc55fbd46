// Copy As… on an image, and the Copy as buttons of Manage Regions' picker: linode-cli, Terraform and curl, each put on
// the clipboard with a notification naming it, never with the token, and nothing sent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS, SIMULATOR_TOKEN } from '../../simulator';
import { signedInForEachTest, type Harness } from './harness';
import { imageNode, run, writes } from './operationsSupport';

const { singleRegion, multiRegion } = SEED_IDS.images;
type RegionItem = vscode.QuickPickItem & { regionId?: string };
const regionItems = (...ids: string[]) => (items: readonly vscode.QuickPickItem[]) => items.filter((i) => ids.includes((i as RegionItem).regionId ?? ''));

describe('Copy As… on an image', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  const cases: Array<{ button: string; tool: string; check: (text: string, apiUrl: string) => void }> = [
    {
      button: 'Copy as linode-cli',
      tool: 'linode-cli',
      check: (text) =>
        assert.equal(
          text,
          "linode-cli images update private/15001 --label web-base-2024 --description 'Nginx, certbot and the monitoring agent on Debian 12.' --tags web --tags production",
        ),
    },
    {
      button: 'Copy as Terraform',
      tool: 'Terraform',
      check: (text) => {
        assert.match(text, /^import \{\n  to = linode_image\.web_base_2024\n  id = "private\/15001"\n\}\n\nresource "linode_image" "web_base_2024" \{\n/);
        assert.match(text, /  replica_regions = \["us-east"\]/);
      },
    },
    {
      button: 'Copy as curl',
      tool: 'curl',
      check: (text, apiUrl) => {
        assert.ok(text.startsWith(`curl -sS -X PUT ${apiUrl}/v4/images/private%2F15001 \\\n`), text);
        assert.match(text, /-H "Authorization: Bearer \$LINODE_TOKEN"/);
      },
    },
  ];

  for (const { button, tool, check } of cases) {
    it(`as ${tool}: the clipboard holds it, a notification says so, and the token is not in it`, async () => {
      await vscode.env.clipboard.writeText('');
      h.prompts.expect(
        {
          kind: 'quickPick',
          match: /^Copy "web-base-2024" as…/,
          pick: (items) => {
            assert.deepEqual(items.map((i) => i.label), ['Copy as linode-cli', 'Copy as Terraform', 'Copy as curl']);
            return items.find((i) => i.label === button);
          },
        },
        { kind: 'info', match: new RegExp(`^Copied "web-base-2024" as ${tool} to the clipboard\\.$`) },
      );
      await run('copyImageAs', await imageNode(h, singleRegion));
      const text = await vscode.env.clipboard.readText();
      check(text, h.sim.apiUrl);
      assert.ok(!text.includes(SIMULATOR_TOKEN), 'never the token');
      assert.deepEqual(writes(h), []);
    });
  }

  describe("Manage Regions' picker", () => {
    const replication: Array<{ button: string; tool: string; check: (text: string, apiUrl: string) => void }> = [
      { button: 'Copy as linode-cli', tool: 'linode-cli', check: (text) => assert.equal(text, 'linode-cli images replicate private/15001 --regions us-east --regions fr-par') },
      {
        button: 'Copy as Terraform',
        tool: 'Terraform',
        check: (text) => {
          assert.match(text, /^import \{\n  to = linode_image\.web_base_2024\n  id = "private\/15001"\n\}\n/);
          assert.match(text, /\n  replica_regions = \["us-east", "fr-par"\]\n/);
        },
      },
      {
        button: 'Copy as curl',
        tool: 'curl',
        check: (text, apiUrl) =>
          assert.equal(
            text,
            `curl -sS -X POST ${apiUrl}/v4/images/private%2F15001/regions \\\n  -H "Authorization: Bearer $LINODE_TOKEN" \\\n  -H 'Content-Type: application/json' \\\n  -d '{"regions":["us-east","fr-par"]}'`,
          ),
      },
    ];

    for (const { button, tool, check } of replication) {
      it(`as ${tool}: a region only added (no modal) is copied as ticked, with nothing sent`, async () => {
        await vscode.env.clipboard.writeText('');
        h.prompts.expect(
          {
            kind: 'step',
            match: /^Regions of "web-base-2024"/,
            inspect: (shown) => assert.deepEqual(shown.buttons, ['Copy as linode-cli', 'Copy as Terraform', 'Copy as curl']),
            answer: [{ toggle: regionItems('fr-par') }, { press: button }],
          },
          { kind: 'info', match: new RegExp(`^Copied the new regions of "web-base-2024" as ${tool} to the clipboard\\.$`) },
        );
        const before = h.sim.requests.length;
        await run('manageImageRegions', await imageNode(h, singleRegion));
        h.prompts.assertDone();
        const text = await vscode.env.clipboard.readText();
        check(text, h.sim.apiUrl);
        assert.ok(!text.includes(SIMULATOR_TOKEN), 'never the token');
        // The command read the image afresh (and maybe the regions), and sent nothing else.
        const sent = h.sim.requests.slice(before).filter((r) => r.origin === 'api');
        assert.ok(sent.every((r) => r.method === 'GET'), sent.map((r) => `${r.method} ${r.path}`).join(', '));
        assert.ok(!sent.some((r) => r.path.includes('/regions') && r.path.includes('images')), 'no replicate request');
        assert.deepEqual(writes(h), []);
        assert.deepEqual(h.sim.state.images.get(singleRegion)?.regions.map((r) => r.region), ['us-east']);
      });
    }

    it('copies the set as it is when nothing changed, and nothing for a set that would be refused', async () => {
      await vscode.env.clipboard.writeText('');
      h.prompts.expect(
        { kind: 'step', match: /^Regions of "db-golden"/, answer: { press: 'Copy as linode-cli' } },
        { kind: 'info', match: /^Copied the regions of "db-golden" as linode-cli to the clipboard\.$/ },
        { kind: 'step', match: /^Regions of "db-golden"/, answer: [{ toggle: regionItems('us-east', 'eu-west', 'ap-south') }, { press: 'Copy as curl' }] },
        { kind: 'warning', match: /^Nothing copied for "db-golden": Select at least one region\./ },
      );
      await run('manageImageRegions', await imageNode(h, multiRegion));
      assert.equal(await vscode.env.clipboard.readText(), 'linode-cli images replicate private/15002 --regions us-east --regions eu-west --regions ap-south');
      await run('manageImageRegions', await imageNode(h, multiRegion));
      h.prompts.assertDone();
      assert.equal(await vscode.env.clipboard.readText(), 'linode-cli images replicate private/15002 --regions us-east --regions eu-west --regions ap-south', 'the clipboard is left as it was');
      assert.deepEqual(writes(h), []);
    });
  });
});
