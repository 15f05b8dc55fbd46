// The listing kept on disk for the next start: per account and API, checked on the way in, never the token.
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountKeyOf, ListingCache, type ListingKey } from '../../src/core/store/listingCache';
import { privateImage, region } from './imageFixtures';

describe('kept image listings', () => {
  let directory: string;
  let cache: ListingCache;
  let logged: string[];
  const token = 'fa11acce55'.padEnd(64, '0');
  const key: ListingKey = { account: accountKeyOf('salt-one', token), apiUrl: 'http://127.0.0.1:1', apiVersion: 'v4' };
  const listing = { images: [privateImage(7, 'kept', [{ region: 'us-east', status: 'available' }])], regions: [region('us-east', 'Newark, NJ')], savedAt: 1_700_000_000_000, cursor: 42 };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'listing-cache-'));
    logged = [];
    cache = new ListingCache(directory, (line) => logged.push(line));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('gives back what was kept, for the same account and API only', async () => {
    await cache.write(key, listing);
    assert.deepEqual(await cache.read(key), listing);
    assert.equal(await cache.read({ ...key, apiVersion: 'v4beta' }), undefined);
    assert.equal(await cache.read({ ...key, apiUrl: 'http://127.0.0.1:2' }), undefined);
    assert.equal(await cache.read({ ...key, account: accountKeyOf('salt-one', 'another-token') }), undefined);
    assert.equal(await cache.read({ ...key, account: accountKeyOf('salt-two', token) }), undefined, 'another installation');
  });

  it('never writes the token, in the file or its name', async () => {
    await cache.write(key, listing);
    const [name] = await readdir(directory);
    assert.ok(!name.includes(token.slice(0, 10)));
    const text = await readFile(join(directory, name), 'utf8');
    assert.ok(!text.includes(token) && !text.includes(token.slice(0, 16)));
    assert.ok(!text.includes(key.account), 'not even the keyed hash');
  });

  it('drops a file that is not a listing, or one made for another API, and says so', async () => {
    await writeFile(cache.fileFor(key), '{"format":1,"images":[{"id":7}]');
    assert.equal(await cache.read(key), undefined);
    assert.equal((await readdir(directory)).length, 0, 'the bad file is removed');
    assert.equal(logged.length, 1);

    await cache.write(key, listing);
    const moved = JSON.parse(await readFile(cache.fileFor(key), 'utf8')) as Record<string, unknown>;
    await writeFile(cache.fileFor(key), JSON.stringify({ ...moved, apiUrl: 'https://api.linode.com' }));
    assert.equal(await cache.read(key), undefined);
    assert.match(logged[1], /another API/);

    await cache.write(key, listing);
    await writeFile(cache.fileFor(key), JSON.stringify({ ...moved, images: [{ label: 'no id or status' }] }));
    assert.equal(await cache.read(key), undefined);
    assert.match(logged[2], /images\[0\]\.id is missing/);
  });

  it('leaves no temporary file behind, and an unwritable directory fails the write without a trace', async () => {
    await cache.write(key, listing);
    assert.deepEqual((await readdir(directory)).filter((name) => name.endsWith('.tmp')), []);
    const blocked = new ListingCache(join(directory, 'file-not-dir', 'x'));
    await writeFile(join(directory, 'file-not-dir'), 'a file where a directory should be');
    await assert.rejects(blocked.write(key, listing));
  });
});
