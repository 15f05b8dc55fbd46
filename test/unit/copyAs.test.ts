// "Copy as…": every output as exact text, the linode-cli lines read back by a POSIX shell-words parser into the
// flags the API reference's CLI examples use, and no token in anything.
import * as assert from 'node:assert/strict';
import { copyAs, copyAsCurl, copyAsLinodeCli, copyAsTerraform, hclString, shellQuote, type CopyContext, type CopyFormat, type CopySubject } from '../../src/core/model/copyAs';
import { shellCommands } from '../support/shellWords';
import { privateImage } from './imageFixtures';

const context: CopyContext = { apiUrl: 'https://api.linode.com', apiVersion: 'v4' };

const image = privateImage(12345, 'web-base 2', [
  { region: 'us-east', status: 'available' },
  { region: 'eu-west', status: 'pending deletion' },
  { region: 'us-mia', status: 'replicating' },
], { description: 'Base image: it\'s "ours" for $5\nsecond line', tags: ['prod', 'team web'] });

const subjects: Record<string, CopySubject> = {
  image: { kind: 'image', image },
  replication: { kind: 'replication', image, regions: ['us-east', 'us-mia', 'fr-par'] },
  upload: { kind: 'upload', request: { label: 'debian-13', region: 'us-east', description: 'Debian ${version}' }, filePath: '/home/me/images/debian 13.img.gz' },
  rawUpload: {
    kind: 'upload',
    request: { label: 'raw-disk', region: 'eu-west', tags: ['raw', 'test'], cloud_init: true },
    filePath: '/tmp/disk.img',
    format: 'raw',
  },
  capture: { kind: 'capture', request: { disk_id: 123, label: 'web-capture', description: 'From web-1', cloud_init: true, tags: ['web'] }, linodeId: 456 },
};

describe('Copy as…', () => {
  describe('linode-cli', () => {
    it('writes the API reference\'s forms, one line, quoting only what needs it', () => {
      assert.equal(
        copyAsLinodeCli(subjects.image),
        "linode-cli images update private/12345 --label 'web-base 2' --description 'Base image: it'\\''s \"ours\" for $5\nsecond line' --tags prod --tags 'team web'",
      );
      assert.equal(copyAsLinodeCli(subjects.replication), 'linode-cli images replicate private/12345 --regions us-east --regions us-mia --regions fr-par');
      assert.equal(copyAsLinodeCli(subjects.upload), "linode-cli image-upload --label debian-13 --description 'Debian ${version}' --region us-east '/home/me/images/debian 13.img.gz'");
      assert.equal(
        copyAsLinodeCli(subjects.rawUpload),
        [
          'gzip -k -6 /tmp/disk.img',
          'linode-cli image-upload --label raw-disk --region eu-west /tmp/disk.img.gz',
          '# linode-cli image-upload sets no tags; once the image exists: linode-cli images update IMAGE_ID --tags raw --tags test',
          '# linode-cli image-upload cannot mark the image as cloud-init ready; the API request can (Copy as curl).',
        ].join('\n'),
      );
      assert.equal(copyAsLinodeCli(subjects.capture), "linode-cli images create --label web-capture --description 'From web-1' --disk_id 123 --cloud_init true --tags web");
    });

    it('matches the examples of the issue', () => {
      const plain = privateImage(12345, 'x', [{ region: 'us-east', status: 'available' }], { description: 'y', tags: ['a', 'b'] });
      assert.equal(copyAsLinodeCli({ kind: 'replication', image: plain, regions: ['us-east', 'us-mia'] }), 'linode-cli images replicate private/12345 --regions us-east --regions us-mia');
      assert.equal(copyAsLinodeCli({ kind: 'image', image: plain }), 'linode-cli images update private/12345 --label x --description y --tags a --tags b');
      assert.equal(copyAsLinodeCli({ kind: 'upload', request: { label: 'x', region: 'us-east' }, filePath: 'FILE' }), 'linode-cli image-upload --label x --region us-east FILE');
    });

    it('reads back, word for word, into the flags of the API reference\'s CLI examples', () => {
      // The flags the reference's examples use (seed: the ImagesApi reference's CLI sections), and for `images
      // update`/`create` the body fields the same operations take (linode-cli names its flags after them).
      const seedFlags: Record<string, string[]> = {
        'images update': ['--label', '--description', '--tags'],
        'images replicate': ['--regions'],
        'images create': ['--label', '--description', '--disk_id', '--cloud_init', '--tags'],
        'image-upload': ['--description', '--label', '--region'],
      };
      for (const [name, subject] of Object.entries(subjects)) {
        const commands = shellCommands(copyAsLinodeCli(subject)).filter((words) => words[0] === 'linode-cli');
        assert.equal(commands.length, 1, name);
        const [words] = commands;
        const action = words[1] === 'image-upload' ? 'image-upload' : `${words[1]} ${words[2]}`;
        const allowed = seedFlags[action];
        assert.ok(allowed, `${name}: ${action}`);
        const flags = words.filter((word) => word.startsWith('--'));
        assert.ok(flags.length > 0, name);
        for (const flag of flags) assert.ok(allowed.includes(flag), `${name}: ${flag} is not one of ${allowed.join(', ')}`);
        const values = (flag: string): string[] => words.flatMap((word, index) => (word === flag ? [words[index + 1]] : []));
        switch (subject.kind) {
          case 'image':
            assert.deepEqual(words.slice(0, 4), ['linode-cli', 'images', 'update', 'private/12345']);
            assert.deepEqual(values('--label'), [image.label]);
            assert.deepEqual(values('--description'), [image.description]);
            assert.deepEqual(values('--tags'), image.tags);
            break;
          case 'replication':
            assert.deepEqual(words.slice(0, 4), ['linode-cli', 'images', 'replicate', 'private/12345']);
            assert.deepEqual(values('--regions'), [...subject.regions]);
            break;
          case 'upload':
            assert.deepEqual(values('--label'), [subject.request.label]);
            assert.deepEqual(values('--region'), [subject.request.region]);
            assert.equal(words.at(-1), subject.format === 'raw' ? `${subject.filePath}.gz` : subject.filePath);
            break;
          case 'capture':
            assert.deepEqual(values('--disk_id'), ['123']);
            assert.deepEqual(values('--tags'), ['web']);
            break;
        }
      }
    });

    it('quotes any word so that a POSIX shell reads it back unchanged', () => {
      const words = ['', 'plain-word_1.2:3/x', "it's", 'two words', '$HOME', '`date`', '"quoted"', 'back\\slash', 'line\nbreak', '*', '!x', '~', 'é€', "''", '--label', 'a;b', '#hash'];
      for (const word of words) assert.deepEqual(shellCommands(`echo ${shellQuote(word)}`), [['echo', word]], JSON.stringify(word));
      assert.equal(shellQuote('us-east'), 'us-east');
      assert.equal(shellQuote("it's"), "'it'\\''s'");
      assert.equal(shellQuote(''), "''");
    });
  });

  describe('Terraform', () => {
    it('writes a linode_image resource, imported for an existing image, with the new regions for a replication', () => {
      const imported = (regions: string): string =>
        [
          'import {',
          '  to = linode_image.web_base_2',
          '  id = "private/12345"',
          '}',
          '',
          'resource "linode_image" "web_base_2" {',
          '  label           = "web-base 2"',
          '  description     = "Base image: it\'s \\"ours\\" for $5\\nsecond line"',
          '  tags            = ["prod", "team web"]',
          '  cloud_init      = true',
          `  replica_regions = ${regions}`,
          '',
          '  # The source, which the provider needs one of: disk_id and linode_id (a capture), or file_path and region (an upload).',
          '}',
        ].join('\n');
      // An image's copy being deleted is not one of its regions any more.
      assert.equal(copyAsTerraform(subjects.image), imported('["us-east", "us-mia"]'));
      assert.equal(copyAsTerraform(subjects.replication), imported('["us-east", "us-mia", "fr-par"]'));
    });

    it('writes file_path and region for an upload (compressed first when raw), disk_id and linode_id for a capture', () => {
      assert.equal(
        copyAsTerraform(subjects.upload),
        [
          'resource "linode_image" "debian_13" {',
          '  label       = "debian-13"',
          '  description = "Debian $${version}"',
          '  region      = "us-east"',
          '  file_path   = "/home/me/images/debian 13.img.gz"',
          '  file_hash   = filemd5("/home/me/images/debian 13.img.gz")',
          '}',
        ].join('\n'),
      );
      assert.equal(
        copyAsTerraform(subjects.rawUpload),
        [
          '# Compress the raw image first: gzip -k -6 /tmp/disk.img',
          'resource "linode_image" "raw_disk" {',
          '  label      = "raw-disk"',
          '  tags       = ["raw", "test"]',
          '  cloud_init = true',
          '  region     = "eu-west"',
          '  file_path  = "/tmp/disk.img.gz"',
          '  file_hash  = filemd5("/tmp/disk.img.gz")',
          '}',
        ].join('\n'),
      );
      assert.equal(
        copyAsTerraform(subjects.capture),
        [
          'resource "linode_image" "web_capture" {',
          '  label       = "web-capture"',
          '  description = "From web-1"',
          '  tags        = ["web"]',
          '  cloud_init  = true',
          '  disk_id     = 123',
          '  linode_id   = 456',
          '}',
        ].join('\n'),
      );
      assert.match(copyAsTerraform({ kind: 'capture', request: { disk_id: 9 }, linodeId: 1 }), /^resource "linode_image" "disk_9" \{\n  disk_id   = 9\n  linode_id = 1\n\}$/);
      assert.match(copyAsTerraform({ kind: 'upload', request: { label: '2024 image', region: 'us-east' }, filePath: 'a.img.gz' }), /^resource "linode_image" "image_2024_image" \{/);
    });

    it('escapes HCL strings: quotes, backslashes, control characters and template sequences', () => {
      assert.equal(hclString('a"b\\c'), '"a\\"b\\\\c"');
      assert.equal(hclString('tab\there\r\nnext\u0001'), '"tab\\there\\r\\nnext\\u0001"');
      assert.equal(hclString('${var.x} and %{ if true }'), '"$${var.x} and %%{ if true }"');
      assert.equal(hclString('$5 and 100% and {braces}'), '"$5 and 100% and {braces}"');
      assert.equal(hclString('é €'), '"é €"');
    });
  });

  describe('curl', () => {
    it('writes the request to the configured API, the token read from $LINODE_TOKEN', () => {
      assert.equal(
        copyAsCurl(subjects.image, context),
        [
          'curl -sS -X PUT https://api.linode.com/v4/images/private%2F12345 \\',
          '  -H "Authorization: Bearer $LINODE_TOKEN" \\',
          "  -H 'Content-Type: application/json' \\",
          `  -d '{"label":"web-base 2","description":"Base image: it'\\''s \\"ours\\" for $5\\nsecond line","tags":["prod","team web"]}'`,
        ].join('\n'),
      );
      assert.equal(
        copyAsCurl(subjects.replication, { apiUrl: 'http://127.0.0.1:8080/proxy', apiVersion: 'v4beta' }),
        [
          'curl -sS -X POST http://127.0.0.1:8080/proxy/v4beta/images/private%2F12345/regions \\',
          '  -H "Authorization: Bearer $LINODE_TOKEN" \\',
          "  -H 'Content-Type: application/json' \\",
          `  -d '{"regions":["us-east","us-mia","fr-par"]}'`,
        ].join('\n'),
      );
      assert.equal(
        copyAsCurl(subjects.capture, context),
        [
          'curl -sS -X POST https://api.linode.com/v4/images \\',
          '  -H "Authorization: Bearer $LINODE_TOKEN" \\',
          "  -H 'Content-Type: application/json' \\",
          `  -d '{"disk_id":123,"label":"web-capture","description":"From web-1","cloud_init":true,"tags":["web"]}'`,
        ].join('\n'),
      );
    });

    it('writes an upload as the container request, then one PUT of the file to its URL, without the token', () => {
      assert.equal(
        copyAsCurl(subjects.rawUpload, context),
        [
          'gzip -k -6 /tmp/disk.img',
          'UPLOAD_URL=$(curl -sS -X POST https://api.linode.com/v4/images/upload \\',
          '    -H "Authorization: Bearer $LINODE_TOKEN" \\',
          "    -H 'Content-Type: application/json' \\",
          `    -d '{"label":"raw-disk","region":"eu-west","cloud_init":true,"tags":["raw","test"]}' | jq -r .upload_to)`,
          'curl -sS --fail -X PUT "$UPLOAD_URL" \\',
          "  -H 'Content-Type: application/octet-stream' \\",
          '  --upload-file /tmp/disk.img.gz',
        ].join('\n'),
      );
      const commands = shellCommands(copyAsCurl(subjects.upload, context));
      const put = commands.at(-1) as string[];
      assert.deepEqual(put, ['curl', '-sS', '--fail', '-X', 'PUT', '$UPLOAD_URL', '-H', 'Content-Type: application/octet-stream', '--upload-file', '/home/me/images/debian 13.img.gz']);
      assert.ok(!put.some((word) => /authorization/i.test(word)), 'no token to the upload host');
    });

    it('sends bodies that parse back to the request', () => {
      for (const subject of [subjects.image, subjects.replication, subjects.capture]) {
        const [words] = shellCommands(copyAsCurl(subject, context));
        const body = JSON.parse(words[words.indexOf('-d') + 1]) as Record<string, unknown>;
        if (subject.kind === 'image') assert.deepEqual(body, { label: image.label, description: image.description, tags: image.tags });
        if (subject.kind === 'replication') assert.deepEqual(body, { regions: subject.regions });
        if (subject.kind === 'capture') assert.deepEqual(body, subject.request);
        assert.ok(words.includes('Authorization: Bearer $LINODE_TOKEN'));
      }
    });
  });

  it('never writes a token, wherever one is set', () => {
    const secret = 'f3a1c0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345';
    const saved = { LINODE_TOKEN: process.env.LINODE_TOKEN, LINODE_CLI_TOKEN: process.env.LINODE_CLI_TOKEN };
    process.env.LINODE_TOKEN = secret;
    process.env.LINODE_CLI_TOKEN = secret;
    try {
      const formats: CopyFormat[] = ['linode-cli', 'terraform', 'curl'];
      for (const subject of Object.values(subjects)) {
        for (const format of formats) {
          const text = copyAs(format, subject, context);
          assert.ok(!text.includes(secret), `${format} of ${subject.kind}`);
          assert.ok(!/Bearer (?!\$LINODE_TOKEN")/.test(text), `${format} of ${subject.kind}: only $LINODE_TOKEN follows Bearer`);
        }
      }
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
