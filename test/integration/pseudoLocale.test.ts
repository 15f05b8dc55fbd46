// Localisation coverage in the running extension: with a pseudo-locale installed for the whole extension (every
// message wrapped in ⟦…⟧ and its letters accented), everything the extension writes for the user comes out
// pseudo-localised: the tree's descriptions and tooltips, a command's prompts, its confirmation and buttons, its
// messages and its errors. A string that bypasses l10n.t shows up here in plain English.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SEED_IDS } from '../../simulator';
import { fillPlaceholders, type L10nArg } from '../../src/core/l10n';
import { findAll, renderTree, signedInForEachTest, until, type Harness } from './harness';
import { imageNode, imagePath, run } from './operationsSupport';

const ACCENTS: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', A: 'Á', E: 'É', I: 'Í', O: 'Ó', U: 'Ú' };

/** Accents the vowels of the message's own words, leaving `{0}` placeholders, `$(icon)` ids and Markdown links' targets. */
function pseudo(message: string, args: readonly L10nArg[]): string {
  const accented = message.replace(/(\$\([\w~-]+\)|\]\([^)]*\)|\{\d+\})|[aeiouAEIOU]/g, (whole, kept?: string) => kept ?? ACCENTS[whole] ?? whole);
  return `⟦${fillPlaceholders(accented, args)}⟧`;
}

const isPseudo = (text: string): boolean => text.includes('⟦');

describe('pseudo-locale: everything shown goes through l10n.t', () => {
  let h: Harness;
  let restore: (() => void) | undefined;
  signedInForEachTest((harness) => (h = harness));
  beforeEach(async () => {
    assert.ok(h.api.useTranslator, 'the test API installs a translator');
    restore = h.api.useTranslator(pseudo);
    // Rows are rendered anew, now in the pseudo-locale.
    await vscode.commands.executeCommand('linodeImages.refresh');
  });
  afterEach(async () => {
    restore?.();
    restore = undefined;
    await vscode.commands.executeCommand('linodeImages.refresh');
  });

  it('renders every row description and tooltip in the pseudo-locale, and the named groups', async () => {
    let rows: Awaited<ReturnType<typeof renderTree>> = [];
    await until(async () => {
      rows = await renderTree(h.api);
      return findAll(rows, (n) => n.contextValue.startsWith('image')).length > 0;
    }, 'the images to be listed');
    const all = findAll(rows, () => true);
    const english = all.flatMap((n) => [
      ...(n.description && !isPseudo(n.description) ? [`${n.label}: description "${n.description}"`] : []),
      ...(n.tooltip && !isPseudo(n.tooltip) ? [`${n.label}: tooltip "${n.tooltip.slice(0, 80)}"`] : []),
    ]);
    assert.deepEqual(english, [], 'rows with text that bypassed l10n.t');
    const publicGroup = all.find((n) => n.contextValue === 'group.public');
    assert.ok(publicGroup && isPseudo(publicGroup.label), `the public images' group label: ${publicGroup?.label}`);
    // The values Linode gave stay as they are: an image's own label is never translated.
    assert.ok(all.some((n) => n.contextValue.startsWith('image') && !isPseudo(n.label)));
  });

  it("shows a command's prompts, its confirmation and buttons, and its error in the pseudo-locale", async () => {
    const id = SEED_IDS.images.singleRegion;
    const node = await imageNode(h, id);
    let buttonsSeen: string[] = [];
    h.prompts.expect(
      { kind: 'inputBox', match: /⟦/, answer: undefined },
      { kind: 'confirm', match: /⟦[^]*⟦/, answer: undefined, inspect: (_message, _detail, buttons) => (buttonsSeen = buttons) },
      { kind: 'quickPick', match: /⟦/, pick: (items) => {
        assert.deepEqual(items.filter((item) => !isPseudo(item.label)).map((item) => item.label), [], 'picker items in English');
        return undefined;
      } },
    );
    await run('renameImage', node);
    await run('deleteImages', node);
    assert.ok(buttonsSeen.length > 0 && buttonsSeen.every(isPseudo), `buttons: ${buttonsSeen.join(', ')}`);
    await run('changeGrouping');

    h.sim.faults.add({ origin: 'api', method: 'PUT', path: imagePath(id), status: 500, times: 1 });
    h.prompts.expect({ kind: 'inputBox', match: /⟦/, answer: 'renamed in the pseudo-locale' });
    await run('renameImage', node);
    await until(() => h.prompts.messages('error').length > 0, 'the error to be shown');
    const [shown] = h.prompts.messages('error');
    assert.ok(isPseudo(shown) && /[áéíóú]/.test(shown), `error: ${shown}`);
    const buttons = h.prompts.shown.find((p) => p.kind === 'error')?.actions ?? [];
    assert.ok(buttons.length > 0 && buttons.every(isPseudo), `the error's buttons: ${buttons.join(', ')}`);
  });

  it('speaks the same pseudo-locale in the upload engine (it refuses a file)', async () => {
    // The core's messages use the translator installed at activation.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'linode-images-pseudo-'));
    const notGzip = path.join(folder, 'raw-disk.img.gz');
    fs.writeFileSync(notGzip, Buffer.alloc(64 * 1024));
    try {
      await vscode.commands.executeCommand('linodeImages.uploadFile', vscode.Uri.file(notGzip));
      await until(() => h.prompts.messages('error').length > 0, 'the refusal to be shown');
      const shown = h.prompts.messages('error').at(-1) ?? '';
      assert.match(shown, /⟦raw-disk\.img\.gz ís nót á gzíp fílé/, `the engine's message: ${shown}`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
