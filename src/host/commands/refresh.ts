// Refresh: brings the view up to date the cheap way (the account events since the last sync, then only the images
// they name); Reload All: lists every image and region again.
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { VIEW_IDS } from '../ids';
import type { CommandDefinition } from './command';

export const refreshCommand: CommandDefinition = {
  id: 'refresh',
  get title() {
    return l10n.t('Refresh');
  },
  async run({ sync }) {
    await vscode.window.withProgress({ location: { viewId: VIEW_IDS.images } }, () => sync.refresh());
  },
};

export const reloadAllCommand: CommandDefinition = {
  id: 'reloadAll',
  get title() {
    return l10n.t('Reload All Images');
  },
  async run({ sync }) {
    await vscode.window.withProgress({ location: { viewId: VIEW_IDS.images } }, () => sync.reloadAll());
  },
};
