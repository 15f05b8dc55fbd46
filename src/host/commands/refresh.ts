// Refresh: brings the view up to date the cheap way (the account events since the last sync, then only the images
// they name); Reload All: lists every image and region again.
import * as vscode from 'vscode';
import type { CommandDefinition } from './command';

export const refreshCommand: CommandDefinition = {
  id: 'refresh',
  title: 'Refresh',
  async run({ sync }) {
    await vscode.window.withProgress({ location: { viewId: 'linodeImages.images' } }, () => sync.refresh());
  },
};

export const reloadAllCommand: CommandDefinition = {
  id: 'reloadAll',
  title: 'Reload All Images',
  async run({ sync }) {
    await vscode.window.withProgress({ location: { viewId: 'linodeImages.images' } }, () => sync.reloadAll());
  },
};
