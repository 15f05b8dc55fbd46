// The world a chaos run acts in: one simulator (reset for every seed), the extension's core as a window has it
// (an API client, the image store and its sync with the kept listing on disk, the upload engine, the confirmations
// after a lost answer), and the record the invariants are checked against: what the user confirmed, what they
// were told, every log line and message.
import { gzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinodeClient } from '../../src/core/api/client';
import { messageOf } from '../../src/core/api/errors';
import type { ApiVersion } from '../../src/core/api/types';
import { RateLimitPacer } from '../../src/core/api/rateLimitPacer';
import { ImageStore } from '../../src/core/store/imageStore';
import { ImageSync } from '../../src/core/store/imageSync';
import { ListingCache } from '../../src/core/store/listingCache';
import { emptyTrialRecord, type TrialRecord } from '../../src/core/deploy/trialRecord';
import { SIMULATOR_TOKEN, startSimulator, type Simulator } from '../../simulator';
import { corruptGzip, rawDisk, writeFile } from '../fixtures/diskImages';

/** Client timings short enough for hundreds of seeds a minute, in the same proportions as the real ones. */
export const CHAOS_TIMEOUT_MS = 100;
export const CHAOS_STALL_MS = 150;

export interface ChaosFiles {
  good: string;
  corrupt: string;
  notGzip: string;
  size: number;
}

/** What happened in a seed, as the invariants need it. */
export interface ChaosRecord {
  confirmedDeletes: Set<string>;
  /** Regions the user agreed to drop, per image. */
  confirmedDrops: Map<string, Set<string>>;
  /** Containers made by this seed's uploads. */
  uploadContainers: Set<string>;
  /** Every message that reached the user (an operation's failure, a sync's failure, a lost image). */
  messages: string[];
  logLines: string[];
  unhandled: unknown[];
  /** Labels of the Linodes the user confirmed making (Deploy to New Linode, Try This Image): one confirmation each. */
  confirmedLinodes: Set<string>;
  /** Linodes the user confirmed deleting (Delete Trial Linode), by id. */
  confirmedLinodeDeletes: Set<number>;
  /** The trial record as the extension keeps it in global state (it outlives a window). */
  trials: TrialRecord;
}

function emptyRecord(): ChaosRecord {
  return {
    confirmedDeletes: new Set(),
    confirmedDrops: new Map(),
    uploadContainers: new Set(),
    messages: [],
    logLines: [],
    unhandled: [],
    confirmedLinodes: new Set(),
    confirmedLinodeDeletes: new Set(),
    trials: emptyTrialRecord(),
  };
}

export class ChaosWorld {
  apiVersion: ApiVersion = 'v4';
  record: ChaosRecord = emptyRecord();
  store!: ImageStore;
  sync!: ImageSync;
  private windowDisposers: Array<() => void> = [];
  private pacer = new RateLimitPacer();
  private labels = 0;

  private constructor(
    readonly sim: Simulator,
    readonly directory: string,
    readonly files: ChaosFiles,
  ) {}

  static async create(): Promise<ChaosWorld> {
    // Rate limits on, at Linode's counts, in one-second windows: a run compresses minutes into seconds.
    const sim = await startSimulator({ lifecycleMs: 600_000, rateLimits: { windowMs: 1_000 }, recordLimit: 100_000 });
    const directory = await mkdtemp(join(tmpdir(), 'linode-chaos-'));
    const size = 192 * 1024;
    const files = {
      good: await writeFile(directory, 'good.img.gz', gzipSync(rawDisk(size))),
      corrupt: await writeFile(directory, 'corrupt.img.gz', corruptGzip(size)),
      notGzip: await writeFile(directory, 'not-gzip.img.gz', rawDisk(size)),
      size,
    };
    return new ChaosWorld(sim, directory, files);
  }

  /** Back to the seed data, no faults, an empty record, no kept listing, a first window. */
  async reset(): Promise<void> {
    this.closeWindow();
    this.sim.reset();
    this.sim.faults.clear();
    await rm(join(this.directory, 'listings'), { recursive: true, force: true });
    this.apiVersion = 'v4';
    this.record = emptyRecord();
    this.pacer = new RateLimitPacer();
    this.labels = 0;
    this.openWindow();
  }

  get token(): string {
    return SIMULATOR_TOKEN;
  }

  log = (line: string): void => {
    this.record.logLines.push(line);
  };

  readonly logger = { info: this.log, warn: this.log, error: this.log };

  client(): LinodeClient {
    return new LinodeClient({
      apiUrl: this.sim.apiUrl,
      apiVersion: this.apiVersion,
      token: () => SIMULATOR_TOKEN,
      userAgent: 'linode-images-chaos/1.0',
      timeoutMs: CHAOS_TIMEOUT_MS,
      requestDeadlineMs: 2_000,
      maxRetries: 2,
      retryBaseDelayMs: 5,
      maxRetryAfterSeconds: 2,
      pacer: this.pacer,
      log: this.log,
    });
  }

  /** A window's core: a new store and sync over the listings kept on disk (what a reload of VS Code starts from). */
  openWindow(): void {
    const store = new ImageStore();
    const sync = new ImageSync({
      store,
      client: () => this.client(),
      cache: new ListingCache(join(this.directory, 'listings'), this.log),
      key: () => ({ account: 'chaos', apiUrl: this.sim.apiUrl, apiVersion: this.apiVersion }),
      log: this.logger,
    });
    const subscriptions = [
      sync.onDidFail((error) => this.record.messages.push(messageOf(error))),
      sync.onDidLoseImage((lost) => {
        if (lost.refusal) this.record.messages.push(`Linode could not make the image "${lost.image.label}" (${lost.image.id}): ${lost.refusal.message ?? ''}`);
      }),
    ];
    this.store = store;
    this.sync = sync;
    this.windowDisposers = [() => subscriptions.forEach((s) => s.dispose()), () => sync.dispose(), () => store.dispose()];
  }

  /** Everything the window held goes, whatever it was doing. */
  closeWindow(): void {
    for (const dispose of this.windowDisposers.splice(0)) dispose();
  }

  nextLabel(prefix: string): string {
    this.labels += 1;
    return `${prefix}-${this.labels}`;
  }

  async close(): Promise<void> {
    this.closeWindow();
    await this.sim.close();
    await rm(this.directory, { recursive: true, force: true });
  }
}
