// The "Get started with Linode Images" walkthrough's progress. Each step is completed by what it teaches, never by a
// "mark done" click: package.json gives every step `completionEvents: ["onContext:linodeImages.walkthrough.<step>"]`,
// and this sets those context keys when the real thing happens. VS Code keeps a completed step completed (in its own
// storage), so a key only has to turn true once. Nothing here asks Linode anything: it reads the token store, the
// image store and the view, which the rest of the extension keeps up to date.
import * as vscode from 'vscode';
import type { Image } from '../core/api/types';
import { filterImages } from '../core/model/filter';
import { imageKind } from '../core/model/imageKind';
import type { ImageChange, StoreChange } from '../core/store/imageStore';
import { ID_NAMESPACE } from './ids';
import type { ExtensionServices } from './services';
import { readSettings, SETTINGS_SECTION } from './settings';

export const WALKTHROUGH_ID = 'getStarted';
export const WALKTHROUGH_STEPS = ['account', 'browse', 'upload', 'replicate'] as const;
export type WalkthroughStep = (typeof WALKTHROUGH_STEPS)[number];

/** The context key that completes a step (package.json's `onContext:` completion event names it). */
export function walkthroughContextKey(step: WalkthroughStep): string {
  return `${ID_NAMESPACE}.walkthrough.${step}`;
}

/** What the progress reads: the accounts, the images, and the Images view (its filter and visibility). */
export type WalkthroughSources = Pick<ExtensionServices, 'tokens' | 'store' | 'tree' | 'treeView'>;

/**
 * - `account`: a token is there to use (stored, signed in with Linode, or LINODE_CLI_TOKEN); follows the accounts,
 *   so it is true at activation once the stored accounts are read.
 * - `browse`: the Images view was shown, grouped by region, with images of the account in it.
 * - `upload`: an upload container got its bytes (its image left `pending_upload`, and is still there).
 * - `replicate`: an available image gained a region (Manage Regions… added a copy).
 */
export class WalkthroughProgress implements vscode.Disposable {
  private readonly done = new Set<WalkthroughStep>();
  private readonly changed = new vscode.EventEmitter<WalkthroughStep>();
  /** A step's state changed (the account step may also turn back to not done, when the last account goes). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly sources: WalkthroughSources) {
    const { tokens, store, treeView } = sources;
    this.subscriptions = [
      this.changed,
      tokens.onDidChange(() => this.checkAccount()),
      store.onDidChange((change) => this.storeChanged(change)),
      treeView.onDidChangeVisibility(() => this.checkBrowse()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SETTINGS_SECTION}.groupBy`)) this.checkBrowse();
      }),
    ];
    // Reading the stored accounts is a SecretStorage round trip, not a request to Linode.
    void tokens.ready.then(() => this.checkAccount());
  }

  isDone(step: WalkthroughStep): boolean {
    return this.done.has(step);
  }

  /** Every step's context key and value, as `when` clauses see them. */
  contextValues(): Record<string, boolean> {
    return Object.fromEntries(WALKTHROUGH_STEPS.map((step) => [walkthroughContextKey(step), this.done.has(step)]));
  }

  /** Back to nothing seen, as in a new window (the account is read again). For the extension's tests. */
  restart(): void {
    for (const step of WALKTHROUGH_STEPS) this.set(step, false);
    this.checkAccount();
    this.checkBrowse();
  }

  private checkAccount(): void {
    this.set('account', this.sources.tokens.current !== undefined);
  }

  private storeChanged(change: StoreChange): void {
    if (change.kind === 'images') {
      if (!this.done.has('upload') && change.changes.some(uploadFinished)) this.set('upload', true);
      if (!this.done.has('replicate') && change.changes.some(gainedRegion)) this.set('replicate', true);
    }
    if (change.kind !== 'busy') this.checkBrowse();
  }

  /** True once the visible view shows the account's images under their regions. */
  private checkBrowse(): void {
    if (this.done.has('browse')) return;
    const { store, tree, treeView } = this.sources;
    if (!treeView.visible || !store.showable || readSettings().groupBy !== 'region') return;
    const shown = filterImages(store.allImages(), tree.filter);
    if (shown.some((image) => imageKind(image) === 'private' && image.regions.length > 0)) this.set('browse', true);
  }

  private set(step: WalkthroughStep, value: boolean): void {
    if (this.done.has(step) === value) return;
    if (value) this.done.add(step);
    else this.done.delete(step);
    void vscode.commands.executeCommand('setContext', walkthroughContextKey(step), value);
    this.changed.fire(step);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** An upload container that got its bytes: Linode now makes the image (or has made it). */
function uploadFinished({ before, after }: ImageChange): boolean {
  return before?.status === 'pending_upload' && after !== undefined && after.status !== 'pending_upload';
}

/** An available image with a region it did not have: a copy is being made there. */
function gainedRegion({ before, after }: ImageChange): boolean {
  if (before?.status !== 'available' || !after) return false;
  const had = new Set(regionIds(before));
  return regionIds(after).some((region) => !had.has(region));
}

function regionIds(image: Image): string[] {
  return image.regions.map((replica) => replica.region);
}
