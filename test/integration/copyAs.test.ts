// Copy As… on an image: linode-cli, Terraform and curl, each put on the clipboard with a notification naming it,
// and never with the token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEED_IDS, SIMULATOR_TOKEN } from '../../simulator';
import { signedInForEachTest, type Harness } from './harness';
import { imageNode, run, writes } from './operationsSupport';

const { singleRegion } = SEED_IDS.images;

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
});
