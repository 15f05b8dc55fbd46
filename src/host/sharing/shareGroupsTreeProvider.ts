// The Share Groups view: your share groups (a v4beta feature), each with the images it shares and its members.
// Nothing is asked of Linode until VS Code asks for rows (the view is shown and a group opened); what was read is
// kept until Refresh, a change made by a command, or another account / API. With the v4 API or without a token
// the view has no rows, and its welcome content says why (package.json viewsWelcome).
import * as vscode from 'vscode';
import type { Image, ShareGroup, ShareGroupMember } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { notEnrolledMessage, shareGroupSummary, sharingUnavailable, sourceImageId } from '../../core/model/sharing';
import type { ImageStore } from '../../core/store/imageStore';
import type { ApiSession } from '../apiSession';
import { errorMessage, isTokenProblem } from '../errors';
import { commandId, CONTEXT_KEYS } from '../ids';
import type { Logger } from '../log';
import { affectsConnection, readSettings } from '../settings';
import { isSignIn } from '../auth/accountKind';
import type { TokenStore } from '../auth/tokenStore';
import { messageItem } from '../tree/treeItems';

export type ShareGroupNode =
  | { type: 'sharegroup'; id: string; group: ShareGroup }
  | { type: 'folder'; id: string; group: ShareGroup; folder: 'images' | 'members' }
  | { type: 'sharedImage'; id: string; group: ShareGroup; image: Image }
  | { type: 'member'; id: string; group: ShareGroup; member: ShareGroupMember }
  | { type: 'message'; id: string; label: string; description?: string; icon: string; command?: vscode.Command };

export class ShareGroupsTreeProvider implements vscode.TreeDataProvider<ShareGroupNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ShareGroupNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: Promise<ShareGroup[]> | undefined;
  private readonly images = new Map<number, Promise<Image[]>>();
  private readonly members = new Map<number, Promise<ShareGroupMember[]>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly session: ApiSession,
    private readonly tokens: TokenStore,
    private readonly store: ImageStore,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      tokens.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!affectsConnection(event)) return;
        this.updateContext();
        this.refresh();
      }),
    ];
    this.updateContext();
  }

  /** Forgets what was read; the rows shown are read again. */
  refresh(): void {
    this.groups = undefined;
    this.images.clear();
    this.members.clear();
    this.changed.fire(undefined);
  }

  /** Sets the context key the welcome content and the menus use. */
  updateContext(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.apiV4beta, readSettings().apiVersion === 'v4beta');
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
        const own = source === undefined ? undefined : this.store.image(source);
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
      case 'member': {
        const item = new vscode.TreeItem(node.member.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.member.status;
        item.iconPath = new vscode.ThemeIcon(node.member.status === 'active' ? 'person' : 'circle-slash');
        item.contextValue = 'sharegroup.member';
        return item;
      }
      case 'message':
        return messageItem(node);
    }
  }

  async getChildren(node?: ShareGroupNode): Promise<ShareGroupNode[]> {
    if (!node) return this.roots();
    switch (node.type) {
      case 'sharegroup':
        return [
          { type: 'folder', id: `${node.id}:images`, group: node.group, folder: 'images' },
          { type: 'folder', id: `${node.id}:members`, group: node.group, folder: 'members' },
        ];
      case 'folder':
        return this.folderChildren(node);
      default:
        return [];
    }
  }

  private async roots(): Promise<ShareGroupNode[]> {
    await this.tokens.ready;
    // The welcome content explains both: no token, or an API version without share groups.
    if (!this.tokens.current || readSettings().apiVersion !== 'v4beta' || !readSettings().apiUrl.ok) return [];
    const loading = (this.groups ??= this.session.client().listShareGroups());
    try {
      const groups = await loading;
      if (groups.length === 0) {
        return [{
          type: 'message',
          id: 'sharegroups:empty',
          label: l10n.t('No share groups'),
          description: l10n.t('click to make one'),
          icon: 'info',
          command: { command: commandId('createShareGroup'), title: l10n.t('New Share Group') },
        }];
      }
      return [...groups]
        .sort((a, b) => a.label.localeCompare(b.label) || a.id - b.id)
        .map((group): ShareGroupNode => ({ type: 'sharegroup', id: `sharegroup:${group.id}`, group }));
    } catch (error) {
      if (this.groups === loading) this.groups = undefined; // the next look tries again
      if (sharingUnavailable(error)) {
        return [{ type: 'message', id: 'sharegroups:unavailable', label: l10n.t('Share groups are not available to this account'), description: notEnrolledMessage(), icon: 'info' }];
      }
      this.logger.error(`Could not load the share groups: ${this.logger.redact(errorMessage(error))}`);
      return this.failure('sharegroups', l10n.t('Could not load share groups — click to retry'), error);
    }
  }

  private async folderChildren(node: Extract<ShareGroupNode, { type: 'folder' }>): Promise<ShareGroupNode[]> {
    const groupId = node.group.id;
    const client = this.session.client();
    try {
      if (node.folder === 'images') {
        let loading = this.images.get(groupId);
        if (!loading) this.images.set(groupId, (loading = client.listShareGroupImages(groupId)));
        const images = await loading.catch((error: unknown) => {
          this.images.delete(groupId);
          throw error;
        });
        if (images.length === 0) return [{ type: 'message', id: `${node.id}:none`, label: l10n.t('No images shared yet'), icon: 'info' }];
        return images.map((image): ShareGroupNode => ({ type: 'sharedImage', id: `${node.id}:${image.id}`, group: node.group, image }));
      }
      let loading = this.members.get(groupId);
      if (!loading) this.members.set(groupId, (loading = client.listShareGroupMembers(groupId)));
      const members = await loading.catch((error: unknown) => {
        this.members.delete(groupId);
        throw error;
      });
      if (members.length === 0) return [{ type: 'message', id: `${node.id}:none`, label: l10n.t('No members yet'), icon: 'info' }];
      return members.map((member): ShareGroupNode => ({ type: 'member', id: `${node.id}:${member.token_uuid}`, group: node.group, member }));
    } catch (error) {
      this.logger.error(`Could not load the ${node.folder} of share group ${groupId}: ${this.logger.redact(errorMessage(error))}`);
      const label = node.folder === 'images' ? l10n.t('Could not load the images — click to retry') : l10n.t('Could not load the members — click to retry');
      return this.failure(node.id, label, error);
    }
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

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

function groupItem(node: Extract<ShareGroupNode, { type: 'sharegroup' }>): vscode.TreeItem {
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
  return typeof node.id === 'string' && ['sharegroup', 'folder', 'sharedImage', 'member'].includes(String(node.type));
}
