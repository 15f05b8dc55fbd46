// Re-reads images that are still being made, replicated or removed, until they settle.
// Only while the view is visible, one request at a time, spaced to stay far inside Linode's rate limits.
import * as vscode from 'vscode';
import { LinodeApiError, LinodeAuthError, LinodeRateLimitError } from '../../core/api/errors';
import type { Image } from '../../core/api/types';
import type { ApiSession } from '../apiSession';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import type { ImagesTreeProvider, TreeNode } from './imagesTreeProvider';

export interface PollingPace {
  /** Gap between any two requests: 2 s is 30 a minute, under 10% of Linode's 400/min for all commands. */
  spacingMs: number;
  /** The same image is not asked about more often than this. */
  perImageMs: number;
}

export const DEFAULT_PACE: PollingPace = { spacingMs: 2_000, perImageMs: 6_000 };

export class PendingPoller implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private readonly lastAsked = new Map<string, number>();
  private notBefore = 0;
  private readonly subscriptions: vscode.Disposable[];
  private pace: PollingPace;

  constructor(
    private readonly tree: ImagesTreeProvider,
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly session: ApiSession,
    private readonly logger: Logger,
    pace: PollingPace = DEFAULT_PACE,
  ) {
    this.pace = pace;
    this.subscriptions = [
      view.onDidChangeVisibility(() => this.schedule()),
      tree.onDidChangeImages(() => this.schedule()),
    ];
  }

  /** Tests speed the pace up; production keeps the default. */
  setPace(pace: PollingPace): void {
    this.pace = pace;
    this.stop();
    this.schedule();
  }

  get active(): boolean {
    return this.timer !== undefined || this.inFlight !== undefined;
  }

  private schedule(): void {
    if (!this.view.visible) {
      this.stop();
      return;
    }
    if (this.timer || this.inFlight || this.tree.inProgressImages().length === 0) return;
    const wait = Math.max(this.pace.spacingMs, this.notBefore - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollOne();
    }, wait);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
  }

  /** Asks about the pending image that was asked about longest ago. */
  private async pollOne(): Promise<void> {
    const now = Date.now();
    const due = this.tree
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
      const image = await this.session.client().getImage(imageId, controller.signal);
      // The usual answer while Linode works is the same as last time; it redraws nothing (with thousands of
      // images a redraw costs the extension host real time).
      if (!sameImage(this.tree.image(imageId), image)) this.tree.upsertImage(image);
    } catch (error) {
      if (error instanceof LinodeApiError && error.status === 404) {
        this.tree.removeImage(imageId);
      } else if (error instanceof LinodeRateLimitError) {
        this.notBefore = Date.now() + (error.retryAfterSeconds ?? 60) * 1000;
      } else if (error instanceof LinodeAuthError) {
        // The next manual refresh shows the token problem; polling with a rejected token helps no one.
        await this.tree.refresh();
      } else if (!controller.signal.aborted) {
        this.logger.warn(`Could not re-read ${imageId}: ${errorMessage(error)}`);
      }
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
      for (const id of this.lastAsked.keys()) if (!this.tree.image(id)) this.lastAsked.delete(id);
      this.schedule();
    }
  }

  dispose(): void {
    this.stop();
    for (const s of this.subscriptions) s.dispose();
  }
}

function sameImage(cached: Image | undefined, fresh: Image): boolean {
  return cached !== undefined && JSON.stringify(cached) === JSON.stringify(fresh);
}
