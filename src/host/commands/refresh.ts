// Reloads the images and regions from the API.
import * as vscode from 'vscode';
import type { CommandDefinition } from './command';

export const refreshCommand: CommandDefinition = {
  id: 'refresh',
  title: 'Refresh',
  async run({ tree }) {
    await vscode.window.withProgress({ location: { viewId: 'linodeImages.images' } }, () => tree.refresh());
  },
};
