// Contract test for the extension's own API client: every request it makes (and every answer it gets)
// in a session using each operation conforms to the official spec.
import * as assert from 'node:assert/strict';
import { LinodeClient } from '../../src/core/api/client';
import { LinodeApiError } from '../../src/core/api/errors';
import { generateRootPassword } from '../../src/core/deploy/rootPassword';
import { SEED_IDS, SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator/index';
import { specOrSkip, type OpenApiDocument } from './openapiSpec';
import { checkExchange, validateExchange } from './openapiValidator';

describe("the extension's API client conforms to the Linode OpenAPI spec 4.189.0", function () {
  this.timeout(60_000);
  let spec: OpenApiDocument;
  let sim: Simulator;

  before(async function () {
    spec = specOrSkip(this);
    sim = await startSimulator({ lifecycleMs: 10 });
  });

  after(async () => {
    await sim?.close();
  });

  for (const apiVersion of ['v4', 'v4beta'] as const) {
    it(`sends only requests the spec allows, with ${apiVersion}`, async () => {
      sim.reset();
      const client = new LinodeClient({ apiUrl: sim.apiUrl, apiVersion, token: () => SIMULATOR_TOKEN, userAgent: 'contract-test' });
      await client.checkToken();
      await client.listRegions();
      const images = await client.listImages();
      const image = images.find((i) => i.id === SEED_IDS.images.singleRegion) ?? images.find((i) => !i.is_public)!;
      await client.getImage(image.id);
      await client.updateImage(image.id, { label: 'contract-renamed', description: 'From the contract test', tags: ['contract'] });
      await client.updateImage(image.id, { description: null });
      await client.replicateImage(image.id, [image.regions[0].region, 'eu-central']);
      const linodes = await client.listLinodes();
      const disks = await client.listDisks(linodes[0].id);
      const disk = disks.find((d) => d.filesystem === 'ext4' && d.status === 'ready')!;
      const captured = await client.captureImage({ disk_id: disk.id, label: 'contract-capture', description: 'd', cloud_init: true, tags: ['abc'] });
      const upload = await client.createUploadContainer({ label: 'contract-upload', region: 'us-east', description: 'd', cloud_init: false, tags: ['abc'] });
      assert.equal((await client.listImagesFiltered({ label: 'contract-upload', status: 'pending_upload' })).length, 1);
      await client.deleteImage(upload.image.id);
      await client.deleteImage(captured.id);
      // Deploying an image on a throwaway Linode: plans, keys, create, read, list by tag, rebuild, delete.
      await client.listLinodeTypes();
      const [key] = await client.listSshKeys();
      const trial = await client.createLinode({
        region: 'us-east', type: 'g6-nanode-1', label: `contract-trial-${apiVersion}`, image: 'linode/debian12',
        root_pass: generateRootPassword(), authorized_keys: [key.ssh_key], tags: ['contract-trial'],
        metadata: { user_data: Buffer.from('#cloud-config\n').toString('base64') },
      });
      await client.getLinode(trial.id);
      assert.equal((await client.listLinodes({ label: trial.label, tag: 'contract-trial' })).length, 1);
      sim.settle();
      await client.rebuildLinode(trial.id, { image: 'linode/ubuntu24.04', root_pass: generateRootPassword(), booted: false });
      await client.deleteLinode(trial.id);
      // Errors the client must handle: their envelopes are part of the contract too.
      await assert.rejects(client.getImage('private/1'), LinodeApiError);
      await assert.rejects(client.updateImage(image.id, { label: '' }), LinodeApiError);
      await assert.rejects(client.createLinode({ region: 'us-east', type: 'g6-nanode-1', label: 'contract-weak', image: 'linode/debian12', root_pass: 'Password123!' }), LinodeApiError);

      const exchanges = sim.requests.filter((e) => e.origin === 'api');
      const operations = new Set(exchanges.map((e) => checkExchange(spec, e).operationId));
      for (const op of ['get-profile', 'get-regions', 'get-images', 'get-image', 'put-image', 'post-replicate-image',
        'get-linode-instances', 'get-linode-disks', 'post-image', 'post-upload-image', 'delete-image', 'get-linode-types',
        'get-ssh-keys', 'post-linode-instance', 'get-linode-instance', 'post-rebuild-linode-instance', 'delete-linode-instance']) {
        assert.ok(operations.has(op), `the session did not use ${op}`);
      }
      assert.deepEqual(exchanges.flatMap((e) => validateExchange(spec, e)), []);
    });
  }
});
