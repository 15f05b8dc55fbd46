// The Share Groups view: a read-only window on the share group store (your share groups, a v4beta feature, each with
// the images it shares and its members). Nothing is asked of Linode until VS Code asks for rows (the view is shown
// and a group opened). A change redraws only the rows of the groups and lists it names, and the whole view only when
// groups appear, leave or change places; Refresh keeps the groups shown until Linode's answer replaces them. With
// the v4 API or without a token the view has no rows, and its welcome content says why (package.json viewsWelcome).
import * as vscode from 'vscode';
import type { Image, ShareGroup, ShareGroupMember, ShareGroupToken } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { escapeMarkdown, formatApiTime } from '../../core/model/format';
import { imageKind } from '../../core/model/imageKind';
import { expiryText, joinedGroupLabel, membershipStatusText, notEnrolledMessage, shareGroupSummary, sharingUnavailable, sourceImageId } from '../../core/model/sharing';
import type { ImageStore, StoreChange } from '../../core/store/imageStore';
import type { GroupList, ShareGroupsChange, ShareGroupStore } from '../../core/store/shareGroupStore';
import { errorMessage, isTokenProblem } from '../errors';
import { commandId, CONTEXT_KEYS } from '../ids';
import type { Logger } from '../log';
import { affectsConnection, readSettings } from '../settings';
import { isSignIn } from '../auth/accountKind';
import type { TokenStore } from '../auth/tokenStore';
import { messageItem } from '../tree/treeItems';
import { timeOf } from '../tree/viewMessage';

export type ShareGroupNode =
  | { type: 'sharegroup'; id: string; group: ShareGroup }
  | { type: 'folder'; id: string; group: ShareGroup; folder: GroupList }
  | { type: 'sharedImage'; id: string; group: ShareGroup; image: Image }
  | { type: 'member'; id: string; group: ShareGroup; member: ShareGroupMember }
  /** "Groups I Joined": this account's membership tokens (shown when it has any). */
  | { type: 'joinedSection'; id: string }
  | { type: 'joinedGroup'; id: string; token: ShareGroupToken }
  /** An image of a group this account joined: read-only. */
  | { type: 'joinedImage'; id: string; token: ShareGroupToken; image: Image }
  | { type: 'message'; id: string; label: string; description?: string; icon: string; command?: vscode.Command };

type GroupNode = Extract<ShareGroupNode, { type: 'sharegroup' }>;
type FolderNode = Extract<ShareGroupNode, { type: 'folder' }>;
type RowNode = Extract<ShareGroupNode, { group: ShareGroup }>;
type JoinedGroupNode = Extract<ShareGroupNode, { type: 'joinedGroup' }>;

const JOINED_SECTION_ID = 'sharegroups:joined';

/** What the root shows; a store change that keeps it redraws no root. */
type RootKind = 'nothing' | 'failure' | 'groups';

export class ShareGroupsTreeProvider implements vscode.TreeDataProvider<ShareGroupNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ShareGroupNode | ShareGroupNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /**
   * Every row handed to VS Code, by id, kept current with the store: VS Code knows a row by its object, so a
   * change can name only that row's object for VS Code to ask for again.
   */
  private readonly rows = new Map<string, RowNode>();
  private rootKind: RootKind = 'nothing';
  /** The group ids of the root's rows, in order, as last given to VS Code. */
  private rootOrder = '';
  /** Folders that showed a failure: Refresh asks for them again (a reload reads only the lists it holds). */
  private readonly failedFolders = new Set<string>();
  private view: Pick<vscode.TreeView<unknown>, 'message'> | undefined;
  /** The store state the view's message was made for. */
  private messageFor: unknown;
  private readonly subscriptions: Array<{ dispose(): void }>;
  /** The "Groups I Joined" row VS Code has, and whether the root showed it. */
  private readonly joinedSection: ShareGroupNode = { type: 'joinedSection', id: JOINED_SECTION_ID };
  private joinedShown = false;
  /** The account and API whose membership tokens could not be listed (outside the beta): not asked again. */
  private tokensUnlistedFor: string | undefined;

  constructor(
    private readonly store: ShareGroupStore,
    private readonly imageStore: ImageStore,
    private readonly tokens: TokenStore,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      store.onDidChange((change) => this.storeChanged(change)),
      imageStore.onDidChange((change) => this.imagesChanged(change)),
      tokens.onDidChange(() => {
        // A new token of the same account (renewed, or signed in again) may end a failure: the next look reads again.
        if (store.state.kind === 'failed') store.clear();
        this.followConnection();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsConnection(event)) this.followConnection();
      }),
    ];
    this.followConnection();
  }

  /**
   * Sets the context key the welcome content and the menus use, and has the store follow the account and API: the
   * groups of another one are forgotten (a renewed token is the same account). Also called where a setting was just
   * changed, as its event may come later.
   */
  followConnection(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.apiV4beta, readSettings().apiVersion === 'v4beta');
    this.store.use(this.connectionKey());
  }

  /**
   * Whether the Images view's Refresh should also list the images shared with this account (being let into a share
   * group makes no event in the receiving account): on v4beta, when the view shows a shared image or the account holds
   * a membership token, pending or active. Tokens not known yet are listed once per account and API.
   */
  async receivesShares(): Promise<boolean> {
    await this.tokens.ready;
    const key = this.connectionKey();
    this.store.use(key);
    if (!this.canList()) return false;
    if (this.imageStore.allImages().some((image) => imageKind(image) === 'shared')) return true;
    if (this.store.joinedTokens() === undefined && key !== this.tokensUnlistedFor) {
      try {
        await this.store.readTokens();
      } catch (error) {
        if (sharingUnavailable(error)) this.tokensUnlistedFor = key;
        this.logger.warn(`Could not list the membership tokens: ${this.logger.redact(errorMessage(error))}`);
      }
    }
    return this.hasJoined();
  }

  private connectionKey(): string | undefined {
    const current = this.tokens.current;
    const settings = readSettings();
    if (!current || !settings.apiUrl.ok) return undefined;
    return JSON.stringify([current.account?.id ?? current.source, settings.apiUrl.url, settings.apiVersion]);
  }

  /** The view whose message says when the groups shown could not be brought up to date. */
  showMessagesIn(view: Pick<vscode.TreeView<unknown>, 'message'>): void {
    this.view = view;
    this.updateMessage();
  }

  /**
   * Reads again what the view shows (the groups, and the lists of the groups opened), keeping it shown meanwhile;
   * a folder that could not be loaded is asked for again.
   */
  async refresh(): Promise<void> {
    await this.tokens.ready;
    this.store.use(this.connectionKey());
    if (!this.canList()) return;
    await this.store.reload();
    const failed = [...this.failedFolders].map((id) => this.rows.get(id)).filter((node): node is RowNode => node !== undefined);
    this.failedFolders.clear();
    if (failed.length > 0) this.changed.fire(failed);
  }

  private storeChanged(change: ShareGroupsChange): void {
    this.updateMessage();
    switch (change.kind) {
      case 'reset':
        this.rows.clear();
        this.failedFolders.clear();
        this.redrawAll();
        return;
      case 'joined':
        // The section appears or leaves with the root; otherwise only its rows are drawn again.
        if (this.joinedShown !== this.hasJoined()) this.redrawAll();
        else if (this.joinedShown) this.changed.fire(this.joinedSection);
        return;
      case 'state': {
        // A failure's rows say which failure; otherwise only a change of what the root shows redraws it.
        const kind = this.currentRootKind();
        if (kind !== this.rootKind || kind === 'failure') this.redrawAll();
        return;
      }
      case 'changed': {
        for (const { id, after } of change.groups) {
          if (after) this.updateRows(id, after);
          else this.forgetRows(id);
        }
        if (this.currentRootKind() !== this.rootKind || (this.rootKind === 'groups' && this.sortedGroupIds() !== this.rootOrder)) {
          this.redrawAll(); // groups appeared, left or changed places
          return;
        }
        // A group's row (its subtree comes with it), or only a list's folder when the group itself is as it was.
        const targets = new Set<RowNode>();
        for (const { id } of change.groups) addRow(targets, this.rows.get(groupRowId(id)));
        for (const { groupId, list } of change.lists) addRow(targets, this.rows.get(folderRowId(groupId, list)));
        if (targets.size > 0) this.changed.fire([...targets]);
      }
    }
  }

  /** A shared copy's row names your image by its label: it is redrawn when that image changes. */
  private imagesChanged(change: StoreChange): void {
    if (change.kind !== 'images' && change.kind !== 'reset') return;
    const changedIds = change.kind === 'images' ? new Set(change.changes.map((c) => c.id)) : undefined;
    const targets: RowNode[] = [];
    for (const node of this.rows.values()) {
      if (node.type !== 'sharedImage') continue;
      const source = sourceImageId(node.image);
      if (source !== undefined && (changedIds === undefined || changedIds.has(source))) targets.push(node);
    }
    if (targets.length > 0) this.changed.fire(targets);
  }

  private redrawAll(): void {
    this.changed.fire(undefined);
  }

  /** The group's rows (its own, its folders', its images' and members') carry its new answer. */
  private updateRows(groupId: number, group: ShareGroup): void {
    for (const node of this.rowsOf(groupId)) node.group = group;
  }

  private forgetRows(groupId: number): void {
    for (const node of this.rowsOf(groupId)) {
      this.rows.delete(node.id);
      this.failedFolders.delete(node.id);
    }
  }

  private rowsOf(groupId: number): RowNode[] {
    const id = groupRowId(groupId);
    return [...this.rows.values()].filter((node) => node.id === id || node.id.startsWith(`${id}:`));
  }

  private currentRootKind(): RootKind {
    if (!this.canList()) return 'nothing';
    const state = this.store.state;
    // Shown groups stay through a failed reload, unless the failure makes them moot (token, beta).
    if (state.kind === 'failed' && (!this.store.showable || isTokenProblem(state.error) || sharingUnavailable(state.error))) return 'failure';
    return this.store.showable ? 'groups' : 'nothing';
  }

  /** A token, a usable API URL and the v4beta API: else the welcome content explains. */
  private canList(): boolean {
    const settings = readSettings();
    return this.tokens.current !== undefined && settings.apiVersion === 'v4beta' && settings.apiUrl.ok;
  }

  private sortedGroups(): ShareGroup[] {
    return this.store.allGroups().sort((a, b) => a.label.localeCompare(b.label) || a.id - b.id);
  }

  private sortedGroupIds(): string {
    return this.sortedGroups().map((group) => group.id).join(',');
  }

  getTreeItem(node: ShareGroupNode): vscode.TreeItem {
    switch (node.type) {
      case 'sharegroup':
        return groupItem(node);
      case 'folder': {
        const count = node.folder === 'images' ? node.group.images_count : node.group.members_count;
        const item = new vscode.TreeItem(node.folder === 'images' ? l10n.t('Images') : l10n.t('Members'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = String(count);
        item.iconPath = new vscode.ThemeIcon(node.folder === 'images' ? 'layers' : 'person');
        item.contextValue = `sharegroup.${node.folder}`;
        return item;
      }
      case 'sharedImage': {
        const item = new vscode.TreeItem(node.image.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        const source = sourceImageId(node.image);
        const own = source === undefined ? undefined : this.imageStore.image(source);
        item.description =
          source === undefined
            ? node.image.id
            : own
              ? l10n.t('{0} · from "{1}" {2}', node.image.id, own.label, source)
              : l10n.t('{0} · from {1}', node.image.id, source);
        item.tooltip = [`${node.image.label} (${node.image.id})`, source ? l10n.t('Shares your image {0}', source) : undefined, node.image.description || undefined]
          .filter(Boolean)
          .join('\n');
        item.iconPath = new vscode.ThemeIcon('layers');
        item.contextValue = 'sharegroup.image';
        return item;
      }
      case 'member':
        return memberItem(node.id, node.member, node.group);
      case 'joinedSection': {
        const item = new vscode.TreeItem(l10n.t('Groups I Joined'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = String(this.store.joinedTokens()?.length ?? 0);
        item.iconPath = new vscode.ThemeIcon('organization');
        item.tooltip = new vscode.MarkdownString(l10n.t("Share groups of other accounts that you joined, or asked to join: each one's images, read-only."));
        item.contextValue = 'sharegroup.joinedSection';
        return item;
      }
      case 'joinedGroup':
        return joinedGroupItem(node);
      case 'joinedImage': {
        const item = new vscode.TreeItem(node.image.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.image.id;
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown(`**${escapeMarkdown(node.image.label)}** \`${node.image.id}\`\n\n`);
        tooltip.appendMarkdown(escapeMarkdown(l10n.t('Shared with you in "{0}" (read-only).', joinedGroupLabel(node.token))));
        if (node.image.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(node.image.description)}`);
        item.tooltip = tooltip;
        item.iconPath = new vscode.ThemeIcon('layers');
        item.contextValue = 'sharegroup.joinedImage';
        return item;
      }
      case 'message':
        return messageItem(node);
    }
  }

  /** For reveal: a folder's group, an image's or member's folder. */
  getParent(node: ShareGroupNode): ShareGroupNode | undefined {
    switch (node.type) {
      case 'folder':
        return this.rows.get(groupRowId(node.group.id));
      case 'sharedImage':
        return this.rows.get(folderRowId(node.group.id, 'images'));
      case 'member':
        return this.rows.get(folderRowId(node.group.id, 'members'));
      case 'joinedGroup':
        return this.joinedSection;
      case 'joinedImage':
        return { type: 'joinedGroup', id: joinedRowId(node.token.token_uuid), token: node.token };
      default:
        return undefined;
    }
  }

  async getChildren(node?: ShareGroupNode): Promise<ShareGroupNode[]> {
    if (!node) return this.roots();
    switch (node.type) {
      case 'sharegroup':
        return (['images', 'members'] as const).map((folder) => this.row({ type: 'folder', id: folderRowId(node.group.id, folder), group: node.group, folder }));
      case 'folder':
        return this.folderChildren(node);
      case 'joinedSection':
        return this.joinedGroups();
      case 'joinedGroup':
        return this.joinedGroupImages(node);
      default:
        return [];
    }
  }

  private async roots(): Promise<ShareGroupNode[]> {
    await this.tokens.ready;
    this.store.use(this.connectionKey());
    if (!this.canList()) {
      this.rootKind = 'nothing';
      return [];
    }
    // The groups shown stay while a reload runs: only a first load is waited for.
    await this.store.ensureLoaded();
    this.rootKind = this.currentRootKind();
    this.joinedShown = false;
    if (this.rootKind === 'nothing') return [];
    const state = this.store.state;
    if (this.rootKind === 'failure' && state.kind === 'failed') {
      if (sharingUnavailable(state.error)) {
        return [{ type: 'message', id: 'sharegroups:unavailable', label: l10n.t('Share groups are not available to this account'), description: notEnrolledMessage(), icon: 'info' }];
      }
      return this.failure('sharegroups', l10n.t('Could not load share groups — click to retry'), state.error);
    }
    // The tokens are listed with the groups the first time; one that cannot be listed shows no section (logged).
    await this.store.ensureTokens().catch((error: unknown) => this.logger.warn(`Could not list the membership tokens: ${this.logger.redact(errorMessage(error))}`));
    const groups = this.sortedGroups();
    this.rootOrder = groups.map((group) => group.id).join(',');
    // The groups this account joined follow its own, in a section of their own, when it has any.
    this.joinedShown = this.hasJoined();
    const joined = this.joinedShown ? [this.joinedSection] : [];
    if (groups.length === 0) {
      return [...joined, {
        type: 'message',
        id: 'sharegroups:empty',
        label: l10n.t('No share groups'),
        description: l10n.t('click to make one'),
        icon: 'info',
        command: { command: commandId('createShareGroup'), title: l10n.t('New Share Group') },
      }];
    }
    return [...groups.map((group) => this.row({ type: 'sharegroup', id: groupRowId(group.id), group })), ...joined];
  }

  private hasJoined(): boolean {
    return (this.store.joinedTokens()?.length ?? 0) > 0;
  }

  private async joinedGroups(): Promise<ShareGroupNode[]> {
    try {
      await this.store.ensureTokens();
    } catch (error) {
      this.logger.error(`Could not list the membership tokens: ${this.logger.redact(errorMessage(error))}`);
      return this.failure(JOINED_SECTION_ID, l10n.t('Could not load the groups you joined — click to retry'), error);
    }
    const tokens = [...(this.store.joinedTokens() ?? [])].sort((a, b) => joinedGroupLabel(a).localeCompare(joinedGroupLabel(b)) || a.token_uuid.localeCompare(b.token_uuid));
    return tokens.map((token) => ({ type: 'joinedGroup', id: joinedRowId(token.token_uuid), token }));
  }

  private async joinedGroupImages(node: JoinedGroupNode): Promise<ShareGroupNode[]> {
    const token = this.store.token(node.token.token_uuid) ?? node.token;
    if (token.status !== 'active') return [];
    let images = this.store.joinedImages(token.token_uuid);
    if (!images) {
      try {
        images = await this.store.readJoinedImages(token.token_uuid);
      } catch (error) {
        this.logger.error(`Could not load the images of the share group joined with token ${token.token_uuid}: ${this.logger.redact(errorMessage(error))}`);
        return this.failure(node.id, l10n.t('Could not load the images — click to retry'), error);
      }
    }
    if (images.length === 0) return [{ type: 'message', id: `${node.id}:none`, label: l10n.t('No images shared yet'), icon: 'info' }];
    return images.map((image) => ({ type: 'joinedImage', id: `${node.id}:${image.id}`, token, image }));
  }

  private async folderChildren(node: FolderNode): Promise<ShareGroupNode[]> {
    const groupId = node.group.id;
    this.failedFolders.delete(node.id);
    try {
      await this.store.ensureList(groupId, node.folder);
    } catch (error) {
      this.logger.error(`Could not load the ${node.folder} of share group ${groupId}: ${this.logger.redact(errorMessage(error))}`);
      this.failedFolders.add(node.id);
      const label = node.folder === 'images' ? l10n.t('Could not load the images — click to retry') : l10n.t('Could not load the members — click to retry');
      return this.failure(node.id, label, error);
    }
    const group = this.store.group(groupId) ?? node.group;
    if (node.folder === 'images') {
      const images = this.store.sharedImages(groupId) ?? [];
      if (images.length === 0) return [{ type: 'message', id: `${node.id}:none`, label: l10n.t('No images shared yet'), icon: 'info' }];
      return this.keepOnly(node, images.map((image) => this.row({ type: 'sharedImage', id: `${node.id}:${image.id}`, group, image })));
    }
    const members = this.store.groupMembers(groupId) ?? [];
    if (members.length === 0) return [{ type: 'message', id: `${node.id}:none`, label: l10n.t('No members yet'), icon: 'info' }];
    return this.keepOnly(node, members.map((member) => this.row({ type: 'member', id: `${node.id}:${member.token_uuid}`, group, member })));
  }

  /** The folder's rows are `children` now: rows of images or members that left are forgotten. */
  private keepOnly(folder: FolderNode, children: RowNode[]): RowNode[] {
    const kept = new Set(children.map((child) => child.id));
    for (const id of this.rows.keys()) if (id.startsWith(`${folder.id}:`) && !kept.has(id)) this.rows.delete(id);
    return children;
  }

  /** The row VS Code already has for this id, brought up to date, or this one, kept for the next time. */
  private row<T extends RowNode>(fresh: T): T {
    const known = this.rows.get(fresh.id) as T | undefined;
    if (!known || known.type !== fresh.type) {
      this.rows.set(fresh.id, fresh);
      return fresh;
    }
    Object.assign(known, fresh);
    return known;
  }

  /** The rows of a failed load: the error (its text redacted), and the way out. */
  private failure(idPrefix: string, label: string, error: unknown): ShareGroupNode[] {
    const description = this.logger.redact(errorMessage(error));
    if (isTokenProblem(error)) {
      const signedIn = isSignIn(this.tokens.current);
      return [
        { type: 'message', id: `${idPrefix}:auth`, label: signedIn ? l10n.t('Linode no longer accepts this sign-in') : l10n.t('Linode rejected the API token'), description, icon: 'error' },
        signedIn
          ? { type: 'message', id: `${idPrefix}:signIn`, label: l10n.t('Sign In Again…'), icon: 'sign-in', command: { command: commandId('signIn'), title: l10n.t('Sign In Again') } }
          : { type: 'message', id: `${idPrefix}:setToken`, label: l10n.t('Set API Token…'), icon: 'key', command: { command: commandId('setApiToken'), title: l10n.t('Set API Token') } },
      ];
    }
    return [{
      type: 'message',
      id: `${idPrefix}:failed`,
      label,
      description,
      icon: 'error',
      command: { command: commandId('refreshShareGroups'), title: l10n.t('Retry') },
    }];
  }

  /** Says, above the groups, that they are from an earlier load when the last one failed. */
  private updateMessage(): void {
    const state = this.store.state;
    if (!this.view || state === this.messageFor) return;
    this.messageFor = state;
    this.view.message =
      state.kind === 'failed' && state.asOf !== undefined && this.currentRootKind() === 'groups'
        ? l10n.t(
            'Showing the share groups as of {0}: could not sync with Linode ({1}). Refresh to try again.',
            timeOf(state.asOf),
            this.logger.redact(errorMessage(state.error)),
          )
        : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

function groupRowId(groupId: number): string {
  return `sharegroup:${groupId}`;
}

function folderRowId(groupId: number, folder: GroupList): string {
  return `${groupRowId(groupId)}:${folder}`;
}

function joinedRowId(tokenUuid: string): string {
  return `${JOINED_SECTION_ID}:${tokenUuid}`;
}

function memberItem(id: string, member: ShareGroupMember, group: ShareGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(member.label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = membershipStatusText(member);
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${escapeMarkdown(member.label)}** · ${escapeMarkdown(l10n.t('member of "{0}"', group.label))}\n\n`);
  tooltip.appendMarkdown(
    [
      l10n.t('Status: {0}', member.status),
      l10n.t('Expires: {0}', expiryText(member.expiry)),
      member.created ? l10n.t('Added: {0}', formatApiTime(member.created)) : undefined,
      l10n.t('Token UUID: {0}', member.token_uuid),
    ]
      .filter((line): line is string => line !== undefined)
      .map(escapeMarkdown)
      .join('  \n'),
  );
  item.tooltip = tooltip;
  item.iconPath = new vscode.ThemeIcon(member.status === 'active' ? 'person' : 'circle-slash');
  item.contextValue = `sharegroup.member.${member.status === 'active' ? 'active' : 'inactive'}`;
  return item;
}

function joinedGroupItem(node: JoinedGroupNode): vscode.TreeItem {
  const { token } = node;
  const active = token.status === 'active';
  const item = new vscode.TreeItem(joinedGroupLabel(token), active ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = membershipStatusText(token);
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${escapeMarkdown(joinedGroupLabel(token))}**\n\n`);
  tooltip.appendMarkdown(
    [
      active
        ? l10n.t('You are a member: its images are yours to deploy.')
        : token.status === 'pending'
          ? l10n.t("Waiting for the group's owner to add your token.")
          : l10n.t('Your token is {0}: leave, and join again for a new one.', token.status),
      l10n.t('Group ID: {0}', token.valid_for_sharegroup_uuid),
      token.label ? l10n.t('Token label: {0}', token.label) : undefined,
      l10n.t('Expires: {0}', expiryText(token.expiry)),
    ]
      .filter((line): line is string => line !== undefined)
      .map(escapeMarkdown)
      .join('  \n'),
  );
  item.tooltip = tooltip;
  item.iconPath = new vscode.ThemeIcon(active ? 'organization' : token.status === 'pending' ? 'watch' : 'circle-slash');
  item.contextValue = `sharegroup.joined.${active ? 'active' : token.status === 'pending' ? 'pending' : 'inactive'}`;
  return item;
}

function addRow(targets: Set<RowNode>, node: RowNode | undefined): void {
  if (node) targets.add(node);
}

function groupItem(node: GroupNode): vscode.TreeItem {
  const { group } = node;
  const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = shareGroupSummary(group);
  item.tooltip = [l10n.t('{0} (share group {1})', group.label, group.id), group.description || undefined, group.is_suspended ? l10n.t('Suspended by Linode') : undefined]
    .filter(Boolean)
    .join('\n');
  item.iconPath = group.is_suspended
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    : new vscode.ThemeIcon('references');
  item.contextValue = group.is_suspended ? 'sharegroup.suspended' : 'sharegroup';
  return item;
}

/** A row of the Share Groups view, as a menu passes it to a command. */
export function isShareGroupNode(value: unknown): value is ShareGroupNode {
  if (typeof value !== 'object' || value === null) return false;
  const node = value as { type?: unknown; id?: unknown };
  return typeof node.id === 'string' && ['sharegroup', 'folder', 'sharedImage', 'member', 'joinedGroup', 'joinedImage'].includes(String(node.type));
}
