// The Images view's data: one cached image list, grouped by the pure core on demand.
import * as vscode from 'vscode';
import { LinodeAuthError } from '../../core/api/errors';
import type { Image, Region } from '../../core/api/types';
import { filterImages, normalizeFilter } from '../../core/model/filter';
import { groupImages, type ImageEntry, type ImageGroup } from '../../core/model/grouping';
import { isInProgress } from '../../core/model/imageStatus';
import type { ApiSession } from '../apiSession';
import { errorMessage, isTokenProblem } from '../errors';
import type { Logger } from '../log';
import { readSettings } from '../settings';
import type { TokenStore } from '../tokenStore';
import { groupItem, imageItem, imageTooltip, messageItem } from './treeItems';

export type TreeNode =
  | { type: 'group'; id: string; group: ImageGroup }
  | { type: 'image'; id: string; entry: ImageEntry }
  | { type: 'message'; id: string; label: string; description?: string; icon: string; command?: vscode.Command };

type LoadState =
  | { kind: 'notLoaded' }
  | { kind: 'loaded' }
  | { kind: 'failed'; error: unknown };

export class ImagesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly imagesChanged = new vscode.EventEmitter<void>();
  /** Fires whenever the cached image list changes (loaded, reloaded, one image updated or removed). */
  readonly onDidChangeImages = this.imagesChanged.event;
  private readonly loadFailed = new vscode.EventEmitter<unknown>();
  readonly onDidFailToLoad = this.loadFailed.event;

  private state: LoadState = { kind: 'notLoaded' };
  private loading: Promise<void> | undefined;
  private readonly images = new Map<string, Image>();
  /** Ids deleted since the last full load, kept out of late answers to reads that were under way. */
  private readonly deleted = new Set<string>();
  private regions = new Map<string, Region>();
  /**
   * The tree's nodes for the current list and settings. A group's children are made the first time they are
   * asked for (`childrenOf`): with thousands of images most groups stay closed, and making every row's node up
   * front took longer than grouping itself. `groups` holds every group node of this shape, by id.
   */
  private shape:
    | { roots: TreeNode[]; groups: Map<string, GroupNode>; children: Map<string, TreeNode[]>; parents: Map<string, TreeNode> }
    | undefined;
  /** Temporary descriptions ("Deleting…") shown on images while a command works on them. */
  private readonly busy = new Map<string, string>();
  /** The view shows only images whose label, id or a tag contains this (see Filter Images…). */
  private filterText: string | undefined;

  constructor(
    private readonly session: ApiSession,
    private readonly tokens: TokenStore,
    private readonly logger: Logger,
  ) {}

  get loaded(): boolean {
    return this.state.kind === 'loaded';
  }

  get loadError(): unknown {
    return this.state.kind === 'failed' ? this.state.error : undefined;
  }

  allImages(): Image[] {
    return [...this.images.values()];
  }

  image(id: string): Image | undefined {
    return this.images.get(id);
  }

  regionMap(): ReadonlyMap<string, Region> {
    return this.regions;
  }

  /** True while a command works on the image (its rows say so and offer no other command). */
  isBusy(imageId: string): boolean {
    return this.busy.has(imageId);
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  /** Filters the cached list (no API call); empty or undefined shows everything again. */
  setFilter(query: string | undefined): void {
    this.filterText = normalizeFilter(query);
    this.regroup();
  }

  /** Images to follow; none while the list is not loaded (e.g. the token was rejected). */
  inProgressImages(): Image[] {
    return this.state.kind === 'loaded' ? this.allImages().filter(isInProgress) : [];
  }

  /** Asks the API again and redraws. Concurrent calls share one load. */
  async refresh(): Promise<void> {
    // A load already under way may be using an old token or URL: let it finish, then load afresh.
    await this.loading;
    this.state = { kind: 'notLoaded' };
    this.changed.fire(undefined);
    return this.ensureLoaded();
  }

  /** Redraws from the cache (after a grouping setting changed). */
  regroup(): void {
    this.shape = undefined;
    this.changed.fire(undefined);
  }

  /** Forgets everything (token cleared). */
  clear(): void {
    this.images.clear();
    this.deleted.clear();
    this.state = { kind: 'notLoaded' };
    this.regroup();
    this.imagesChanged.fire();
  }

  upsertImage(image: Image): void {
    // A re-read that was under way while the image was deleted must not bring it back.
    if (this.deleted.has(image.id)) return;
    this.images.set(image.id, image);
    this.regroup();
    this.imagesChanged.fire();
  }

  removeImage(imageId: string): void {
    this.deleted.add(imageId);
    if (this.images.delete(imageId)) {
      this.regroup();
      this.imagesChanged.fire();
    }
  }

  /** Shows `description` on every row of the image while `work` runs. */
  async withBusyDescription<T>(imageId: string, description: string, work: () => Promise<T>): Promise<T> {
    this.busy.set(imageId, description);
    this.regroup();
    try {
      return await work();
    } finally {
      this.busy.delete(imageId);
      this.regroup();
    }
  }

  ensureLoaded(): Promise<void> {
    if (this.state.kind !== 'notLoaded') return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    await this.tokens.ready;
    if (!this.tokens.current) {
      this.state = { kind: 'notLoaded' };
      return;
    }
    try {
      const client = this.session.client();
      const [images, regions] = await Promise.all([client.listImages(), client.listRegions()]);
      this.images.clear();
      this.deleted.clear();
      for (const image of images) this.images.set(image.id, image);
      this.regions = new Map(regions.map((r) => [r.id, r]));
      this.state = { kind: 'loaded' };
      this.logger.info(`Loaded ${images.length} images and ${regions.length} regions.`);
    } catch (error) {
      this.state = { kind: 'failed', error };
      this.logger.error(`Could not load images: ${errorMessage(error)}`);
      this.loadFailed.fire(error);
    }
    this.regroup();
    this.imagesChanged.fire();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'group':
        return groupItem(node.id, node.group);
      case 'image':
        return imageItem(node.id, node.entry, this.busy.get(node.entry.image.id));
      case 'message':
        return messageItem(node);
    }
  }

  /** VS Code asks when the pointer rests on a row: image tooltips are made then, not for every row shown. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.type === 'image' && item.tooltip === undefined) item.tooltip = imageTooltip(node.entry, this.regions);
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      await this.tokens.ready;
      if (!this.tokens.current) return []; // the welcome view asks for a token
      await this.ensureLoaded();
      if (this.state.kind === 'failed') return failureNodes(this.state.error, this.logger.redact);
      return this.currentShape().roots;
    }
    return this.childrenOf(node);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.currentShape().parents.get(node.id);
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
    const nodes = nodesOf(group.group.groups, group.group.entries, shape.groups);
    shape.children.set(group.id, nodes);
    for (const child of nodes) shape.parents.set(child.id, group);
    return nodes;
  }

  private currentShape(): NonNullable<ImagesTreeProvider['shape']> {
    if (this.shape) return this.shape;
    const settings = readSettings();
    const shown = settings.showPublicImages ? [...this.images.values()] : [...this.images.values()].filter((i) => !i.is_public);
    const matching = filterImages(shown, this.filterText);
    const root = groupImages(matching, {
      groupBy: settings.groupBy,
      sortBy: settings.sortBy,
      showPublicImages: settings.showPublicImages,
      regions: this.regions,
    });
    const groups = new Map<string, GroupNode>();
    const collect = (list: ImageGroup[]): void => {
      for (const group of list) {
        groups.set(group.id, { type: 'group', id: group.id, group });
        collect(group.groups);
      }
    };
    collect(root.groups);
    const roots = nodesOf(root.groups, root.entries, groups);
    if (this.filterText !== undefined && this.state.kind === 'loaded') {
      // First row while filtered: what is hidden, and the way back (the view's description is not shown
      // when the view is alone in its container).
      const clear = { command: 'linodeImages.clearFilter', title: 'Clear Filter' };
      roots.unshift(
        matching.length === 0
          ? { type: 'message', id: 'message:noMatch', label: `No images match "${this.filterText}"`, description: 'click to clear the filter', icon: 'filter', command: clear }
          : { type: 'message', id: 'message:filter', label: `Filter: "${this.filterText}"`, description: `${matching.length} of ${shown.length} images · click to clear`, icon: 'filter', command: clear },
      );
    } else if (roots.length === 0 && this.state.kind === 'loaded') {
      roots.push({ type: 'message', id: 'message:empty', label: 'No images', icon: 'info' });
    }
    this.shape = { roots, groups, children: new Map(), parents: new Map() };
    return this.shape;
  }

  dispose(): void {
    this.changed.dispose();
    this.imagesChanged.dispose();
    this.loadFailed.dispose();
  }
}

type GroupNode = Extract<TreeNode, { type: 'group' }>;

/** Nodes for groups (the shape's own group nodes when given) and then images. */
function nodesOf(groups: ImageGroup[], entries: ImageEntry[], groupNodes?: ReadonlyMap<string, GroupNode>): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const group of groups) nodes.push(groupNodes?.get(group.id) ?? { type: 'group', id: group.id, group });
  for (const entry of entries) nodes.push({ type: 'image', id: entry.id, entry });
  return nodes;
}

/** The rows of a failed load; the error's text passes through `redact`, like every error the user sees. */
function failureNodes(error: unknown, redact: (text: string) => string): TreeNode[] {
  const description = redact(errorMessage(error));
  if (isTokenProblem(error)) {
    const label = error instanceof LinodeAuthError ? 'Linode rejected the API token' : 'The API token cannot be used';
    return [
      { type: 'message', id: 'message:auth', label, description, icon: 'error' },
      {
        type: 'message',
        id: 'message:setToken',
        label: 'Set API Token…',
        icon: 'key',
        command: { command: 'linodeImages.setApiToken', title: 'Set API Token' },
      },
    ];
  }
  return [
    {
      type: 'message',
      id: 'message:loadFailed',
      label: 'Could not load images — click to retry',
      description,
      icon: 'error',
      command: { command: 'linodeImages.refresh', title: 'Retry' },
    },
  ];
}
