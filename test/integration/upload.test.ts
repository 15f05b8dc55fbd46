// Uploading a local .img.gz, end to end in the extension host against the simulator's API and upload origin.
// The files are made at test time in the test workspace (and removed after each test).
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { UploadSummary } from '../../src/host/commands/uploadImage';
import { SIMULATOR_TOKEN } from '../../simulator';
import { corruptGzip, foreignHead, pseudoRandomBytes, rawDisk, sparseFile, tempDir, writeFile } from '../fixtures/diskImages';
import { rawUploadGzip } from '../support/rawGzip';
import { evaluateWhen } from '../support/whenClause';
import { find, renderTree, signedInForEachTest, until, usePace, VIEW_CONTAINER_COMMAND, type Harness } from './harness';
import type { Expectation, ShownStep } from './promptDouble';

const FAST = { spacingMs: 100, perImageMs: 200 };
type Item = vscode.QuickPickItem;

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opens a workspace folder');
  return folder.uri.fsPath;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The steps after the file (the first of six from the palette; none from the Explorer), answered as a user would. */
function detailsScript(
  options: {
    fromPalette?: boolean;
    label?: string;
    region?: string;
    tags?: string;
    cloudInit?: boolean;
    inspectRegions?: (items: readonly Item[]) => void;
    inspectLabel?: (value: string) => void;
  } = {},
): Expectation[] {
  const first = options.fromPalette ? 2 : 1;
  const at = (n: number): [number, number] => [first + n, first + 4];
  return [
    { kind: 'step', match: /^Upload Image: Label/, at: at(0), answer: { enter: options.label ?? 'uploaded disk' }, inspect: (shown) => options.inspectLabel?.(shown.value) },
    {
      kind: 'step',
      match: /^Upload Image: Region/,
      at: at(1),
      answer: {
        pick: (items) => {
          options.inspectRegions?.(items);
          return items.find((i) => i.label === (options.region ?? 'us-east'));
        },
      },
    },
    { kind: 'step', match: /^Upload Image: Description/, at: at(2), answer: { enter: 'Uploaded by the extension tests' } },
    { kind: 'step', match: /^Upload Image: Tags/, at: at(3), answer: { enter: options.tags ?? '' } },
    { kind: 'step', match: /^Upload Image: Cloud-init/, at: at(4), answer: { pick: (items) => items.find((i) => (options.cloudInit ? i.label.startsWith('Yes') : i.label === 'No')) } },
  ];
}

describe('upload an image', function () {
  this.timeout(60_000);
  let h: Harness;
  let folder: string;
  let outside: string;

  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
    await fs.rm(outside, { recursive: true, force: true });
  });
  signedInForEachTest((harness) => (h = harness));
  beforeEach(async () => {
    folder = path.join(workspaceRoot(), `upload-test-${Date.now()}`);
    await fs.mkdir(folder, { recursive: true });
    outside = await tempDir();
  });

  function uploadPosts(): number {
    return h.sim.requests.filter((r) => r.origin === 'api' && r.method === 'POST' && r.path.startsWith('/v4/images/upload')).length;
  }

  function lastError(): string {
    const errors = h.prompts.messages('error');
    return errors[errors.length - 1] ?? '';
  }

  it('from the palette: picks a workspace file, asks the details, streams the exact bytes, and follows the image until available', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await until(() => h.api.services.treeView.visible, 'the view to be visible');
    usePace(h, FAST);
    const data = gzipSync(rawDisk(3 * 1024 * 1024));
    const file = await writeFile(folder, 'images/happy-disk.img.gz', data);
    const relative = path.relative(workspaceRoot(), file).split(path.sep).join('/');

    h.prompts.expect(
      {
        kind: 'step',
        match: /^Upload Image: choose a gzip-compressed raw disk image/,
        at: [1, 6],
        inspect: (shown) => assert.equal(shown.back, false, 'the first step offers no Back'),
        answer: {
          pick: (items) => {
            const mine = items.find((i) => i.detail === relative);
            assert.ok(mine, `the workspace's ${relative} is offered: ${items.map((i) => i.detail).join(', ')}`);
            assert.match(mine.label, /happy-disk\.img\.gz$/);
            assert.match(mine.description ?? '', /^\d+(\.\d)? (KB|MB)$/);
            assert.ok(items.some((i) => /Browse…/.test(i.label)), 'Browse… is offered');
            return mine;
          },
        },
      },
      ...detailsScript({
        fromPalette: true,
        label: 'happy disk',
        tags: 'tested, upload',
        inspectLabel: (value) => assert.equal(value, 'happy-disk', 'the label defaults to the file name'),
        inspectRegions: (items) => {
          const ids = items.map((i) => i.label);
          assert.ok(ids.includes('us-east') && ids.includes('eu-west'));
          for (const refused of ['gb-lon', 'ap-west', 'us-den-1']) assert.ok(!ids.includes(refused), `${refused} cannot hold images`);
        },
      }),
      { kind: 'info', match: /^Image "happy disk" is available in us-east\.$/, answer: 'Reveal in Tree' },
    );

    const summary = await vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadImage');
    assert.ok(summary, `the upload finished: ${h.prompts.messages().join(' | ')}`);
    assert.equal(summary.bytes, data.length);
    assert.equal(summary.attempts, 1);
    assert.equal(summary.reportedPercent, 100, 'the notification reached 100%');
    assert.match(summary.lastProgressMessage, /^100%/);

    const [upload] = h.sim.uploads;
    assert.equal(h.sim.uploads.length, 1);
    assert.equal(upload.outcome, 'completed');
    assert.equal(upload.sha256, sha256(data), 'the upload host received exactly the file');
    assert.equal(upload.contentType, 'application/octet-stream');
    assert.equal(upload.contentLength, data.length);
    assert.equal(upload.authorizationHeaderPresent, false);

    const created = h.sim.state.images.get(summary.image.id);
    assert.ok(created);
    assert.equal(created.label, 'happy disk');
    assert.deepEqual(created.tags, ['tested', 'upload']);
    assert.equal(created.description, 'Uploaded by the extension tests');
    assert.ok(['creating', 'available'].includes(summary.image.status), summary.image.status);
    assert.ok(h.prompts.messages('info').some((m) => /^Uploaded happy-disk\.img\.gz \(.* in \d+ s\)\. Linode is now processing "happy disk" in us-east/.test(m)));

    await until(() => h.api.services.store.image(summary.image.id)?.status === 'available', 'the image to become available', 20_000);
    await until(() => h.api.services.treeView.selection.some((n) => n.type === 'image' && n.entry.image.id === summary.image.id), 'Reveal in Tree to select it');
    assert.equal(h.api.services.globalState.get('linodeImages.upload.lastRegion'), 'us-east');
  });

  it('never sends an Authorization header (or the token) to the upload host', async () => {
    const data = gzipSync(rawDisk(512 * 1024));
    const file = await writeFile(folder, 'token-check.img.gz', data);
    h.prompts.expect(...detailsScript());
    const summary = await vscode.commands.executeCommand<UploadSummary>('linodeImages.uploadFile', vscode.Uri.file(file));
    assert.ok(summary);
    const uploadExchanges = h.sim.requests.filter((r) => r.origin === 'upload');
    assert.ok(uploadExchanges.length >= 1);
    for (const exchange of uploadExchanges) {
      assert.equal(exchange.headers.authorization, undefined);
      assert.ok(!JSON.stringify(exchange).includes(SIMULATOR_TOKEN));
    }
    assert.ok(h.sim.uploads.every((u) => !u.authorizationHeaderPresent));
    // The API calls, on the other hand, carry it.
    assert.ok(h.sim.requests.filter((r) => r.origin === 'api').every((r) => r.headers.authorization === 'Bearer <redacted>'));
  });

  it('from the Explorer: offered only on *.img.gz, *.img and *.raw files, uploads the clicked file, and offers the last region first', async () => {
    const contributes = vscode.extensions.getExtension('linode-images-dev.linode-images')?.packageJSON.contributes as {
      menus: Record<string, Array<{ command: string; when?: string }>>;
    };
    const entries = contributes.menus['explorer/context'].filter((e) => e.command === 'linodeImages.uploadFile');
    assert.ok(entries.length > 0 && entries.every((e) => e.when));
    // A remote window's files on disk are vscode-remote: resources, and VS Code rewrites `resourceScheme == file`
    // in a remote extension's manifest to match them (as this test host, code-server, does).
    const onDisk = vscode.env.remoteName ? 'vscode-remote' : 'file';
    const offered = (name: string, folderResource = false, scheme = onDisk): boolean =>
      entries.some((entry) =>
        evaluateWhen(entry.when ?? '', { resourceFilename: name, resourceExtname: path.extname(name), explorerResourceIsFolder: folderResource, resourceScheme: scheme }),
      );
    assert.equal(offered('disk.img.gz'), true);
    assert.equal(offered('Debian 12.IMG.gz'), true);
    assert.equal(offered('backup.tar.gz'), false);
    // Raw disk images too: compressed on the way.
    assert.equal(offered('disk.img'), true);
    assert.equal(offered('Disk.RAW'), true);
    assert.equal(offered('disk.iso'), false);
    assert.equal(offered('disk.img', true), false);
    assert.equal(offered('disk.raw', false, 'vscode-vfs'), false);
    assert.equal(offered('disk.img.gz', true), false);
    assert.equal(offered('disk.img.gz', false, 'vscode-vfs'), false, "not on a virtual workspace's files");

    await h.api.services.globalState.update('linodeImages.upload.lastRegion', 'eu-west');
    const file = await writeFile(folder, 'cloud-ready.img.gz', gzipSync(rawDisk(256 * 1024)));
    h.prompts.expect(
      ...detailsScript({
        label: 'cloud ready',
        region: 'eu-west',
        cloudInit: true,
        inspectRegions: (items) => {
          assert.equal(items[0].label, 'eu-west', 'the last region comes first');
          assert.match(items[0].description ?? '', /last used/);
        },
      }),
    );
    const uri = vscode.Uri.file(file);
    const summary = await vscode.commands.executeCommand<UploadSummary>('linodeImages.uploadFile', uri, [uri]);
    assert.ok(summary);
    const image = h.sim.state.images.get(summary.image.id);
    assert.deepEqual(image?.regions.map((r) => r.region), ['eu-west']);
    assert.ok(image?.capabilities.includes('cloud-init'));
  });

  it("says a file that is not on disk (a virtual workspace's) cannot be sent, and offers Browse… for one that is", async () => {
    const virtual = vscode.Uri.from({ scheme: 'vscode-vfs', authority: 'github', path: '/owner/repo/disks/virtual.img.gz' });
    const notOnDisk = /^Cannot upload virtual\.img\.gz: it is not a file on disk \(vscode-vfs:, as in a virtual workspace\), and uploads read the file from disk\./;
    h.prompts.expect({ kind: 'warning', match: notOnDisk });
    assert.equal(await vscode.commands.executeCommand('linodeImages.uploadFile', virtual), undefined);
    assert.deepEqual(h.prompts.messages('error'), [], 'a warning, not a failure');
    assert.equal(uploadPosts(), 0);

    const onDisk = await writeFile(outside, 'local.img.gz', gzipSync(rawDisk(64 * 1024)));
    h.prompts.expect(
      { kind: 'warning', match: notOnDisk, answer: 'Browse…' },
      { kind: 'openDialog', answer: [vscode.Uri.file(onDisk)], inspect: (o) => assert.equal(o.defaultUri?.scheme, 'file', 'the picker opens on disk') },
      ...detailsScript({ label: 'from disk' }),
    );
    const summary = await vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', virtual);
    assert.ok(summary, h.prompts.messages().join(' | '));
    assert.equal(summary.fileName, 'local.img.gz');
    assert.equal(h.sim.uploads[0]?.outcome, 'completed');
  });

  it('Back keeps what was entered: the earlier answer is shown again, and the one changed is what Linode gets', async () => {
    const file = await writeFile(folder, 'back-and-forth.img.gz', gzipSync(rawDisk(128 * 1024)));
    const regionOf = (shown: ShownStep): string | undefined => shown.active?.label;
    h.prompts.expect(
      { kind: 'step', match: /^Upload Image: Label/, at: [1, 5], inspect: (shown) => assert.equal(shown.back, false), answer: { enter: 'first label' } },
      { kind: 'step', match: /^Upload Image: Region/, at: [2, 5], answer: { pick: (items) => items.find((i) => i.label === 'us-east') } },
      { kind: 'step', match: /^Upload Image: Description/, at: [3, 5], answer: { enter: 'first description' } },
      { kind: 'step', match: /^Upload Image: Tags/, at: [4, 5], inspect: (shown) => assert.equal(shown.back, true), answer: 'back' },
      { kind: 'step', match: /^Upload Image: Description/, at: [3, 5], inspect: (shown) => assert.equal(shown.value, 'first description', 'kept'), answer: 'back' },
      {
        kind: 'step',
        match: /^Upload Image: Region/,
        at: [2, 5],
        inspect: (shown) => assert.equal(regionOf(shown), 'us-east', 'the region chosen before is preselected'),
        answer: { pick: (items) => items.find((i) => i.label === 'eu-west') },
      },
      { kind: 'step', match: /^Upload Image: Description/, at: [3, 5], inspect: (shown) => assert.equal(shown.value, 'first description'), answer: { enter: 'second description' } },
      { kind: 'step', match: /^Upload Image: Tags/, at: [4, 5], answer: { enter: 'kept, tags' } },
      { kind: 'step', match: /^Upload Image: Cloud-init/, at: [5, 5], answer: { pick: (items) => items.find((i) => i.label === 'No') } },
    );
    const summary = await vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
    assert.ok(summary, h.prompts.messages().join(' | '));
    const creates = h.sim.requests.filter((r) => r.origin === 'api' && r.method === 'POST' && r.path.startsWith('/v4/images/upload'));
    assert.deepEqual(
      creates.map((r) => r.requestBody),
      [{ label: 'first label', region: 'eu-west', description: 'second description', tags: ['kept', 'tags'], cloud_init: false }],
      'one request, with the answers as last given',
    );
    assert.equal(h.sim.uploads[0]?.outcome, 'completed');
  });

  it('Escape at the last step sends nothing and keeps no region as last used', async () => {
    await writeFile(folder, 'escaped.img.gz', gzipSync(rawDisk(64 * 1024)));
    await h.api.services.globalState.update('linodeImages.upload.lastRegion', undefined);
    const script = detailsScript({ fromPalette: true, label: 'never sent', region: 'eu-west' });
    h.prompts.expect(
      { kind: 'step', match: /^Upload Image: choose/, at: [1, 6], answer: { pick: (items) => items.find((i) => i.detail?.endsWith('escaped.img.gz')) } },
      ...script.slice(0, 4),
      { kind: 'step', match: /^Upload Image: Cloud-init/, at: [6, 6], answer: 'escape' },
    );
    assert.equal(await vscode.commands.executeCommand('linodeImages.uploadImage'), undefined);
    assert.equal(uploadPosts(), 0);
    assert.deepEqual(h.sim.requests.filter((r) => r.origin === 'api' && r.method !== 'GET'), [], 'nothing sent to the API');
    assert.equal(h.sim.uploads.length, 0);
    assert.equal(h.api.services.globalState.get('linodeImages.upload.lastRegion'), undefined);
  });

  it('cancels mid-transfer from the status bar: the container is deleted and the user told', async () => {
    const data = gzipSync(pseudoRandomBytes(12 * 1024 * 1024), { level: 1 });
    const file = await writeFile(folder, 'slow.img.gz', data);
    h.sim.faults.add({ origin: 'upload', bytesPerSecond: 256 * 1024 });
    h.prompts.expect(
      ...detailsScript({ label: 'slow upload' }),
      {
        kind: 'confirm',
        match: /^Cancel the upload of slow\.img\.gz\?\n\d+% has been sent\. The upload container private\/\d+ \("slow upload"\) will be deleted\.$/,
        answer: 'Cancel Upload',
      },
    );
    const running = vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
    await until(() => (h.sim.uploads[0]?.bytesReceived ?? 0) > 64 * 1024, 'bytes to reach the upload host', 15_000);
    const imageId = h.sim.uploads[0].imageId;
    assert.ok(imageId);
    const row = find(await renderTree(h.api), (n) => n.id.startsWith(`image:${imageId}@`));
    assert.equal(row?.description, 'Uploading…', 'the container shows in the tree while its bytes go in');
    assert.match(row?.contextValue ?? '', /\.busy$/);

    await vscode.commands.executeCommand('linodeImages.cancelUpload');
    assert.equal(await running, undefined);
    assert.equal(h.sim.state.images.has(imageId), false, 'the container is deleted');
    assert.equal(h.api.services.store.image(imageId), undefined);
    assert.ok(h.sim.requests.some((r) => r.method === 'DELETE' && r.path === `/v4/images/${encodeURIComponent(imageId)}`));
    assert.ok(h.prompts.messages('info').includes(`Upload of slow.img.gz cancelled. The upload container ${imageId} was deleted.`), h.prompts.messages().join(' | '));
    await until(() => h.sim.uploads[0].outcome === 'aborted', 'the upload host to see the upload end', 10_000);
    assert.ok(h.sim.uploads[0].bytesReceived < data.length);
  });

  it('when the upload host drops the connection and the user declines the retry, deletes the container and says so', async () => {
    const data = gzipSync(pseudoRandomBytes(3 * 1024 * 1024), { level: 1 });
    const file = await writeFile(folder, 'dropped.img.gz', data);
    h.sim.faults.add({ origin: 'upload', dropAfterBytes: 1024 * 1024 });
    // A notification, not a modal dialog: the upload waits for its answer.
    h.prompts.expect(...detailsScript({ label: 'dropped upload' }), {
      kind: 'warning',
      match: /^The upload of dropped\.img\.gz failed: The connection to the upload host .* failed at \d+%.* Linode's upload URL is still good/s,
      answer: 'Delete Container',
    });
    const result = await vscode.commands.executeCommand('linodeImages.uploadFile', vscode.Uri.file(file));
    assert.equal(result, undefined);
    assert.match(lastError(), /^Upload Image failed: The connection to the upload host .* The upload container private\/\d+ was deleted\.$/);
    assert.equal([...h.sim.state.images.values()].filter((i) => i.label === 'dropped upload').length, 0, 'no container left');
    assert.equal(h.sim.uploads[0].outcome, 'aborted');
  });

  it('when the upload host drops the connection and the user retries, sends the file again and succeeds', async () => {
    const data = gzipSync(pseudoRandomBytes(3 * 1024 * 1024), { level: 1 });
    const file = await writeFile(folder, 'retried.img.gz', data);
    h.sim.faults.add({ origin: 'upload', dropAfterBytes: 1024 * 1024 });
    h.prompts.expect(...detailsScript({ label: 'retried upload' }), { kind: 'warning', match: /^The upload of retried\.img\.gz failed/, answer: 'Retry Upload' });
    const summary = await vscode.commands.executeCommand<UploadSummary>('linodeImages.uploadFile', vscode.Uri.file(file));
    assert.ok(summary, h.prompts.messages().join(' | '));
    assert.equal(summary.attempts, 2);
    assert.equal(summary.reportedPercent, 100);
    assert.deepEqual(h.sim.uploads.map((u) => u.outcome), ['aborted', 'completed']);
    assert.equal(h.sim.uploads[1].sha256, sha256(data));
  });

  it('refuses a file that is not gzip (chosen with Browse…) before asking anything or creating a container', async () => {
    await writeFile(folder, 'listed.img.gz', gzipSync(rawDisk(64 * 1024)));
    const notGzip = await writeFile(outside, 'raw-disk.img.gz', rawDisk(64 * 1024));
    h.prompts.expect(
      { kind: 'step', match: /^Upload Image: choose/, answer: { pick: (items) => items.find((i) => /Browse…/.test(i.label)) } },
      { kind: 'openDialog', answer: [vscode.Uri.file(notGzip)], inspect: (o) => assert.equal(o.canSelectMany, false) },
    );
    await vscode.commands.executeCommand('linodeImages.uploadImage');
    assert.match(lastError(), /^Upload Image failed: raw-disk\.img\.gz is not a gzip file \(it starts with 00 00, not 1f 8b\)\..* Nothing was sent to Linode\.$/);
    assert.equal(uploadPosts(), 0);
    assert.equal(h.sim.uploads.length, 0);
  });

  it('refuses a file over 5 GiB (a sparse file), naming its size, with no container created', async () => {
    const huge = await sparseFile(folder, 'huge.img.gz', 5 * 1024 ** 3 + 512 * 1024 ** 2);
    await vscode.commands.executeCommand('linodeImages.uploadFile', vscode.Uri.file(huge));
    assert.match(lastError(), /^Upload Image failed: huge\.img\.gz is 5\.5 GB \(5,905,580,032 bytes\); Linode accepts at most 5 GB \(5,368,709,120 bytes\) compressed\./);
    assert.equal(h.sim.requests.filter((r) => r.origin === 'api' && r.method !== 'GET').length, 0, 'no container created');
    assert.equal(uploadPosts(), 0);
  });

  it('refuses a gzip holding a qcow2 image, with the conversion to use', async () => {
    const file = await writeFile(folder, 'vm.img.gz', gzipSync(foreignHead('qcow2')));
    await vscode.commands.executeCommand('linodeImages.uploadFile', vscode.Uri.file(file));
    assert.match(lastError(), /^Upload Image failed: vm\.img\.gz holds a qcow2 image; Linode needs a raw disk image, gzip-compressed\. Convert it to a raw image first, then upload disk\.img \(it is compressed on the way\): qemu-img convert -O raw in\.qcow2 disk\.img/);
    assert.equal(uploadPosts(), 0);
  });

  it('aborts on a gzip damaged mid-stream, before the upload host has it all, and deletes the container', async () => {
    const data = corruptGzip(8 * 1024 * 1024);
    const file = await writeFile(folder, 'damaged.img.gz', data);
    h.prompts.expect(...detailsScript({ label: 'damaged upload' }));
    await vscode.commands.executeCommand('linodeImages.uploadFile', vscode.Uri.file(file));
    assert.match(lastError(), /^Upload Image failed: damaged\.img\.gz is damaged: its gzip data is invalid within the first .* The upload container private\/\d+ was deleted\.$/);
    assert.equal([...h.sim.state.images.values()].filter((i) => i.label === 'damaged upload').length, 0);
    await until(() => h.sim.uploads[0]?.outcome === 'aborted', 'the upload host to see the upload end');
    assert.ok(h.sim.uploads[0].bytesReceived < data.length, 'the upload host never had the whole file');
  });

  it('a raw .img from the workspace picker: both passes shown, and the upload host gets gzip that decompresses to the file', async () => {
    const raw = rawDisk(3 * 1024 * 1024, 11);
    const file = await writeFile(folder, 'raw/plain-disk.img', raw);
    const relative = path.relative(workspaceRoot(), file).split(path.sep).join('/');
    const script = detailsScript({ fromPalette: true, label: 'plain disk', inspectLabel: (value) => assert.equal(value, 'plain-disk') });
    // The last step says what the image will store (its size in GB as Cloud Manager shows it; 3 MB is not "0 GB") and what it costs.
    (script[4] as Extract<Expectation, { kind: 'step' }>).inspect = (shown: ShownStep) =>
      assert.match(shown.prompt, /^Does the image support cloud-init\? Stores about 0\.0029 GB in us-east: \+\$0\.0003 a month at \$0\.10 per GB\.$/);
    h.prompts.expect(
      {
        kind: 'step',
        match: /^Upload Image: choose/,
        answer: {
          pick: (items) => {
            const mine = items.find((i) => i.detail === relative);
            assert.ok(mine, `the workspace's raw ${relative} is offered: ${items.map((i) => i.detail).join(', ')}`);
            assert.match(mine.label, /file-binary\) plain-disk\.img$/);
            assert.match(mine.description ?? '', /raw, compressed on the way$/);
            return mine;
          },
        },
      },
      ...script,
    );
    const summary = await vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadImage');
    assert.ok(summary, h.prompts.messages().join(' | '));
    // The upload's own gzip (blocks compressed in parallel): one member, about the size of zlib's in one stream.
    const expected = await rawUploadGzip(raw);
    assert.ok(Math.abs(expected.length - gzipSync(raw, { level: 6 }).length) < 1024);
    assert.equal(summary.compressedBytes, expected.length);
    assert.equal(summary.reportedPercent, 100, 'the bar reached the end once, over both passes');
    assert.equal(summary.passMessages.length, 2, summary.passMessages.join(' | '));
    assert.match(summary.passMessages[0], /^Pass 1 of 2: measuring the compressed size · \d+%/);
    assert.match(summary.passMessages[1], /^Pass 2 of 2, sending the compressed image: \d+%/);
    assert.match(summary.lastProgressMessage, /^Pass 2 of 2, sending the compressed image: 100%/);
    const [upload] = h.sim.uploads;
    assert.equal(upload.outcome, 'completed');
    assert.equal(upload.gzipMagic, true);
    assert.equal(upload.contentLength, expected.length);
    assert.equal(upload.sha256, sha256(expected), 'the host got the gzip of the file');
    assert.ok(gunzipSync(expected).equals(raw), 'which decompresses to the file');
  });

  it('cancels a raw upload while it is measured: nothing was created at Linode', async () => {
    const file = await writeFile(folder, 'big-raw.raw', pseudoRandomBytes(96 * 1024 * 1024, 3));
    h.prompts.expect(...detailsScript({ label: 'big raw' }), {
      kind: 'confirm',
      match: /^Cancel the upload of big-raw\.raw\?\nThe raw image is being compressed to measure it \(\d+%\); nothing has been sent yet\. No image will be created\.$/,
      answer: 'Cancel Upload',
    });
    const running = vscode.commands.executeCommand<UploadSummary | undefined>('linodeImages.uploadFile', vscode.Uri.file(file));
    await until(() => uploadingPhase() === 'counting', 'the counting pass to start', 30_000);
    await vscode.commands.executeCommand('linodeImages.cancelUpload');
    assert.equal(await running, undefined);
    assert.equal(uploadPosts(), 0, 'no container was asked for');
    assert.equal(h.sim.uploads.length, 0);
    assert.ok(h.prompts.messages('info').some((m) => m.startsWith('Upload of big-raw.raw cancelled.')), h.prompts.messages().join(' | '));
  });

  function uploadingPhase(): string | undefined {
    return h.api.uploads?.()[0]?.progress?.phase;
  }
});
