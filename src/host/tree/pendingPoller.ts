// Keeps the Images view current while it is visible, one request at a time, spaced to stay far inside Linode's
// rate limits: it re-reads images that are still being made, replicated or removed until they settle, and every
// `eventsEveryMs` it takes one turn to read the account events (changes made elsewhere) instead.
import * as vscode from 'vscode';
import { isNotFound, LinodeAuthError, LinodeRateLimitError } from '../../core/api/errors';
import type { ImageStore } from '../../core/store/imageStore';
import type { ImageSync } from '../../core/store/imageSync';
import type { ApiSession } from '../apiSession';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import type { TreeNode } from './imagesTreeProvider';

export interface PollingPace {
  /** Gap between any two requests: 2 s is 30 a minute, under 10% of Linode's 400/min for all commands. */
  spacingMs: number;
  /** The same image is not asked about more often than this. */
  perImageMs: number;
  /** One turn in this long reads the account events (0: never), when the token can read them. */
  eventsEveryMs: number;
}

export const DEFAULT_PACE: PollingPace = { spacingMs: 2_000, perImageMs: 6_000, eventsEveryMs: 60_000 };

export class PendingPoller implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private readonly lastAsked = new Map<string, number>();
  private lastEventsRead = Date.now();
  private notBefore = 0;
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(
    private readonly store: ImageStore,
    private readonly sync: ImageSync,
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly session: ApiSession,
    private readonly logger: Logger,
    /** How often it asks; the tests build pollers of their own with a faster one. */
    readonly pace: PollingPace = DEFAULT_PACE,
  ) {
    this.subscriptions = [
      view.onDidChangeVisibility(() => this.schedule()),
      store.onDidChange((change) => {
        // A reset (another account, signed out) makes an answer still on its way about an image no one shows.
        if (change.kind === 'reset') this.inFlight?.abort();
        this.schedule();
      }),
    ];
    // A poller made while the view shows pending images starts at once (nothing runs while it is hidden).
    this.schedule();
  }

  get active(): boolean {
    return this.timer !== undefined || this.inFlight !== undefined;
  }

  private eventsDueIn(): number | undefined {
    if (this.pace.eventsEveryMs <= 0 || !this.sync.usesEvents || !this.store.showable) return undefined;
    return this.lastEventsRead + this.pace.eventsEveryMs - Date.now();
  }

  private schedule(): void {
    if (!this.view.visible) {
      this.stop();
      return;
    }
    if (this.timer || this.inFlight) return;
    const imagesDue = this.store.inProgressImages().length > 0;
    const eventsDueIn = this.eventsDueIn();
    if (!imagesDue && eventsDueIn === undefined) return;
    let wait = Math.max(this.pace.spacingMs, this.notBefore - Date.now());
    if (!imagesDue && eventsDueIn !== undefined) wait = Math.max(wait, eventsDueIn);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.takeTurn();
    }, wait);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
  }

  private async takeTurn(): Promise<void> {
    if (!this.view.visible) return;
    const eventsDueIn = this.eventsDueIn();
    if (eventsDueIn !== undefined && eventsDueIn <= 0) await this.readEvents();
    else await this.pollOne();
  }

  /** Changes made elsewhere (another window, Cloud Manager, linode-cli), from the account events. */
  private async readEvents(): Promise<void> {
    this.lastEventsRead = Date.now();
    const controller = (this.inFlight = new AbortController());
    try {
      await this.sync.syncInBackground();
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
      this.schedule();
    }
  }

  /** Asks about the pending image that was asked about longest ago. */
  private async pollOne(): Promise<void> {
    const now = Date.now();
    const due = this.store
      .inProgressImages()
      .map((image) => ({ image, last: this.lastAsked.get(image.id) ?? 0 }))
      .filter(({ last }) => now - last >= this.pace.perImageMs)
      .sort((a, b) => a.last - b.last)[0];
    if (!due || !this.view.visible) {
      this.schedule();
      return;
    }
    const imageId = due.image.id;
    this.lastAsked.set(imageId, now);
    const controller = (this.inFlight = new AbortController());
    try {
      // The usual answer while Linode works is the same as last time: the store sees that and redraws nothing.
      const fresh = await this.session.client().getImage(imageId, controller.signal);
      if (!controller.signal.aborted) this.store.upsertImage(fresh);
    } catch (error) {
      if (isNotFound(error)) {
        await this.sync.imageGone(imageId);
      } else if (error instanceof LinodeRateLimitError) {
        this.notBefore = Date.now() + (error.retryAfterSeconds ?? 60) * 1000;
      } else if (error instanceof LinodeAuthError) {
        // A full listing shows the token problem; polling with a rejected token helps no one.
        await this.sync.reloadAll();
      } else if (!controller.signal.aborted) {
        this.logger.warn(`Could not re-read ${imageId}: ${errorMessage(error)}`);
      }
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
      for (const id of this.lastAsked.keys()) if (!this.store.image(id)) this.lastAsked.delete(id);
      this.schedule();
    }
  }

  dispose(): void {
    this.stop();
    for (const s of this.subscriptions) s.dispose();
  }
}
