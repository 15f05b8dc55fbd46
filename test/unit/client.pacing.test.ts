// The client against the simulator's rate limits, over real HTTP: a listing longer than the list-images limit
// waits for the next window (read from X-RateLimit-Remaining/Reset) and earns no 429.
import * as assert from 'node:assert/strict';
import { LinodeClient, PAGES_IN_FLIGHT, type LinodeClientOptions } from '../../src/core/api/client';
import { CancelledError, LinodeApiError, LinodeRateLimitError } from '../../src/core/api/errors';
import { RateLimitPacer } from '../../src/core/api/rateLimitPacer';
import { startSimulator, type RateLimitOption, type SimImage, type Simulator } from '../../simulator';
import { simulatorClient } from '../support/simulatorClient';
import { sleep } from '../support/until';

/** 1,100 more images: three pages of 500 with the default seed's. */
function addImages(sim: Simulator): void {
  const template = [...sim.state.images.values()].find((i) => !i.is_public && i.status === 'available') as SimImage;
  for (let n = 0; n < 1100; n++) {
    const id = `private/${900000 + n}`;
    sim.state.images.set(id, { ...template, id, label: `bulk-${n}` });
  }
}

describe('LinodeClient rate-limit pacing', function () {
  this.timeout(20_000);
  let sim: Simulator | undefined;
  const logLines: string[] = [];

  async function simulator(rateLimits: RateLimitOption): Promise<Simulator> {
    sim = await startSimulator({ rateLimits });
    addImages(sim);
    return sim;
  }

  function client(s: Simulator, overrides: Partial<LinodeClientOptions> = {}): LinodeClient {
    return simulatorClient(s, { log: (line) => logLines.push(line), ...overrides });
  }

  const listCalls = (s: Simulator): number[] => s.requests.filter((r) => r.path.startsWith('/v4/images?')).map((r) => r.status);

  beforeEach(() => {
    logLines.length = 0;
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('waits for the next window instead of earning a 429: one call per page, all answered', async () => {
    const s = await simulator({ listImages: 2, windowMs: 1500 });
    const started = Date.now();
    const images = await client(s).listImages();
    assert.equal(images.length, s.state.images.size);
    assert.deepEqual(listCalls(s), [200, 200, 200], 'three pages, three calls, no 429');
    assert.ok(Date.now() - started >= 1000, 'the third page waited for the next window');
    assert.ok(logLines.some((line) => /rate-limit window used up; waiting/.test(line)), logLines.join('\n'));
  });

  it('is not misled by answers that arrive out of order: an older answer does not reopen a used-up window', async () => {
    // Pages 2 and 3 go together; the server counts page 2 first (1 left) and page 3 last (0 left), but page 2's
    // answer comes back after page 3's. Taken as the latest word, its "1 left" would send page 4 at once: a 429.
    const s = await simulator({ listImages: 3, windowMs: 4000 });
    const template = [...s.state.images.values()].find((i) => !i.is_public && i.status === 'available') as SimImage;
    for (let n = 0; n < 500; n++) s.state.images.set(`private/${960000 + n}`, { ...template, id: `private/${960000 + n}`, label: `late-${n}` });
    s.faults.add({ method: 'GET', path: /page=2&/, answerDelayMs: 800, times: 1 });
    const images = await client(s).listImages();
    assert.equal(images.length, s.state.images.size);
    assert.deepEqual(listCalls(s), [200, 200, 200, 200], 'four pages, four calls, no 429');
    assert.ok(logLines.some((line) => /rate-limit window used up; waiting/.test(line)), logLines.join('\n'));
  });

  it('without pacing the same listing earns a 429 and a retry (what the pacer saves)', async () => {
    const s = await simulator({ listImages: 2, windowMs: 1500 });
    const noMemory = { delayFor: () => 0, observe: () => undefined, allowsAnother: () => true } as unknown as RateLimitPacer;
    await client(s, { pacer: noMemory }).listImages();
    assert.deepEqual(listCalls(s), [200, 200, 429, 200]);
  });

  it(`asks for the next pages while reading one: ${PAGES_IN_FLIGHT} in flight at most, every page once`, async () => {
    const s = await simulator(false);
    const template = [...s.state.images.values()].find((i) => !i.is_public) as SimImage;
    for (let n = 0; n < 2200; n++) s.state.images.set(`private/${950000 + n}`, { ...template, id: `private/${950000 + n}`, label: `more-${n}` });
    s.faults.add({ method: 'GET', path: /^\/v4\/images\?/, delayMs: 150, times: Infinity });
    const images = await client(s).listImages();
    assert.equal(images.length, s.state.images.size);
    const calls = s.requests.filter((r) => r.path.startsWith('/v4/images?'));
    assert.deepEqual(calls.map((r) => Number(/page=(\d+)/.exec(r.path)?.[1])).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);
    const spans = calls.map((r) => [Date.parse(r.at), Date.parse(r.at) + r.durationMs] as const);
    const overlapAt = (t: number): number => spans.filter(([from, to]) => from <= t && t < to).length;
    const most = Math.max(...spans.map(([from]) => overlapAt(from)));
    assert.equal(most, PAGES_IN_FLIGHT, `pages 2..7 overlap, ${PAGES_IN_FLIGHT} at most`);
  });

  it('fails the listing with the error of the page that failed, leaving nothing unhandled', async () => {
    const s = await simulator(false);
    s.faults.add({ method: 'GET', path: /page=3&/, status: 500, times: Infinity });
    s.faults.add({ method: 'GET', path: /page=2&/, delayMs: 200, times: Infinity });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await assert.rejects(client(s, { maxRetries: 0 }).listImages(), (e: unknown) => e instanceof LinodeApiError && e.status === 500);
      await sleep(300);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('shares what it learnt between clients that share a pacer', async () => {
    const s = await simulator({ listImages: 3, windowMs: 1500 });
    const pacer = new RateLimitPacer();
    await client(s, { pacer }).listImages();
    await client(s, { pacer }).listImages();
    assert.ok(listCalls(s).every((status) => status === 200), JSON.stringify(listCalls(s)));
    assert.equal(listCalls(s).length, 6);
  });

  it('does not wait longer than maxRetryAfterSeconds: it asks, and reports the 429', async () => {
    const s = await simulator({ listImages: 2, windowMs: 5000 });
    const started = Date.now();
    await assert.rejects(client(s, { maxRetryAfterSeconds: 1 }).listImages(), LinodeRateLimitError);
    // Well short of the 5 s the window asks for, with room for a busy machine.
    assert.ok(Date.now() - started < 4000);
    assert.deepEqual(listCalls(s), [200, 200, 429]);
  });

  it('waits a whole window of maxRetryAfterSeconds, though whole-second headers make it look up to 2 s longer', async () => {
    const s = await simulator({ listImages: 2, windowMs: 2000 });
    await client(s, { maxRetryAfterSeconds: 2 }).listImages();
    assert.deepEqual(listCalls(s), [200, 200, 200]);
  });

  it('stops at once when cancelled while waiting for a window', async () => {
    const s = await simulator({ listImages: 2, windowMs: 10_000 });
    const controller = new AbortController();
    const listing = client(s).listImages(controller.signal);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (logLines.some((line) => /waiting/.test(line))) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    const aborted = Date.now();
    controller.abort();
    await assert.rejects(listing, CancelledError);
    assert.ok(Date.now() - aborted < 500);
    assert.deepEqual(listCalls(s), [200, 200]);
  });

  describe('RateLimitPacer', () => {
    const headers = (values: Record<string, string>): { get(name: string): string | null } => ({ get: (name) => values[name] ?? null });

    it('closes a key until the reset, measured from the server Date header, and opens it when allowed again', () => {
      let now = 1_000_000;
      const pacer = new RateLimitPacer(() => now);
      const serverNow = Date.UTC(2025, 0, 1, 12, 0, 0);
      pacer.observe('GET /images', headers({
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(serverNow / 1000 + 42),
        date: new Date(serverNow).toUTCString(),
      }));
      assert.equal(pacer.delayFor('GET /images'), 42_000, 'independent of this machine clock');
      assert.equal(pacer.delayFor('GET /regions'), 0);
      now += 40_000;
      assert.equal(pacer.delayFor('GET /images'), 2_000);
      pacer.observe('GET /images', headers({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': String(serverNow / 1000 + 102) }));
      assert.equal(pacer.delayFor('GET /images'), 0);
    });

    it('keeps the lowest count a window gave: a late answer neither reopens it nor leaves more room', () => {
      const now = 1_000_000;
      const pacer = new RateLimitPacer(() => now);
      const serverNow = Date.UTC(2025, 0, 1, 12, 0, 0);
      const answer = (remaining: number, reset = serverNow / 1000 + 30): { get(name: string): string | null } => headers({
        'x-ratelimit-limit': '20',
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(reset),
        date: new Date(serverNow).toUTCString(),
      });
      pacer.observe('k', answer(3));
      pacer.observe('k', answer(1));
      pacer.observe('k', answer(2));
      assert.equal(pacer.allowsAnother('k', 0), true);
      assert.equal(pacer.allowsAnother('k', 1), false, '1 left, not the 2 of the late answer');
      pacer.observe('k', answer(0));
      pacer.observe('k', answer(1));
      assert.equal(pacer.delayFor('k'), 30_000, 'still used up until the reset');
      assert.equal(pacer.allowsAnother('k', 0), false);
      pacer.observe('k', answer(5, serverNow / 1000 - 30));
      assert.equal(pacer.delayFor('k'), 30_000, 'an answer from the window before changes nothing');
      pacer.observe('k', answer(19, serverNow / 1000 + 90));
      assert.equal(pacer.delayFor('k'), 0, 'the next window opens it');
      assert.equal(pacer.allowsAnother('k', 3), true);
    });

    it('forgets a window that is over, and a late answer from it does not bring its count back', () => {
      let now = 1_000_000;
      const pacer = new RateLimitPacer(() => now);
      const serverNow = Date.UTC(2025, 0, 1, 12, 0, 0);
      const answer = (remaining: number): { get(name: string): string | null } => headers({
        'x-ratelimit-limit': '20',
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(serverNow / 1000 + 10),
        date: new Date(serverNow).toUTCString(),
      });
      pacer.observe('k', answer(0));
      now += 10_000;
      assert.equal(pacer.delayFor('k'), 0);
      pacer.observe('k', answer(1));
      assert.equal(pacer.allowsAnother('k', 3), true);
    });

    it('takes a 429 Retry-After as the time to wait', () => {
      let now = 5_000;
      const pacer = new RateLimitPacer(() => now);
      pacer.observe('k', headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '999999', 'retry-after': '3' }));
      assert.equal(pacer.delayFor('k'), 3_000);
      now += 3_000;
      assert.equal(pacer.delayFor('k'), 0);
    });

    it('ignores answers without the headers', () => {
      const pacer = new RateLimitPacer();
      pacer.observe('k', headers({ 'x-ratelimit-remaining': '0' }));
      pacer.observe('k', headers({}));
      assert.equal(pacer.delayFor('k'), 0);
    });
  });
});
