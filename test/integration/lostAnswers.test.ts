// Changes whose answer never arrives: Linode acted (or did not), and the extension asks it which, instead of
// guessing. Each case has its twin where the request never reached Linode, so the failure must stand.
import * as assert from 'node:assert/strict';
import { SEED_IDS } from '../../simulator';
import { signedInForEachTest, type Harness } from './harness';
import { imageNode, imagePath, renderedImage, run, simImage, writes } from './operationsSupport';

const { singleRegion } = SEED_IDS.images;

/** The simulator did lose the answer (or drop the request): otherwise these tests would prove nothing. */
function assertFault(h: Harness, kind: 'answerLost' | 'dropped'): void {
  assert.equal(h.sim.requests.filter((r) => r.method !== 'GET' && r[kind]).length, 1, `one ${kind} exchange`);
}

describe('changes whose answer was lost', () => {
  let h: Harness;
  signedInForEachTest((harness) => (h = harness));

  it('a rename Linode made although its answer was lost counts as done, sent once, with no error', async () => {
    h.sim.faults.add({ origin: 'api', method: 'PUT', path: imagePath(singleRegion), loseAnswer: true });
    h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: 'renamed, answer lost' });
    await run('renameImage', await imageNode(h, singleRegion));
    assert.equal(writes(h).length, 1, 'the PUT is not sent again');
    assert.equal(simImage(h, singleRegion).label, 'renamed, answer lost');
    assert.equal((await renderedImage(h, singleRegion))?.label, 'renamed, answer lost');
    assert.deepEqual(h.prompts.messages('error'), []);
    assertFault(h, 'answerLost');
  });

  it('a rename that never reached Linode still fails, and says so', async () => {
    const label = simImage(h, singleRegion).label;
    h.sim.faults.add({ origin: 'api', method: 'PUT', path: imagePath(singleRegion), drop: true });
    h.prompts.expect({ kind: 'inputBox', match: /Rename Image/, answer: 'never sent' }, { kind: 'error', match: /^Rename Image failed: / });
    await run('renameImage', await imageNode(h, singleRegion));
    assert.equal(simImage(h, singleRegion).label, label);
    assert.equal((await renderedImage(h, singleRegion))?.label, label);
    assertFault(h, 'dropped');
  });

  it('a delete Linode made although its answer was lost counts as deleted, with no error', async () => {
    h.sim.faults.add({ origin: 'api', method: 'DELETE', path: imagePath(singleRegion), loseAnswer: true });
    h.prompts.expect({ kind: 'confirm', match: /Delete the image/, answer: 'Delete' });
    await run('deleteImages', await imageNode(h, singleRegion));
    assert.equal(h.sim.state.images.get(singleRegion), undefined);
    assert.equal(h.api.services.store.image(singleRegion), undefined);
    assert.equal(await renderedImage(h, singleRegion), undefined);
    assert.deepEqual(h.prompts.messages('error'), []);
    assertFault(h, 'answerLost');
  });

  it('a delete that never reached Linode still fails, and the image stays', async () => {
    h.sim.faults.add({ origin: 'api', method: 'DELETE', path: imagePath(singleRegion), drop: true });
    h.prompts.expect({ kind: 'confirm', match: /Delete the image/, answer: 'Delete' }, { kind: 'error', match: /^Delete Image failed: / });
    await run('deleteImages', await imageNode(h, singleRegion));
    assert.ok(h.sim.state.images.get(singleRegion));
    assert.ok(await renderedImage(h, singleRegion));
    assertFault(h, 'dropped');
  });

  it('a new region set Linode took although its answer was lost counts as done', async () => {
    h.sim.faults.add({ origin: 'api', method: 'POST', path: `${imagePath(singleRegion)}/regions`, loseAnswer: true });
    h.prompts.expect(
      {
        kind: 'step',
        match: /^Regions of/,
        answer: { pickMany: (items) => items.filter((i) => ['us-east', 'fr-par'].includes((i as { regionId?: string }).regionId ?? '')) },
      },
      { kind: 'info', match: /^Regions of "web-base-2024": replicating to fr-par\./ },
    );
    await run('manageImageRegions', await imageNode(h, singleRegion));
    assert.equal(writes(h).length, 1);
    assert.deepEqual(simImage(h, singleRegion).regions.map((r) => r.region).sort(), ['fr-par', 'us-east']);
    assert.ok(await renderedImage(h, singleRegion, 'fr-par'), 'the new copy is in the view');
    assert.deepEqual(h.prompts.messages('error'), []);
    assertFault(h, 'answerLost');
  });
});
