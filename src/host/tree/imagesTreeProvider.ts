// The Images view: a read-only window on the image store. It redraws only the rows of the images a change names,
// and the whole tree only when the grouping itself changes (an image added or removed, or moved between groups).
// Above the images, while the account has any, the "Trial Linodes" section (deploy/trialLinodes.ts).
import * as vscode from 'vscode';
import { LinodeAuthError } from '../../core/api/errors';
import type { Image } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { filterImages, imageMatches, normalizeFilter } from '../../core/model/filter';
import { groupImages, placementKey, type ImageEntry, type ImageGroup, type SortBy } from '../../core/model/grouping';
import type { ImageSync } from '../../core/store/imageSync';
import type { ImageChange, ImageStore, StoreChange } from '../../core/store/imageStore';
import { errorMessage, isTokenProblem } from '../errors';
import { commandId } from '../ids';
import type { Logger } from '../log';
import { readSettings } from '../settings';
import { isSignIn } from '../auth/accountKind';
import type { TokenStore } from '../auth/tokenStore';
import { groupItem, imageItem, imageTooltip, messageItem } from './treeItems';
import { trialNode, type TrialLinodes, type TrialNode, type TrialsNode } from '../deploy/trialLinodes';
import { trialItem, trialsItem } from './trialItems';

export type TreeNode =
  | { type: 'group'; id: string; group: ImageGroup }
  | { type: 'image'; id: string; entry: ImageEntry }
  | { type: 'message'; id: string; label: string; description?: string; icon: string; command?: vscode.Command }
  | TrialsNode
  | TrialNode;

/** What the root shows; a store change that keeps it redraws no root. */
type RootKind = 'nothing' | 'failure' | 'images';

export class ImagesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /**
   * The tree's nodes for the current list and settings. A group's children are made the first time they are
   * asked for (`childrenOf`): with thousands of images most groups stay closed, and making every row's node up
   * front took longer than grouping itself. `groups` holds every group node of this shape, by id; `entries` every
   * entry of an image (one per region in the region grouping), and `made` the image nodes made so far.
   */
  private shape:
    | {
        roots: TreeNode[];
        groups: Map<string, GroupNode>;
        children: Map<string, TreeNode[]>;
        parents: Map<string, TreeNode>;
        entries: Map<string, ImageEntry[]>;
        made: Map<string, ImageNode[]>;
        sortBy: SortBy;
      }
    | undefined;
  private rootKind: RootKind = 'nothing';
  /** The view shows only images whose label, id or a tag contains this (see Filter Images…). */
  private filterText: string | undefined;
  private readonly subscriptions: Array<{ dispose(): void }>;
  /** The section's one node (VS Code knows a node to redraw by the object). */
  private readonly trialsNode: TrialsNode = { type: 'trials', id: 'trials' };
  /** Whether the root shows the section now. */
  private trialsShown = false;

  constructor(
    private readonly store: ImageStore,
    private readonly sync: ImageSync,
    private readonly tokens: TokenStore,
    private readonly logger: Logger,
    private readonly trials?: TrialLinodes,
  ) {
    this.subscriptions = [store.onDidChange((change) => this.storeChanged(change))];
    if (trials) this.subscriptions.push(trials.onDidChange(() => this.trialsChanged()));
  }

  /** The section appears or goes with the root; otherwise only its rows are redrawn. */
  private trialsChanged(): void {
    const wanted = (this.trials?.rows.length ?? 0) > 0;
    this.changed.fire(wanted === this.trialsShown && wanted ? this.trialsNode : undefined);
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  /** Filters the stored list (no API call); empty or undefined shows everything again. */
  setFilter(query: string | undefined): void {
    this.filterText = normalizeFilter(query);
    this.regroup();
  }

  /** Redraws everything from the store (after a grouping setting changed). */
  regroup(): void {
    this.shape = undefined;
    this.changed.fire(undefined);
  }

  private storeChanged(change: StoreChange): void {
    switch (change.kind) {
      case 'reset':
        this.regroup();
        return;
      case 'state': {
        // A failure's rows say which failure; otherwise only a change of what the root shows redraws it.
        const kind = this.currentRootKind();
        if (kind !== this.rootKind || kind === 'failure') this.regroup();
        return;
      }
      case 'busy':
        this.redrawRows(change.imageIds);
        return;
      case 'images':
        if (this.currentRootKind() !== this.rootKind || !change.changes.every((c) => this.keepsPlace(c))) {
          this.regroup();
          return;
        }
        for (const { id, after } of change.changes) {
          for (const entry of this.shape?.entries.get(id) ?? []) if (after) entry.image = after;
        }
        this.redrawRows(change.changes.map((c) => c.id));
    }
  }

  /** True when the image stays in the same groups at the same place, so only its own rows need redrawing. */
  private keepsPlace({ before, after }: ImageChange): boolean {
    if (!this.shape) return true; // nothing drawn yet
    if (!before || !after) return false;
    const { sortBy } = this.shape;
    const filter = this.filterText;
    const shown = (image: Image): boolean => filter === undefined || imageMatches(image, filter);
    return placementKey(before, sortBy) === placementKey(after, sortBy) && shown(before) === shown(after);
  }

  private redrawRows(imageIds: readonly string[]): void {
    const nodes = imageIds.flatMap((id) => this.shape?.made.get(id) ?? []);
    if (nodes.length > 0) this.changed.fire(nodes);
  }

  private currentRootKind(): RootKind {
    const state = this.store.state;
    if (state.kind === 'failed' && (state.asOf === undefined || isTokenProblem(state.error))) return 'failure';
    return this.store.showable ? 'images' : 'nothing';
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'group':
        return groupItem(node.id, node.group);
      case 'image':
        return imageItem(node.id, node.entry, this.store.busyDescription(node.entry.image.id));
      case 'message':
        return messageItem(node);
      case 'trials':
        return trialsItem(this.trials as TrialLinodes);
      case 'trial':
        return trialItem(node.id, node.row, this.trials as TrialLinodes, this.store.regionMap());
    }
  }

  /** VS Code asks when the pointer rests on a row: image tooltips are made then, not for every row shown. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.type === 'image' && item.tooltip === undefined) item.tooltip = imageTooltip(node.entry, this.store.regionMap());
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      await this.tokens.ready;
      if (!this.tokens.current) return []; // the welcome view asks for a token
      await this.sync.ensureStarted();
      this.rootKind = this.currentRootKind();
      if (this.rootKind === 'failure') return failureNodes(this.store.loadError, this.logger.redact, isSignIn(this.tokens.current));
      if (this.rootKind === 'nothing') return [];
      return this.withTrials(this.currentShape().roots);
    }
    if (node.type === 'trials') return (this.trials?.rows ?? []).map(trialNode);
    if (node.type === 'trial') return [];
    return this.childrenOf(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.type === 'trial') return this.trialsNode;
    if (node.type === 'trials') return undefined;
    return this.currentShape().parents.get(node.id);
  }

  /** The image rows, with the trial section after the filter's row (if any) while the account has trials. */
  private withTrials(roots: TreeNode[]): TreeNode[] {
    this.trials?.ensureLoaded();
    this.trialsShown = (this.trials?.rows.length ?? 0) > 0;
    if (!this.trialsShown) return roots;
    const at = roots[0]?.type === 'message' && (roots[0].id === 'message:filter' || roots[0].id === 'message:noMatch') ? 1 : 0;
    return [...roots.slice(0, at), this.trialsNode, ...roots.slice(at)];
  }

  /** Tree nodes that show the image (one per region in the region grouping). */
  nodesForImage(imageId: string): TreeNode[] {
    const shape = this.currentShape();
    const nodes: TreeNode[] = [];
    const visit = (list: TreeNode[]): void => {
      for (const n of list) {
        if (n.type === 'image' && n.entry.image.id === imageId) nodes.push(n);
        visit(this.childrenOf(n));
      }
    };
    visit(shape.roots);
    return nodes;
  }

  /** A group's child nodes in the current shape, made on first use (a node from an older shape finds its id's). */
  private childrenOf(node: TreeNode): TreeNode[] {
    const shape = this.currentShape();
    const made = shape.children.get(node.id);
    if (made) return made;
    const group = shape.groups.get(node.id);
    if (!group) return [];
    const nodes = nodesOf(group.group.groups, group.group.entries, shape.groups, shape.made);
    shape.children.set(group.id, nodes);
    for (const child of nodes) shape.parents.set(child.id, group);
    return nodes;
  }

  private currentShape(): NonNullable<ImagesTreeProvider['shape']> {
    if (this.shape) return this.shape;
    const settings = readSettings();
    const all = this.store.allImages();
    const shown = settings.showPublicImages ? all : all.filter((i) => !i.is_public);
    const matching = filterImages(shown, this.filterText);
    const root = groupImages(matching, {
      groupBy: settings.groupBy,
      sortBy: settings.sortBy,
      showPublicImages: settings.showPublicImages,
      regions: this.store.regionMap(),
    });
    const groups = new Map<string, GroupNode>();
    const entries = new Map<string, ImageEntry[]>();
    const addEntries = (list: readonly ImageEntry[]): void => {
      for (const entry of list) {
        const known = entries.get(entry.image.id);
        if (known) known.push(entry);
        else entries.set(entry.image.id, [entry]);
      }
    };
    const collect = (list: ImageGroup[]): void => {
      for (const group of list) {
        groups.set(group.id, { type: 'group', id: group.id, group });
        addEntries(group.entries);
        collect(group.groups);
      }
    };
    collect(root.groups);
    addEntries(root.entries);
    const made = new Map<string, ImageNode[]>();
    const roots = nodesOf(root.groups, root.entries, groups, made);
    const showing = this.store.showable;
    if (this.filterText !== undefined && showing) {
      // First row while filtered: what is hidden, and the way back (the view's description is not shown
      // when the view is alone in its container).
      const clear = { command: commandId('clearFilter'), title: l10n.t('Clear Filter') };
      roots.unshift(
        matching.length === 0
          ? {
              type: 'message',
              id: 'message:noMatch',
              label: l10n.t('No images match "{0}"', this.filterText),
              description: l10n.t('click to clear the filter'),
              icon: 'filter',
              command: clear,
            }
          : {
              type: 'message',
              id: 'message:filter',
              label: l10n.t('Filter: "{0}"', this.filterText),
              description: l10n.t('{0} of {1} images · click to clear', matching.length, shown.length),
              icon: 'filter',
              command: clear,
            },
      );
    } else if (roots.length === 0 && showing) {
      roots.push({ type: 'message', id: 'message:empty', label: l10n.t('No images'), icon: 'info' });
    }
    this.shape = { roots, groups, children: new Map(), parents: new Map(), entries, made, sortBy: settings.sortBy };
    return this.shape;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

type GroupNode = Extract<TreeNode, { type: 'group' }>;
type ImageNode = Extract<TreeNode, { type: 'image' }>;

/** Nodes for groups (the shape's own group nodes when given) and then images. */
function nodesOf(groups: ImageGroup[], entries: ImageEntry[], groupNodes: ReadonlyMap<string, GroupNode>, made: Map<string, ImageNode[]>): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const group of groups) nodes.push(groupNodes.get(group.id) ?? { type: 'group', id: group.id, group });
  for (const entry of entries) {
    const node: ImageNode = { type: 'image', id: entry.id, entry };
    nodes.push(node);
    const known = made.get(entry.image.id);
    if (known) known.push(node);
    else made.set(entry.image.id, [node]);
  }
  return nodes;
}

/** The rows of a failed load; the error's text passes through `redact`, like every error the user sees. */
function failureNodes(error: unknown, redact: (text: string) => string, signedIn: boolean): TreeNode[] {
  const description = redact(errorMessage(error));
  if (isTokenProblem(error) && signedIn) {
    // A sign-in's token expired or was revoked: signing in again is the way out, not a token.
    return [
      { type: 'message', id: 'message:auth', label: l10n.t('Linode no longer accepts this sign-in'), description, icon: 'error' },
      {
        type: 'message',
        id: 'message:signIn',
        label: l10n.t('Sign In Again…'),
        icon: 'sign-in',
        command: { command: commandId('signIn'), title: l10n.t('Sign In Again') },
      },
    ];
  }
  if (isTokenProblem(error)) {
    const label = error instanceof LinodeAuthError ? l10n.t('Linode rejected the API token') : l10n.t('The API token cannot be used');
    return [
      { type: 'message', id: 'message:auth', label, description, icon: 'error' },
      {
        type: 'message',
        id: 'message:setToken',
        label: l10n.t('Set API Token…'),
        icon: 'key',
        command: { command: commandId('setApiToken'), title: l10n.t('Set API Token') },
      },
    ];
  }
  return [
    {
      type: 'message',
      id: 'message:loadFailed',
      label: l10n.t('Could not load images — click to retry'),
      description,
      icon: 'error',
      command: { command: commandId('refresh'), title: l10n.t('Retry') },
    },
  ];
}
