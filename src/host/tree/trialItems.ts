// Rows of the Images view's "Trial Linodes" section: the section (how many, what they have cost so far) and one row
// per trial Linode (status, how long it has existed, its cost so far; the tooltip has the rest).
import * as vscode from 'vscode';
import type { Region } from '../../core/api/types';
import { formatDollars, formatDuration, formatPrice } from '../../core/deploy/format';
import { l10n } from '../../core/l10n';
import { formatApiTime, regionTitle } from '../../core/model/format';
import type { TrialLinodes, TrialRow } from '../deploy/trialLinodes';

export function trialsItem(trials: TrialLinodes): vscode.TreeItem {
  const rows = trials.rows;
  const item = new vscode.TreeItem(l10n.t('Trial Linodes'), vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'trials';
  const costs = rows.map((row) => trials.costOf(row).dollars);
  const total = costs.every((dollars) => dollars !== undefined) ? costs.reduce<number>((sum, dollars) => sum + (dollars ?? 0), 0) : undefined;
  const count = rows.length === 1 ? l10n.t('1 Linode') : l10n.t('{0} Linodes', rows.length);
  item.description = total === undefined ? count : l10n.t('{0} · {1} so far', count, formatDollars(Math.round(total * 1e6) / 1e6));
  item.tooltip = new vscode.MarkdownString(
    l10n.t('Linodes made by **Try This Image**, tagged `linode-images-trial`. They are billed by the hour until deleted: delete each when you are done with it.'),
  );
  item.iconPath = new vscode.ThemeIcon('beaker');
  item.contextValue = 'trialLinodes';
  return item;
}

export function trialItem(id: string, row: TrialRow, trials: TrialLinodes, regions: ReadonlyMap<string, Region>): vscode.TreeItem {
  const { linode } = row;
  const item = new vscode.TreeItem(linode.label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  const { ms, dollars, billedHours, capped } = trials.costOf(row);
  const status = linode.status.replace(/_/g, ' ');
  item.description = dollars === undefined
    ? l10n.t('{0} · {1}', status, formatDuration(ms))
    : l10n.t('{0} · {1} · {2} so far', status, formatDuration(ms), formatDollars(dollars));
  item.iconPath = new vscode.ThemeIcon(linode.status === 'running' ? 'vm-running' : linode.status === 'offline' ? 'vm-outline' : 'vm-active');
  item.contextValue = `trialLinode.${linode.status}`;
  const lines = [
    `**${escapeMarkdown(linode.label)}** — ${l10n.t('trial Linode')}`,
    '',
    l10n.t('Image: {0}', linode.image ?? l10n.t('none')),
    l10n.t('Region: {0}', regionTitle(linode.region, regions.get(linode.region))),
    l10n.t('Plan: {0}', row.price ? `${row.plan} (${formatPrice(row.price)})` : row.plan),
    l10n.t('Status: {0}', status),
    l10n.t('IPv4: {0}', linode.ipv4.join(', ') || l10n.t('none yet')),
    l10n.t('Created: {0} ({1} ago)', formatApiTime(linode.created), formatDuration(ms)),
    dollars === undefined
      ? l10n.t('Cost so far: unknown (the plan prices could not be read)')
      : capped
        ? l10n.t("Cost so far: {0} (the plan's monthly price: it costs no more this month)", formatDollars(dollars))
        : billedHours === 1
          ? l10n.t('Cost so far: {0} (1 billed hour)', formatDollars(dollars))
          : l10n.t('Cost so far: {0} ({1} billed hours)', formatDollars(dollars), billedHours ?? 0),
  ];
  item.tooltip = new vscode.MarkdownString(lines.join('  \n'));
  item.accessibilityInformation = { label: `${linode.label}, ${item.description}` };
  return item;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
