import * as assert from 'node:assert/strict';
import { checkApiUrl, isLoopbackHost } from '../../src/core/api/apiUrl';
import { escapeMarkdown, formatApiTime, formatBytes, formatMegabytes, imageDescription, imageTooltipMarkdown } from '../../src/core/model/format';
import { displayStatus, isInProgress } from '../../src/core/model/imageStatus';
import { privateImage, publicImage, region } from './imageFixtures';

describe('image status', () => {
  const replicating = privateImage(2, 'db', [
    { region: 'us-east', status: 'available' },
    { region: 'eu-west', status: 'pending replication' },
  ]);

  it("shows each region's own replica status", () => {
    assert.equal(displayStatus(replicating, 'us-east'), 'available');
    assert.equal(displayStatus(replicating, 'eu-west'), 'pending replication');
    assert.equal(displayStatus(replicating), 'available');
  });

  it('lets an image still being made win over its replica status', () => {
    const uploading = privateImage(3, 'up', [{ region: 'us-east', status: 'pending' }], { status: 'pending_upload' });
    assert.equal(displayStatus(uploading, 'us-east'), 'pending_upload');
  });

  it('counts an image in progress until every replica settles', () => {
    assert.equal(isInProgress(replicating), true);
    assert.equal(isInProgress(privateImage(1, 'a', [{ region: 'us-east', status: 'available' }])), false);
    assert.equal(isInProgress(privateImage(1, 'a', [{ region: 'us-east', status: 'timedout' }])), false);
    assert.equal(isInProgress(privateImage(1, 'a', [{ region: 'us-east', status: 'pending deletion' }])), true);
    assert.equal(isInProgress(privateImage(1, 'a', [], { status: 'creating' })), true);
    assert.equal(isInProgress(publicImage('debian12', 'Debian')), false);
  });
});

describe('formatting', () => {
  it('formats sizes', () => {
    assert.equal(formatMegabytes(512), '512 MB');
    assert.equal(formatMegabytes(2560), '2.5 GB');
    assert.equal(formatMegabytes(4096), '4 GB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(3 * 1024 * 1024 * 1024), '3 GB');
  });

  it('reads API timestamps as UTC', () => {
    assert.equal(formatApiTime('2021-08-14T22:44:02'), '2021-08-14 22:44 UTC');
    assert.equal(formatApiTime(null), '');
  });

  it('describes an image by size and any unsettled status', () => {
    const image = privateImage(2, 'db', [{ region: 'eu-west', status: 'pending replication' }], { size: 2560 });
    assert.equal(imageDescription(image, 'eu-west'), '2.5 GB · pending replication');
    assert.equal(imageDescription({ ...image, status: 'available', regions: [{ region: 'eu-west', status: 'available' }] }, 'eu-west'), '2.5 GB');
  });

  it('writes a tooltip with every field users look for, escaped', () => {
    const image = privateImage(7, 'web*base', [{ region: 'us-east', status: 'available' }], {
      description: 'Nginx <b>golden</b>',
      tags: ['prod', 'web'],
      type: 'automatic',
      expiry: '2026-12-01T00:00:00',
    });
    const markdown = imageTooltipMarkdown(image, new Map([['us-east', region('us-east', 'Newark, NJ')]]));
    for (const expected of ['**web\\*base**', '`private/7`', 'private, automatic', 'Total size', 'Created by', 'us\\-east · Newark, NJ: available', '`prod` `web`', 'Expires', 'cloud\\-init']) {
      assert.ok(markdown.includes(expected), `missing ${expected} in\n${markdown}`);
    }
    assert.ok(!markdown.includes('<b>'), 'HTML from the description must be escaped');
  });

  it('escapes every character Markdown could read as markup, and nothing else', () => {
    assert.equal(escapeMarkdown('web_base *v2* [x](y) <b> #1 a|b'), 'web\\_base \\*v2\\* \\[x\\]\\(y\\) \\<b\\> \\#1 a\\|b');
    assert.equal(escapeMarkdown('plain text, 12 MB'), 'plain text, 12 MB');
  });
});

describe('API URL setting', () => {
  it('accepts https and strips a trailing version', () => {
    assert.deepEqual(checkApiUrl('https://api.linode.com/v4/'), { ok: true, url: 'https://api.linode.com' });
    assert.deepEqual(checkApiUrl(undefined), { ok: true, url: 'https://api.linode.com' });
  });

  it('refuses plain http except on loopback', () => {
    assert.equal(checkApiUrl('http://api.linode.com').ok, false);
    assert.deepEqual(checkApiUrl('http://127.0.0.1:4010'), { ok: true, url: 'http://127.0.0.1:4010' });
    assert.equal(checkApiUrl('http://[::1]:4010').ok, true);
    assert.equal(checkApiUrl('http://localhost:4010').ok, true);
    assert.equal(checkApiUrl('http://127.0.0.1.evil.example').ok, false);
    assert.equal(checkApiUrl('ftp://x').ok, false);
    assert.equal(checkApiUrl('https://user:pw@api.linode.com').ok, false);
    assert.equal(checkApiUrl('not a url').ok, false);
  });

  it('knows loopback hosts', () => {
    assert.equal(isLoopbackHost('127.8.9.1'), true);
    assert.equal(isLoopbackHost('[::1]'), true);
    assert.equal(isLoopbackHost('10.0.0.1'), false);
    assert.equal(isLoopbackHost('localhost'), true);
    assert.equal(isLoopbackHost('LOCALHOST.'), true);
  });

  it('counts only 127.0.0.0/8, ::1 and localhost as loopback: a *.localhost name goes to ordinary DNS', () => {
    for (const host of ['evil.localhost', 'api.localhost', 'localhost.evil.example', '0.0.0.0', '[::]', '128.0.0.1', '[::ffff:10.0.0.1]']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
    assert.equal(checkApiUrl('http://evil.localhost:4010').ok, false);
    assert.equal(checkApiUrl('https://evil.localhost:4010').ok, true, 'https is fine anywhere');
  });
});
