// A notification that asks the user to act carries the button for it, and the button does it: Retry runs a failed
// command again, Show Log opens the log, Set API Token and Refresh are offered where the images could not be
// listed, and an image that vanished while Linode made it points to Cloud Manager's events. (The buttons of the
// token, upload, linode-cli and sign-in notifications are checked in their own suites.)
import * as assert from 'node:assert/strict';
import type { Image } from '../../src/core/api/types';
import { SEED_IDS } from '../../simulator';
import { asFirstLoad, signedInForEachTest, until, type Harness } from './harness';
import { imageNode, imagePath, run, simImage } from './operationsSupport';

const LIST_IMAGES = /^\/v4(beta)?\/images\?/;
const { singleRegion } = SEED_IDS.images;

describe('notifications carry the button for what they ask', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  const actionsOf = (kind: 'info' | 'warning' | 'error'): string[] | undefined => h.prompts.shown.filter((p) => p.kind === kind).at(-1)?.actions;
  const listings = (): number => h.sim.requests.filter((r) => r.origin === 'api' && LIST_IMAGES.test(r.path)).length;

  it('a command that failed for a reason that may pass offers Retry, which runs it again on the same image', async () => {
    const node = await imageNode(h, singleRegion);
    h.sim.faults.add({ origin: 'api', method: 'PUT', path: imagePath(singleRegion), status: 500, times: 1 });
    h.prompts.expect(
      { kind: 'inputBox', match: /Rename Image/, answer: 'first-try' },
      { kind: 'error', match: /^Rename Image failed: /, answer: 'Retry' },
      { kind: 'inputBox', match: /Rename Image/, answer: 'second-try' },
    );
    await run('renameImage', node);
    await until(() => simImage(h, singleRegion).label === 'second-try', 'Retry to rename the image', 30_000);
    assert.deepEqual(actionsOf('error'), ['Retry', 'Show Log']);
  });

  it('a command that failed for good offers Show Log (no Retry), which opens the log', async () => {
    const node = await imageNode(h, singleRegion);
    const { logger } = h.api.services;
    const show = logger.show;
    let opened = 0;
    logger.show = () => void opened++;
    try {
      h.sim.faults.add({ origin: 'api', method: 'PUT', path: imagePath(singleRegion), status: 400, reason: 'label is not allowed' });
      h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: 'refused' }, { kind: 'error', match: /^Rename Image failed: label is not allowed/, answer: 'Show Log' });
      await run('renameImage', node);
      await until(() => opened === 1, 'Show Log to open the log');
      assert.deepEqual(actionsOf('error'), ['Show Log']);
    } finally {
      logger.show = show;
    }
  });

  it('the palette without an account says the images are not loaded, with Set API Token', async () => {
    await h.api.services.tokens.clear();
    h.prompts.expect(
      { kind: 'info', match: /^The images are not loaded/, answer: 'Set API Token' },
      { kind: 'inputBox', match: /Linode API Token/, answer: undefined },
    );
    await run('renameImage');
    await until(() => h.prompts.shown.some((p) => p.kind === 'inputBox'), 'Set API Token to ask for a token');
    assert.deepEqual(actionsOf('info'), ['Set API Token']);
  });

  it('the palette after a failed first load says the images are not loaded, with Refresh, which lists them again', async () => {
    h.sim.faults.add({ origin: 'api', method: 'GET', path: LIST_IMAGES, status: 400, reason: 'not today' });
    await asFirstLoad(h);
    await run('reloadAll');
    assert.equal(h.api.services.store.showable, false, 'nothing to show');
    const before = listings();
    h.prompts.expect(
      { kind: 'info', match: /^The images are not loaded/, answer: 'Refresh' },
      { kind: 'quickPick', match: /Rename Image/, pick: () => undefined },
    );
    await run('renameImage');
    await until(() => listings() > before && h.api.services.store.showable, 'Refresh to list the images again', 30_000);
    assert.deepEqual(actionsOf('info'), ['Refresh']);
    // The images are there now: the palette offers them.
    await run('renameImage');
  });

  it('an image that vanished while Linode made it points to its events in Cloud Manager, and to the log', async () => {
    const { store, sync } = h.api.services;
    const base = store.image(singleRegion) as Image;
    const vanished: Image = { ...base, id: 'private/424242', label: 'vanished-capture', status: 'creating' };
    store.upsertImage(vanished);
    h.prompts.expect({ kind: 'warning', match: /^The image "vanished-capture" \(private\/424242\) disappeared while Linode was making it/, answer: 'Open Cloud Manager' });
    await sync.imageGone(vanished.id);
    await until(() => h.prompts.opened.includes('https://cloud.linode.com/events'), 'Open Cloud Manager to open the events page');
    assert.deepEqual(actionsOf('warning'), ['Open Cloud Manager', 'Show Log']);
  });
});
