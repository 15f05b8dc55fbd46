// Tree items for groups, images and messages.
import * as vscode from 'vscode';
import type { Region } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { imageDescription, imageTooltipMarkdown, isPastEol } from '../../core/model/format';
import type { ImageEntry, ImageGroup } from '../../core/model/grouping';
import { imageKind, shareGroupCount } from '../../core/model/imageKind';
import { displayStatus, isInProgress, isKnownWorkStatus, type DisplayStatus } from '../../core/model/imageStatus';

const GROUP_ICONS: Record<ImageGroup['kind'], string> = {
  region: 'globe',
  public: 'library',
  vendor: 'package',
  private: 'lock',
  automatic: 'history',
  shared: 'organization',
  sharegroup: 'references',
};

/**
 * Groups that open by default hold at most this many images. An account with thousands of images would
 * otherwise make VS Code build a row for every copy in every region as soon as the view opens.
 */
export const AUTO_EXPAND_MAX = 200;

export function groupItem(id: string, group: ImageGroup): vscode.TreeItem {
  // Regions open by default: they are what users came to see. Public images can be many.
  const state = group.kind !== 'public' && group.kind !== 'vendor' && group.count <= AUTO_EXPAND_MAX
    ? vscode.TreeItemCollapsibleState.Expanded
    : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(group.label, state);
  item.id = id;
  item.description = group.count === 1 ? l10n.t('1 image') : l10n.t('{0} images', group.count);
  item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[group.kind]);
  item.contextValue = `group.${group.kind}`;
  return item;
}

export function imageItem(id: string, entry: ImageEntry, busy?: string): vscode.TreeItem {
  const { image, regionId } = entry;
  const item = new vscode.TreeItem(image.label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  const status = displayStatus(image, regionId);
  item.description = busy ?? imageDescription(image, regionId);
  item.iconPath = busy ? new vscode.ThemeIcon('loading~spin') : statusIcon(status, image.deprecated || isPastEol(image));
  // No tooltip here: the provider's resolveTreeItem makes it when the pointer rests on the row (see imageTooltip).
  item.contextValue = imageContextValue(entry, busy !== undefined);
  item.accessibilityInformation = { label: `${image.label}, ${item.description}` };
  return item;
}

/** The Markdown tooltip of an image row: made on hover, as it was most of the cost of a row. */
export function imageTooltip(entry: ImageEntry, regions: ReadonlyMap<string, Region>): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(imageTooltipMarkdown(entry.image, regions, entry.regionId));
  tooltip.supportHtml = true;
  return tooltip;
}

/**
 * What menus key on: `image.public`; `image.shared.<status>` (shared with you: read-only, deployed when available)
 * with `.busy` while a command works on it; or `image.private.<status>` with `.settling` while a replica is still
 * being created or removed, `.shared` while it is in one of your share groups, and `.busy` (in that order).
 */
function imageContextValue(entry: ImageEntry, busy = false): string {
  const { image } = entry;
  const kind = imageKind(image);
  if (kind === 'public') return 'image.public';
  if (kind === 'shared') return `image.shared.${image.status}${busy ? '.busy' : ''}`;
  let value = `image.private.${image.status}`;
  if (image.status === 'available' && isInProgress(image)) value += '.settling';
  if (shareGroupCount(image) > 0) value += '.shared';
  if (busy) value += '.busy';
  return value;
}

/** `outdated`: deprecated, or past its end of life. */
function statusIcon(status: DisplayStatus, outdated: boolean): vscode.ThemeIcon {
  switch (status) {
    case 'available':
      return outdated
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('layers', new vscode.ThemeColor('charts.green'));
    case 'timedout':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    default:
      // A status Linode added after the spec: shown as it is (in the description), without claiming progress.
      return new vscode.ThemeIcon(isKnownWorkStatus(status) ? 'loading~spin' : 'question');
  }
}

/** A message row of either view (a failed load, a hint, a filter line). */
export interface MessageNode {
  id: string;
  label: string;
  description?: string;
  icon: string;
  command?: vscode.Command;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.description ? `${node.label}\n${node.description}` : node.label;
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.command = node.command;
  item.contextValue = 'message';
  return item;
}
