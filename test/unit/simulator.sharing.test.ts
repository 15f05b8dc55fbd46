// Image sharing in the simulator (simulator/sharing.ts): every share-group endpoint over HTTP, membership across
// the two seeded accounts, and a field-by-field comparison with the real answers linodego recorded
// (../shared/linode-api/recorded/TestImageSharing_Suite.yaml, read as test/support/recordedExchanges.ts reads it:
// $LINODE_API_RECORDED or the shared folder beside the project).

import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  SEED_IDS,
  SIMULATOR_READONLY_TOKEN,
  SIMULATOR_TEAMMATE_TOKEN,
  SIMULATOR_TOKEN,
  startSimulator,
  teammateTokenRecord,
  type Simulator,
} from '../../simulator/index';
import { rawRequest, type RawResponse } from '../../simulator/rawClient';
import { limitsFor } from '../../simulator/rateLimits';
import { SHARING_ROUTES } from '../../simulator/sharing';
import { skipMissing } from '../contract/openapiSpec';
import { missingRecordedMessage, recordedFolder } from '../support/recordedExchanges';
import { shareWithMainAccount } from '../support/sharedWithMain';

const { sharing, images } = SEED_IDS;
const RECORDING = 'TestImageSharing_Suite.yaml';

type Json = Record<string, unknown>;
interface Page {
  data: Json[];
  page: number;
  pages: number;
  results: number;
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function bodyOf(response: RawResponse): Json {
  return response.body as Json;
}

function pageOf(response: RawResponse): Page {
  return response.body as Page;
}

function reasons(response: RawResponse): string[] {
  return (bodyOf(response).errors as Array<{ field?: string; reason: string }>).map((error) => (error.field ? `${error.field}: ${error.reason}` : error.reason));
}

describe('simulator image sharing (share groups, v4beta)', function () {
  this.timeout(30_000);
  let sim: Simulator;
  const call = (method: string, path: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<RawResponse> =>
    rawRequest(sim.apiUrl, method, path, {
      token: options.token === null ? undefined : options.token ?? SIMULATOR_TOKEN,
      body: options.body,
      headers: options.headers,
    });
  const ok = async (method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<RawResponse> => {
    const response = await call(method, path, options);
    assert.equal(response.status, 200, `${method} ${path}: ${response.text}`);
    return response;
  };
  const teammate = { token: SIMULATOR_TEAMMATE_TOKEN };
  const teammateImageIds = async (version = 'v4beta'): Promise<string[]> =>
    pageOf(await ok('GET', `/${version}/images`, teammate)).data.map((image) => image.id as string).filter((id) => !id.startsWith('linode/'));

  before(async () => {
    sim = await startSimulator({ seed: 'sharing', lifecycleMs: 60_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  describe('the sharing seed', () => {
    it('gives sim-teammate one shared/ image of the group "Team images" on v4beta, with image_sharing.shared_by', async () => {
      assert.deepEqual(await teammateImageIds(), [SEED_IDS.teammateImages.base, SEED_IDS.teammateImages.app, sharing.sharedImage]);
      const shared = bodyOf(await ok('GET', `/v4beta/images/${enc(sharing.sharedImage)}`, teammate));
      assert.equal(shared.type, 'shared');
      assert.equal(shared.is_public, false);
      assert.equal(shared.is_shared, null);
      assert.equal(shared.created_by, null);
      assert.deepEqual(shared.image_sharing, {
        shared_with: null,
        shared_by: { sharegroup_id: sharing.groupId, sharegroup_uuid: sharing.groupUuid, sharegroup_label: sharing.groupLabel, source_image_id: null },
      });
      const source = bodyOf(await ok('GET', `/v4beta/images/${enc(sharing.source)}`));
      assert.deepEqual([shared.size, shared.status, shared.regions, shared.total_size], [source.size, source.status, source.regions, source.total_size]);
    });

    it('keeps shared images off /v4 and out of the producer\'s own list, and shows the producer its shared private image', async () => {
      assert.deepEqual(await teammateImageIds('v4'), [SEED_IDS.teammateImages.base, SEED_IDS.teammateImages.app]);
      assert.equal((await call('GET', `/v4/images/${enc(sharing.sharedImage)}`, teammate)).status, 404);
      const own = pageOf(await ok('GET', '/v4beta/images')).data;
      assert.ok(own.every((image) => !(image.id as string).startsWith('shared/')));
      assert.equal((await call('GET', `/v4beta/images/${enc(sharing.sharedImage)}`)).status, 404);
      const source = own.find((image) => image.id === sharing.source) as Json;
      assert.equal(source.is_shared, true);
      assert.deepEqual(source.image_sharing, {
        shared_with: { sharegroup_count: 1, sharegroup_list_url: `/images/${sharing.source}/sharegroups` },
        shared_by: null,
      });
    });

    it('exports the group, member and token in SEED_IDS', async () => {
      const group = bodyOf(await ok('GET', `/v4beta/images/sharegroups/${sharing.groupId}`));
      assert.deepEqual([group.uuid, group.label, group.images_count, group.members_count], [sharing.groupUuid, sharing.groupLabel, 1, 1]);
      const member = bodyOf(await ok('GET', `/v4beta/images/sharegroups/${sharing.groupId}/members/${sharing.memberTokenUuid}`));
      assert.equal(member.status, 'active');
      const token = bodyOf(await ok('GET', `/v4beta/images/sharegroups/tokens/${sharing.memberTokenUuid}`, teammate));
      assert.deepEqual([token.status, token.sharegroup_uuid, token.sharegroup_label], ['active', sharing.groupUuid, sharing.groupLabel]);
      assert.equal('token' in token, false, 'the secret is shown only when the token is created');
    });
  });

  describe('image objects', () => {
    it('carry is_shared and image_sharing on v4beta only, in the recorded key order', async () => {
      const beta = bodyOf(await ok('GET', `/v4beta/images/${enc(images.singleRegion)}`));
      assert.deepEqual(Object.keys(beta), [
        'id', 'label', 'description', 'created', 'updated', 'size', 'created_by', 'type', 'tags', 'is_public', 'is_shared',
        'deprecated', 'vendor', 'expiry', 'eol', 'status', 'capabilities', 'regions', 'total_size', 'image_sharing',
      ]);
      assert.equal(beta.is_shared, false);
      assert.deepEqual(beta.image_sharing, {
        shared_with: { sharegroup_count: 0, sharegroup_list_url: `/images/${images.singleRegion}/sharegroups` },
        shared_by: null,
      });
      const publicImage = bodyOf(await ok('GET', `/v4beta/images/${enc(images.publicCurrent)}`));
      assert.deepEqual([publicImage.is_shared, publicImage.image_sharing], [false, null]);
      for (const path of [`/v4/images/${enc(images.singleRegion)}`, `/v4/images/${enc(images.publicCurrent)}`]) {
        const v4 = bodyOf(await ok('GET', path));
        assert.equal('is_shared' in v4, false, path);
        assert.equal('image_sharing' in v4, false, path);
      }
    });

    it('carry them on every v4beta image answer: capture, upload, update, replicate', async () => {
      const captured = bodyOf(await ok('POST', '/v4beta/images', { body: { disk_id: SEED_IDS.disks.webProdMain, label: 'shared-capture' } }));
      const upload = bodyOf(await ok('POST', '/v4beta/images/upload', { body: { label: 'shared-upload', region: 'us-east' } }));
      const updated = bodyOf(await ok('PUT', `/v4beta/images/${enc(images.singleRegion)}`, { body: { label: 'renamed' } }));
      const replicated = bodyOf(await ok('POST', `/v4beta/images/${enc(images.singleRegion)}/regions`, { body: { regions: ['us-east', 'eu-west'] } }));
      for (const image of [captured, upload.image as Json, updated, replicated]) {
        assert.equal(image.is_shared, false);
        assert.ok(image.image_sharing && typeof image.image_sharing === 'object');
      }
    });

    it('filter on is_shared and type on v4beta (type "shared" for a member)', async () => {
      const filtered = await call('GET', '/v4beta/images', { token: SIMULATOR_TEAMMATE_TOKEN, headers: { 'X-Filter': JSON.stringify({ type: 'shared' }) } });
      assert.deepEqual(pageOf(filtered).data.map((image) => image.id), [sharing.sharedImage]);
      const isShared = await call('GET', '/v4beta/images', { headers: { 'X-Filter': JSON.stringify({ is_shared: true }) } });
      assert.deepEqual(pageOf(isShared).data.map((image) => image.id), [sharing.source]);
      assert.equal((await call('GET', '/v4/images', { headers: { 'X-Filter': JSON.stringify({ is_shared: true }) } })).status, 400);
    });

    it('stay is_shared once shared, as recorded, after the image leaves its last group', async () => {
      await ok('DELETE', `/v4beta/images/sharegroups/${sharing.groupId}/images/${enc(sharing.sharedImage)}`);
      const source = bodyOf(await ok('GET', `/v4beta/images/${enc(sharing.source)}`));
      assert.equal(source.is_shared, true);
      assert.equal((source.image_sharing as { shared_with: { sharegroup_count: number } }).shared_with.sharegroup_count, 0);
    });
  });

  describe('where the endpoints exist', () => {
    it('on /v4 they are routed as before they existed: an image called "sharegroups" (404), 405, or 404', async () => {
      const cases: Array<[string, string, number]> = [
        ['GET', '/v4/images/sharegroups', 404],
        ['POST', '/v4/images/sharegroups', 405],
        ['GET', `/v4/images/sharegroups/${sharing.groupId}`, 404],
        ['GET', `/v4/images/sharegroups/${sharing.groupId}/images`, 404],
        ['GET', `/v4/images/sharegroups/${sharing.groupId}/members`, 404],
        ['GET', '/v4/images/sharegroups/tokens', 404],
        ['GET', `/v4/images/sharegroups/tokens/${sharing.memberTokenUuid}/sharegroup`, 404],
        ['GET', `/v4/images/${enc(sharing.source)}/sharegroups`, 404],
      ];
      for (const [method, path, status] of cases) {
        const response = await call(method, path, { body: method === 'POST' ? { label: 'x' } : undefined });
        assert.equal(response.status, status, `${method} ${path}`);
        assert.ok(Array.isArray(bodyOf(response).errors));
      }
    });

    it('without the beta (the default), v4beta has neither the endpoints nor the fields; the imageSharing option enrols', async () => {
      const plain = await startSimulator();
      const enrolled = await startSimulator({ imageSharing: true });
      try {
        assert.equal((await rawRequest(plain.apiUrl, 'GET', '/v4beta/images/sharegroups', { token: SIMULATOR_TOKEN })).status, 404);
        const image = (await rawRequest(plain.apiUrl, 'GET', `/v4beta/images/${enc(images.singleRegion)}`, { token: SIMULATOR_TOKEN })).body as Json;
        assert.equal('is_shared' in image, false);
        const groups = await rawRequest(enrolled.apiUrl, 'GET', '/v4beta/images/sharegroups', { token: SIMULATOR_TOKEN });
        assert.deepEqual(groups.body, { data: [], page: 1, pages: 1, results: 0 });
        enrolled.reset();
        assert.equal(enrolled.state.imageSharing, true, 'reset keeps the option');
      } finally {
        await plain.close();
        await enrolled.close();
      }
    });

    it('need a token with the images scopes', async () => {
      assert.equal((await call('GET', '/v4beta/images/sharegroups', { token: null })).status, 401);
      assert.equal((await call('GET', '/v4beta/images/sharegroups', { token: SIMULATOR_READONLY_TOKEN })).status, 200);
      const refused = await call('POST', '/v4beta/images/sharegroups', { token: SIMULATOR_READONLY_TOKEN, body: { label: 'read only' } });
      assert.equal(refused.status, 401);
      assert.equal(refused.headers['x-accepted-oauth-scopes'], 'images:read_write');
    });

    it('count the GET lists (not the single group of a token) as paginated collections for the rate limits', async () => {
      const ids: Record<string, string> = {
        groupId: String(sharing.groupId),
        imageId: enc(sharing.source),
        sharedId: enc(sharing.sharedImage),
        tokenUuid: sharing.memberTokenUuid,
      };
      for (const route of SHARING_ROUTES.filter((candidate) => candidate.method === 'GET')) {
        const token = route.pattern.includes('tokens') ? SIMULATOR_TEAMMATE_TOKEN : SIMULATOR_TOKEN;
        const path = `/v4beta/${route.pattern.map((segment) => (segment.startsWith(':') ? ids[segment.slice(1)] : segment)).join('/')}`;
        const response = await call('GET', path, { token });
        assert.equal(response.status, 200, path);
        const pattern = route.pattern.join('/');
        assert.equal(limitsFor({ method: 'GET', pattern }).includes('paginated'), typeof bodyOf(response).pages === 'number', pattern);
      }
    });
  });

  describe('producer and consumer', () => {
    it('go through the whole membership: group, images, token, member, revocation, deletion', async () => {
      // The producer makes a group with one image and adds another.
      const created = bodyOf(await ok('POST', '/v4beta/images/sharegroups', {
        body: { label: 'Release images', description: 'For the release team.', images: [{ id: images.singleRegion }] },
      }));
      assert.deepEqual(Object.keys(created), ['id', 'uuid', 'label', 'description', 'is_suspended', 'created', 'updated', 'expiry', 'images_count', 'members_count']);
      assert.deepEqual([created.images_count, created.members_count, created.updated, created.is_suspended], [1, 0, null, false]);
      const groupPath = `/v4beta/images/sharegroups/${created.id as number}`;
      const added = pageOf(await ok('POST', `${groupPath}/images`, { body: { images: [{ id: images.cloudInit, label: 'k8s node', description: 'For the team.' }] } }));
      assert.equal(added.results, 1);
      const addedImage = added.data[0];
      assert.match(addedImage.id as string, /^shared\/\d+$/);
      assert.deepEqual([addedImage.label, addedImage.description, addedImage.type], ['k8s node', 'For the team.', 'shared']);
      assert.equal((addedImage.image_sharing as { shared_by: { source_image_id: string } }).shared_by.source_image_id, images.cloudInit);
      const groupImages = pageOf(await ok('GET', `${groupPath}/images`));
      assert.equal(groupImages.results, 2);
      // Without a label, a shared image keeps the original's.
      assert.ok(groupImages.data.some((image) => image.label === 'web-base-2024'));
      assert.equal(pageOf(await ok('GET', '/v4beta/images/sharegroups')).results, 2);
      assert.deepEqual(pageOf(await ok('GET', `/v4beta/images/${enc(images.cloudInit)}/sharegroups`)).data.map((group) => group.id), [created.id]);

      // The consumer asks for a token for the group's uuid; it is pending, and names the group already.
      const token = bodyOf(await ok('POST', '/v4beta/images/sharegroups/tokens', { ...teammate, body: { label: 'release', valid_for_sharegroup_uuid: created.uuid } }));
      assert.deepEqual(Object.keys(token), [
        'token', 'token_uuid', 'status', 'label', 'valid_for_sharegroup_uuid', 'created', 'updated', 'expiry', 'sharegroup_uuid', 'sharegroup_label',
      ]);
      assert.deepEqual([token.status, token.sharegroup_uuid, token.sharegroup_label], ['pending', created.uuid, created.label]);
      assert.match(token.token as string, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT, as the API reference says');
      const tokenPath = `/v4beta/images/sharegroups/tokens/${token.token_uuid as string}`;
      assert.equal((await call('GET', `${tokenPath}/sharegroup`, teammate)).status, 404, 'not a member yet');
      assert.equal((await call('GET', tokenPath)).status, 404, "another account's token");
      const renamedToken = bodyOf(await ok('PUT', tokenPath, { ...teammate, body: { label: 'release team' } }));
      assert.equal(renamedToken.label, 'release team');
      assert.equal(typeof renamedToken.updated, 'string');
      assert.equal(pageOf(await ok('GET', '/v4beta/images/sharegroups/tokens', teammate)).results, 2);

      // The producer adds the token as a member.
      const member = bodyOf(await ok('POST', `${groupPath}/members`, { body: { token: token.token, label: 'teammate' } }));
      assert.deepEqual(Object.keys(member), ['token_uuid', 'status', 'label', 'created', 'updated', 'expiry']);
      assert.deepEqual([member.token_uuid, member.status], [token.token_uuid, 'active']);
      const memberPath = `${groupPath}/members/${token.token_uuid as string}`;
      assert.equal(bodyOf(await ok('PUT', memberPath, { body: { label: 'sim-teammate' } })).label, 'sim-teammate');
      assert.equal(bodyOf(await ok('GET', memberPath)).label, 'sim-teammate');
      assert.equal(pageOf(await ok('GET', `${groupPath}/members`)).results, 1);
      assert.equal(bodyOf(await ok('GET', groupPath)).members_count, 1);

      // The consumer now receives both images.
      const accepted = bodyOf(await ok('GET', tokenPath, teammate));
      assert.deepEqual([accepted.status, accepted.sharegroup_uuid, accepted.sharegroup_label], ['active', created.uuid, 'Release images']);
      assert.deepEqual(Object.keys(bodyOf(await ok('GET', `${tokenPath}/sharegroup`, teammate))), ['id', 'uuid', 'label', 'description', 'is_suspended', 'created', 'updated']);
      const received = pageOf(await ok('GET', `${tokenPath}/sharegroup/images`, teammate));
      assert.equal(received.results, 2);
      assert.ok(received.data.every((image) => (image.image_sharing as { shared_by: { source_image_id: unknown } }).shared_by.source_image_id === null));
      assert.ok((await teammateImageIds()).includes(addedImage.id as string));

      // The producer edits the group and a shared image; the consumer sees the new labels.
      await ok('PUT', groupPath, { body: { label: 'Release images v2' } });
      const relabelled = bodyOf(await ok('PUT', `${groupPath}/images/${enc(addedImage.id as string)}`, { body: { label: 'k8s node v2' } }));
      assert.equal(typeof relabelled.updated, 'string');
      const seen = bodyOf(await ok('GET', `/v4beta/images/${enc(addedImage.id as string)}`, teammate));
      assert.equal(seen.label, 'k8s node v2');
      assert.equal((seen.image_sharing as { shared_by: { sharegroup_label: string } }).shared_by.sharegroup_label, 'Release images v2');

      // Removing an image takes it away from the consumer.
      await ok('DELETE', `${groupPath}/images/${enc(addedImage.id as string)}`);
      assert.ok(!(await teammateImageIds()).includes(addedImage.id as string));
      assert.equal((await call('GET', `/v4beta/images/${enc(addedImage.id as string)}`, teammate)).status, 404);
      assert.equal((await call('PUT', `${groupPath}/images/${enc(addedImage.id as string)}`, { body: { label: 'gone' } })).status, 404);

      // Revoking the member: listed as revoked, not counted, the consumer loses the images and the group.
      await ok('DELETE', memberPath);
      assert.equal(bodyOf(await ok('GET', memberPath)).status, 'revoked');
      assert.equal(bodyOf(await ok('GET', groupPath)).members_count, 0);
      assert.equal(bodyOf(await ok('GET', tokenPath, teammate)).status, 'revoked');
      assert.equal((await call('GET', `${tokenPath}/sharegroup/images`, teammate)).status, 404);
      assert.deepEqual(await teammateImageIds(), [SEED_IDS.teammateImages.base, SEED_IDS.teammateImages.app, sharing.sharedImage]);
      // A used token cannot join again.
      const reused = await call('POST', `${groupPath}/members`, { body: { token: token.token, label: 'again' } });
      assert.equal(reused.status, 422);
      assert.deepEqual(reasons(reused), ['token: This token has already been used.']);

      // Deleting the group.
      await ok('DELETE', groupPath);
      assert.equal((await call('GET', groupPath)).status, 404);
      assert.equal(pageOf(await ok('GET', '/v4beta/images/sharegroups')).results, 1);
      await ok('DELETE', tokenPath, teammate);
      assert.equal((await call('GET', tokenPath, teammate)).status, 404);
    });

    it('deleting the group or the consumer\'s token ends the seeded membership', async () => {
      const tokenPath = `/v4beta/images/sharegroups/tokens/${sharing.memberTokenUuid}`;
      await ok('DELETE', tokenPath, teammate);
      assert.ok(!(await teammateImageIds()).includes(sharing.sharedImage));
      assert.equal(pageOf(await ok('GET', `/v4beta/images/sharegroups/${sharing.groupId}/members`)).results, 0);

      sim.reset();
      await ok('DELETE', `/v4beta/images/sharegroups/${sharing.groupId}`);
      assert.ok(!(await teammateImageIds()).includes(sharing.sharedImage));
      assert.equal(bodyOf(await ok('GET', tokenPath, teammate)).status, 'revoked');
    });

    it('deleting the source image takes it out of its groups', async () => {
      await ok('DELETE', `/v4beta/images/${enc(sharing.source)}`);
      assert.equal(bodyOf(await ok('GET', `/v4beta/images/sharegroups/${sharing.groupId}`)).images_count, 0);
      assert.ok(!(await teammateImageIds()).includes(sharing.sharedImage));
    });

    it('a member cannot edit, delete or replicate a shared image (403)', async () => {
      const path = `/v4beta/images/${enc(sharing.sharedImage)}`;
      const cases: Array<[string, string, unknown, string]> = [
        ['PUT', path, { label: 'mine' }, 'Shared images cannot be edited.'],
        ['DELETE', path, undefined, 'Shared images cannot be deleted.'],
        ['POST', `${path}/regions`, { regions: ['us-east'] }, 'Shared images cannot be replicated.'],
      ];
      for (const [method, target, body, reason] of cases) {
        const response = await call(method, target, { ...teammate, body });
        assert.equal(response.status, 403, `${method} ${target}`);
        assert.deepEqual(response.body, { errors: [{ reason }] });
      }
      assert.deepEqual(await teammateImageIds(), [SEED_IDS.teammateImages.base, SEED_IDS.teammateImages.app, sharing.sharedImage]);
    });

    it('a member deploys and rebuilds from a shared image where it has copies; the producer, /v4 and a former member get "image is not valid"', async () => {
      const { base } = SEED_IDS.teammateImages; // available in us-east and eu-west
      const shared = await shareWithMainAccount(sim.apiUrl, base, 'teammate base');
      const password = 'k7#Rw2!mQz9$Lp4vXe';
      const body = (extra: Record<string, unknown>): Record<string, unknown> => ({ region: 'eu-west', type: 'g6-nanode-1', image: shared.sharedId, root_pass: password, ...extra });
      const imageRefusal = async (path: string, sent: Record<string, unknown>): Promise<string[]> => {
        const response = await call('POST', path, { body: sent });
        assert.equal(response.status, 400, `${path}: ${response.text}`);
        return reasons(response);
      };
      const linodeCount = sim.state.linodes.size;

      const made = bodyOf(await ok('POST', '/v4beta/linode/instances', { body: body({ label: 'from-shared-1' }) }));
      assert.deepEqual([made.image, made.region, made.status], [shared.sharedId, 'eu-west', 'provisioning']);
      const disks = sim.state.disksOf(made.id as number).map((disk) => disk.label);
      assert.deepEqual(disks, ['teammate base Disk', '512 MB Swap Image']);
      // Only where the shared image has an available copy.
      assert.deepEqual(await imageRefusal('/v4beta/linode/instances', body({ label: 'from-shared-2', region: 'ap-south' })), [`image: Image ${shared.sharedId} is not available in ap-south.`]);
      // A rebuild of one of the account's Linodes in us-east.
      sim.settle();
      const rebuilt = bodyOf(await ok('POST', `/v4beta/linode/instances/${SEED_IDS.linodes.webProd}/rebuild`, { body: { image: shared.sharedId, root_pass: password } }));
      assert.deepEqual([rebuilt.image, rebuilt.status], [shared.sharedId, 'rebuilding']);

      // The image sharing beta is a v4beta matter; the seeded shared/5801 is sim-user's own group's (the producer's).
      assert.deepEqual(await imageRefusal('/v4/linode/instances', body({ label: 'from-shared-3' })), ['image: image is not valid']);
      assert.deepEqual(await imageRefusal('/v4beta/linode/instances', body({ label: 'from-shared-4', image: sharing.sharedImage, region: 'us-east' })), ['image: image is not valid']);
      // Revoked: the former member can no longer deploy it, nor rebuild from it.
      await ok('DELETE', shared.memberPath, teammate);
      sim.settle();
      assert.deepEqual(await imageRefusal('/v4beta/linode/instances', body({ label: 'from-shared-5' })), ['image: image is not valid']);
      assert.deepEqual(await imageRefusal(`/v4beta/linode/instances/${SEED_IDS.linodes.webProd}/rebuild`, { image: shared.sharedId, root_pass: password }), ['image: image is not valid']);
      assert.equal(sim.state.linodes.size, linodeCount + 1, 'one Linode made, from the accepted create');
    });

    it('keeps each account to its own groups, images and tokens', async () => {
      assert.equal(pageOf(await ok('GET', '/v4beta/images/sharegroups', teammate)).results, 0);
      for (const path of [
        `/v4beta/images/sharegroups/${sharing.groupId}`,
        `/v4beta/images/sharegroups/${sharing.groupId}/images`,
        `/v4beta/images/sharegroups/${sharing.groupId}/members`,
        `/v4beta/images/${enc(sharing.source)}/sharegroups`,
      ]) {
        assert.equal((await call('GET', path, teammate)).status, 404, path);
      }
      assert.equal(pageOf(await ok('GET', '/v4beta/images/sharegroups/tokens')).results, 0);
      // A group's own account cannot ask to join it.
      const own = await call('POST', '/v4beta/images/sharegroups/tokens', { body: { valid_for_sharegroup_uuid: sharing.groupUuid } });
      assert.deepEqual(reasons(own), ["valid_for_sharegroup_uuid: A share group's own account cannot be its member."]);
      // The teammate cannot share the producer's image, nor a public one.
      const teammateGroup = bodyOf(await ok('POST', '/v4beta/images/sharegroups', { ...teammate, body: { label: 'teammate group' } }));
      const foreign = await call('POST', `/v4beta/images/sharegroups/${teammateGroup.id as number}/images`, { ...teammate, body: { images: [{ id: sharing.source }, { id: images.publicCurrent }] } });
      assert.equal(foreign.status, 422);
      assert.equal(reasons(foreign).length, 2);
      assert.equal(pageOf(await ok('GET', `/v4beta/images/${enc(SEED_IDS.teammateImages.base)}/sharegroups`, teammate)).results, 0);
    });
  });

  describe('validation', () => {
    it('refuses bad group, image, member and token bodies with 422 field errors', async () => {
      const groupPath = `/v4beta/images/sharegroups/${sharing.groupId}`;
      const cases: Array<[string, string, unknown, string[], string?]> = [
        ['POST', '/v4beta/images/sharegroups', {}, ['label: label is required.']],
        ['POST', '/v4beta/images/sharegroups', { label: '' }, ['label: Label must be between 1 and 100 characters.']],
        ['POST', '/v4beta/images/sharegroups', { label: 'x'.repeat(101) }, ['label: Label must be between 1 and 100 characters.']],
        ['POST', '/v4beta/images/sharegroups', { label: 'ok', colour: 'red' }, ['colour: colour is not a recognized field.']],
        ['POST', '/v4beta/images/sharegroups', { label: 'ok', description: 7 }, ['description: description must be a string.']],
        ['POST', '/v4beta/images/sharegroups', { label: 'ok', images: 'private/15001' }, ['images: images must be a non-empty array of {id, label?, description?}.']],
        ['PUT', groupPath, { label: 'x'.repeat(101) }, ['label: Label must be between 1 and 100 characters.']],
        ['POST', `${groupPath}/images`, {}, ['images: images is required.']],
        ['POST', `${groupPath}/images`, { images: [] }, ['images: images must be a non-empty array of {id, label?, description?}.']],
        ['POST', `${groupPath}/images`, { images: [{ id: images.creating }] }, [`images[0].id: Image ${images.creating} is creating; only available images can be shared.`]],
        ['POST', `${groupPath}/images`, { images: [{ id: 'private/999999' }] }, ['images[0].id: Image private/999999 not found; only your own private images can be shared.']],
        ['POST', `${groupPath}/images`, { images: [{ id: images.legacy, label: '', tags: [] }] }, ['images[0].tags: tags is not a recognized field.', 'images[0].label: Label must be between 1 and 100 characters.']],
        ['PUT', `${groupPath}/images/${enc(sharing.sharedImage)}`, { tags: ['x'] }, ['tags: tags is not a recognized field.']],
        ['POST', `${groupPath}/members`, { label: 'no token' }, ['token: token is required.']],
        ['POST', `${groupPath}/members`, { token: 'nope' }, ['label: label is required.', 'token: Invalid token for this share group.']],
        ['PUT', `${groupPath}/members/${sharing.memberTokenUuid}`, {}, ['label: label is required.']],
        ['POST', '/v4beta/images/sharegroups/tokens', { label: 'x' }, ['valid_for_sharegroup_uuid: valid_for_sharegroup_uuid is required.'], SIMULATOR_TEAMMATE_TOKEN],
        ['POST', '/v4beta/images/sharegroups/tokens', { valid_for_sharegroup_uuid: '00000000-0000-4000-8000-000000000000' }, ['valid_for_sharegroup_uuid: Share group not found.'], SIMULATOR_TEAMMATE_TOKEN],
        ['PUT', `/v4beta/images/sharegroups/tokens/${sharing.memberTokenUuid}`, { label: 'x'.repeat(101) }, ['label: Label must be between 1 and 100 characters.'], SIMULATOR_TEAMMATE_TOKEN],
      ];
      for (const [method, path, body, expected, token] of cases) {
        const response = await call(method, path, { body, token });
        assert.equal(response.status, 422, `${method} ${path} ${JSON.stringify(body)}: ${response.text}`);
        assert.deepEqual(reasons(response), expected, `${method} ${path} ${JSON.stringify(body)}`);
      }
      assert.equal((await call('POST', '/v4beta/images/sharegroups', { body: [1] })).status, 400);
      assert.equal((await call('GET', '/v4beta/images/sharegroups/not-a-number')).status, 404);
      assert.equal((await call('GET', `${groupPath}/members/00000000-0000-4000-8000-000000000000`)).status, 404);
    });

    it('paginates every list, with the usual page_size rules', async () => {
      for (let n = 0; n < 30; n++) {
        await ok('POST', '/v4beta/images/sharegroups', { body: { label: `group ${n}` } });
      }
      const second = pageOf(await ok('GET', '/v4beta/images/sharegroups?page=2&page_size=25'));
      assert.deepEqual([second.page, second.pages, second.results, second.data.length], [2, 2, 31, 6]);
      assert.equal((await call('GET', '/v4beta/images/sharegroups?page_size=10')).status, 400);
      assert.equal((await call('GET', `/v4beta/images/sharegroups/${sharing.groupId}/members?page=0`)).status, 400);
    });

    it('records no account events for share-group actions (none are recorded from the real API)', async () => {
      await ok('POST', '/v4beta/images/sharegroups', { body: { label: 'quiet', images: [{ id: images.legacy }] } });
      await ok('PUT', `/v4beta/images/sharegroups/${sharing.groupId}`, { body: { description: 'quiet' } });
      await ok('DELETE', `/v4beta/images/sharegroups/${sharing.groupId}/members/${sharing.memberTokenUuid}`);
      assert.equal(sim.state.events.size, 0);
    });

    it('offers the teammate token record for other seeds', () => {
      assert.deepEqual(sim.state.tokens.get(SIMULATOR_TEAMMATE_TOKEN), teammateTokenRecord());
    });
  });
});

// ---- the recorded answers, field by field --------------------------------------------------------------------

interface Interaction {
  request?: { method?: string; url?: string; body?: string };
  response?: { code?: number; body?: string };
}

/** JSON types of a value, for comparing shapes: names, types and nullability, never values. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

/** The kind of an item in a list, so like is compared with like: public, private or shared image, or anything. */
function kindOf(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Json).id;
    if (typeof id === 'string' && id.includes('/')) return id.split('/')[0] === 'linode' ? 'public image' : `${id.split('/')[0]} image`;
  }
  return 'item';
}

/** Keys of a public image compared here: the sharing fields (the rest of the public shape is realWorld.ts's business). */
const PUBLIC_IMAGE_KEYS = ['is_shared', 'image_sharing'];

/**
 * Differences in shape between a recorded answer and the simulator's: keys (and, for items, their order), JSON
 * types and nulls; never values. A list is compared kind by kind: every kind of item the recording holds must be in
 * the simulator's list, and the simulator's first item of that kind must have the shape of one of the recorded
 * items of that kind (a recorded list mixes, say, a group never updated, `updated: null`, with one that was, a
 * string); an empty list compares with any list.
 */
function shapeDifferences(recorded: unknown, simulated: unknown, at: string, checkOrder: boolean): string[] {
  const [recordedType, simulatedType] = [jsonType(recorded), jsonType(simulated)];
  if (recordedType !== simulatedType) {
    return [`${at}: recorded ${recordedType}, simulator ${simulatedType}`];
  }
  if (recordedType === 'array') {
    const [left, right] = [recorded as unknown[], simulated as unknown[]];
    if (left.length === 0 || right.length === 0) return [];
    const problems: string[] = [];
    for (const kind of new Set(left.map(kindOf))) {
      const mine = right.find((item) => kindOf(item) === kind);
      if (mine === undefined) {
        problems.push(`${at}: the simulator's list has no ${kind}`);
        continue;
      }
      const attempts = left.filter((item) => kindOf(item) === kind).map((item) => shapeDifferences(item, mine, `${at}[${kind}]`, checkOrder));
      if (!attempts.some((attempt) => attempt.length === 0)) problems.push(...attempts[0]);
    }
    return problems;
  }
  if (recordedType !== 'object') return [];
  const [left, right] = [recorded as Json, simulated as Json];
  // Public images: only the sharing fields. The real API also leaves their `total_size` out, sends `description`
  // as "" and orders their keys its own way, which the simulator (realWorld.ts) does not follow; none of that is
  // about sharing.
  const isPublic = kindOf(left) === 'public image';
  const leftKeys = Object.keys(left).filter((key) => !isPublic || PUBLIC_IMAGE_KEYS.includes(key));
  const rightKeys = Object.keys(right).filter((key) => !isPublic || PUBLIC_IMAGE_KEYS.includes(key));
  const problems: string[] = [];
  const missing = leftKeys.filter((key) => !(key in right));
  const extra = rightKeys.filter((key) => !(key in left));
  if (missing.length > 0) problems.push(`${at}: the simulator lacks ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`${at}: the simulator adds ${extra.join(', ')}`);
  const isItem = 'id' in left || 'token_uuid' in left;
  if (checkOrder && isItem && !isPublic && missing.length === 0 && extra.length === 0 && leftKeys.join() !== rightKeys.join()) {
    problems.push(`${at}: key order ${rightKeys.join(',')} (recorded ${leftKeys.join(',')})`);
  }
  for (const key of leftKeys.filter((name) => name in right)) {
    problems.push(...shapeDifferences(left[key], right[key], `${at}.${key}`, checkOrder));
  }
  return problems;
}

describe('simulator image sharing matches the recorded real answers field by field', function () {
  this.timeout(60_000);
  let interactions: Interaction[];
  let sim: Simulator;

  before(async function () {
    const file = join(recordedFolder(), RECORDING);
    if (!existsSync(file)) skipMissing(this, `${missingRecordedMessage()} (${RECORDING} is missing)`);
    interactions = ((parse(readFileSync(file, 'utf8')) as { interactions?: Interaction[] }).interactions ?? []);
    sim = await startSimulator({ seed: 'sharing', lifecycleMs: 60_000, realWorldNulls: true });
  });
  after(() => sim?.close());

  it('replays every recorded image and share-group exchange on v4beta and gets the same shapes', async () => {
    const api = sim.apiUrl;
    // The recording's ids, and the simulator's ids they stand for (found as the replay goes).
    const ids = new Map<string, string>();
    const translate = (text: string): string => {
      let result = text;
      for (const [recorded, mine] of ids) result = result.split(recorded).join(mine);
      return result;
    };
    const compared: string[] = [];
    const problems: string[] = [];
    for (const [index, interaction] of interactions.entries()) {
      const url = new URL(interaction.request?.url ?? 'https://api.linode.com/');
      const method = (interaction.request?.method ?? 'GET').toUpperCase();
      const path = url.pathname.replace(/^\/v4beta/, '');
      if (!path.startsWith('/images')) continue;
      const recordedBody = JSON.parse(interaction.response?.body ?? '{}') as unknown;
      let body: unknown = interaction.request?.body ? JSON.parse(translate(interaction.request.body)) : undefined;
      if (method === 'POST' && path === '/images') {
        // A capture from the recording's Linode: the simulator's own disk stands in for it (with a description,
        // as the real capture answers `""` where the simulator, given none, keeps null).
        body = { disk_id: SEED_IDS.disks.webProdMain, label: 'linodego-test-image-sharing-image', description: 'replay' };
      }
      // The real image was available before it was shared; let the simulator's capture finish too.
      sim.settle();
      const target = `/v4beta${translate(url.pathname.replace(/^\/v4beta/, ''))}${url.search}`;
      const response = await rawRequest(api, method, target, { token: SIMULATOR_TOKEN, body });
      const where = `#${index} ${method} ${path}`;
      if (response.status !== interaction.response?.code) {
        problems.push(`${where}: status ${response.status} (recorded ${String(interaction.response?.code)}): ${response.text}`);
        continue;
      }
      // Learn the simulator's ids from the answers that create them.
      const mine = response.body as Json;
      const theirs = recordedBody as Json;
      if (method === 'POST' && path === '/images') {
        ids.set(encodeURIComponent(theirs.id as string), encodeURIComponent(mine.id as string));
        ids.set(theirs.id as string, mine.id as string);
      } else if (method === 'POST' && path === '/images/sharegroups') {
        ids.set(`sharegroups/${theirs.id as number}`, `sharegroups/${mine.id as number}`);
      } else if (method === 'POST' && /\/images$/.test(path)) {
        const [recordedShared, simulatedShared] = [(theirs.data as Json[])[0].id as string, ((mine.data as Json[])[0]).id as string];
        ids.set(encodeURIComponent(recordedShared), encodeURIComponent(simulatedShared));
      }
      problems.push(...shapeDifferences(recordedBody, response.body, where, true));
      compared.push(where);
    }
    assert.deepEqual(problems, []);
    // Every share-group exchange of the recording, and the images around them, were compared.
    assert.ok(compared.length >= 20, compared.join('\n'));
    for (const expected of [
      'POST /images/sharegroups', 'POST /images/sharegroups/8306/images', 'GET /images/private%2F160700/sharegroups',
      'GET /images/sharegroups', 'GET /images/sharegroups/8306', 'GET /images/sharegroups/8306/images', 'GET /images/sharegroups/8306/members',
      'PUT /images/sharegroups/8306', 'PUT /images/sharegroups/8306/images/shared%2F5854', 'DELETE /images/sharegroups/8306/images/shared%2F5854',
      'DELETE /images/sharegroups/8306', 'GET /images', 'GET /images/private%2F160700', 'POST /images', 'DELETE /images/private%2F160700',
    ]) {
      assert.ok(compared.some((where) => where.endsWith(` ${expected}`)), `not compared: ${expected}`);
    }
  });

  it('gives a member\'s shared image (GET /images as the consumer) the shape of the recorded shared image', async () => {
    const recorded = interactions.find((interaction) => /\/sharegroups\/\d+\/images\?/.test(interaction.request?.url ?? '') && interaction.request?.method === 'GET');
    assert.ok(recorded, 'the recording lists a group\'s images');
    const recordedImage = (JSON.parse(recorded.response?.body ?? '{}') as Page).data[0];
    sim.reset();
    const list = (await rawRequest(sim.apiUrl, 'GET', '/v4beta/images', { token: SIMULATOR_TEAMMATE_TOKEN })).body as Page;
    const shared = list.data.find((image) => image.id === sharing.sharedImage);
    assert.ok(shared);
    assert.deepEqual(shapeDifferences(recordedImage, shared, 'shared image', true).filter((problem) => !problem.includes('source_image_id')), []);
    // The one difference on purpose: a member is not told the producer's image id (null, which the field allows).
    assert.equal((shared.image_sharing as { shared_by: { source_image_id: unknown } }).shared_by.source_image_id, null);
  });

  it('the comparison notices a missing field, a wrong type and a wrong null', () => {
    const recordedImage = { id: 'private/1', label: 'a', is_shared: false, image_sharing: { shared_with: null, shared_by: { sharegroup_id: 1 } } };
    assert.deepEqual(shapeDifferences(recordedImage, { ...recordedImage, is_shared: 'false' }, 'x', true), ['x.is_shared: recorded boolean, simulator string']);
    assert.equal(shapeDifferences(recordedImage, { id: 'private/2', label: 'b', is_shared: true }, 'x', true).length, 1);
    assert.equal(shapeDifferences(recordedImage, { ...recordedImage, image_sharing: { shared_with: {}, shared_by: { sharegroup_id: 2 } } }, 'x', true).length, 1);
  });
});
