// A create whose answer was lost: which images Linode may have made (`findImagesMadeSince`, shared by the capture and
// the upload engine from the API layer), and how a lost answer to a capture is settled by reading, never by a second POST.
import * as assert from 'node:assert/strict';
import type { LinodeClient } from '../../src/core/api/client';
import { captureConfirmed } from '../../src/core/api/confirmed';
import { LinodeApiError, LinodeNetworkError } from '../../src/core/api/errors';
import { CLOCK_SKEW_MS, findImagesMadeSince } from '../../src/core/api/lostCreates';
import type { Image } from '../../src/core/api/types';
import { privateImage } from './imageFixtures';

const log = { info: (): void => undefined, warn: (): void => undefined };
const lost = (): Error => new LinodeNetworkError('The connection closed before an answer', 'POST', false);
const START = Date.UTC(2026, 0, 10, 12);
/** A Linode timestamp (UTC, no offset) `ms` after the attempt began. */
const at = (ms: number): string => new Date(START + ms).toISOString().slice(0, 19);

function image(id: number, label: string, status: Image['status'], created: string | null, extra: Partial<Image> = {}): Image {
  return privateImage(id, label, [{ region: 'us-east', status: 'available' }], { status, created, ...extra });
}

describe('lost creates', () => {
  it('asks with an X-Filter and keeps private images with the label and a status, made since the attempt began', async () => {
    const filters: Array<Record<string, unknown>> = [];
    const listed = [
      image(1, 'disk', 'creating', at(1_000)),
      image(2, 'disk', 'available', at(-CLOCK_SKEW_MS + 1_000), { regions: [] }),
      image(3, 'disk', 'available', at(-CLOCK_SKEW_MS - 1_000)),
      image(4, 'disk', 'pending_upload', at(1_000)),
      image(5, 'other', 'creating', at(1_000)),
      image(6, 'disk', 'creating', at(1_000), { is_public: true }),
      image(7, 'disk', 'creating', at(1_000), { regions: [{ region: 'eu-west', status: 'available' }] }),
      image(8, 'disk', 'creating', null),
    ];
    const api = {
      listImagesFiltered: async (filter: Record<string, unknown>): Promise<Image[]> => {
        filters.push(filter);
        return listed;
      },
    };
    const found = await findImagesMadeSince(api, { label: 'disk', statuses: ['creating', 'available'] }, START, START + 60_000);
    assert.deepEqual(found.map((i) => i.id), ['private/1', 'private/2', 'private/7']);
    const inRegion = await findImagesMadeSince(api, { label: 'disk', statuses: ['creating', 'available'], region: 'us-east' }, START, START + 60_000);
    // Image 2 lists no regions yet: it may still be the one.
    assert.deepEqual(inRegion.map((i) => i.id), ['private/1', 'private/2']);
    const waiting = await findImagesMadeSince(api, { label: 'disk', statuses: ['pending_upload'] }, START, START + 60_000);
    assert.deepEqual(waiting.map((i) => i.id), ['private/4']);
    // Made after "now" (beyond the skew allowed): not from this attempt.
    assert.deepEqual(await findImagesMadeSince(api, { label: 'disk', statuses: ['pending_upload'] }, START, START - CLOCK_SKEW_MS - 2_000), []);
    assert.deepEqual(filters, [{ label: 'disk' }, { label: 'disk' }, { label: 'disk', status: 'pending_upload' }, { label: 'disk', status: 'pending_upload' }]);
  });

  it('settles a lost answer to a capture by the newest image with its label made since, never by a second POST', async () => {
    const now = Date.now();
    const stamp = (ms: number): string => new Date(now + ms).toISOString().slice(0, 19);
    let posts = 0;
    let listed: Image[] = [image(1, 'web', 'creating', stamp(-1_000)), image(2, 'web', 'creating', stamp(1_000)), image(3, 'old', 'creating', stamp(0))];
    let listFails = false;
    const fake = {
      captureImage: async (): Promise<Image> => {
        posts++;
        throw lost();
      },
      listImagesFiltered: async (): Promise<Image[]> => {
        if (listFails) throw new LinodeApiError(500, [{ reason: 'down' }], 'GET');
        return listed;
      },
    };
    const client = fake as unknown as LinodeClient;
    assert.equal((await captureConfirmed(client, log, { disk_id: 1, label: 'web' }, 'web')).id, 'private/2');
    assert.equal(posts, 1);

    listed = [];
    await assert.rejects(captureConfirmed(client, log, { disk_id: 1, label: 'web' }, 'web'), LinodeNetworkError);

    listFails = true;
    await assert.rejects(captureConfirmed(client, log, { disk_id: 1, label: 'web' }, 'web'), (error: Error) => {
      assert.match(error.message, /Whether Linode started the capture could not be checked/);
      assert.ok(error.cause instanceof LinodeNetworkError);
      return true;
    });
    assert.equal(posts, 3);

    const refused = { ...fake, captureImage: async (): Promise<Image> => { throw new LinodeApiError(400, [{ reason: 'bad' }], 'POST'); } };
    await assert.rejects(captureConfirmed(refused as unknown as LinodeClient, log, { disk_id: 1, label: 'web' }, 'web'), LinodeApiError);
  });
});
