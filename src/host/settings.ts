// Typed access to the extension's settings.
import * as vscode from 'vscode';
import { checkApiUrl, type ApiUrlCheck } from '../core/api/apiUrl';
import type { ApiVersion } from '../core/api/types';
import type { GroupBy, SortBy } from '../core/model/grouping';

export const SETTINGS_SECTION = 'linodeImages';

export interface Settings {
  apiUrl: ApiUrlCheck;
  apiVersion: ApiVersion;
  groupBy: GroupBy;
  sortBy: SortBy;
  showPublicImages: boolean;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    apiUrl: checkApiUrl(config.get<string>('apiUrl')),
    apiVersion: config.get<ApiVersion>('apiVersion') === 'v4beta' ? 'v4beta' : 'v4',
    groupBy: oneOf(config.get<string>('groupBy'), ['region', 'type', 'none'] as const, 'region'),
    sortBy: oneOf(config.get<string>('sortBy'), ['label', 'created', 'size'] as const, 'label'),
    showPublicImages: config.get<boolean>('showPublicImages') ?? true,
  };
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Settings whose change means the API must be asked again (the others only regroup the cached list). */
export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SETTINGS_SECTION}.apiUrl`) || event.affectsConfiguration(`${SETTINGS_SECTION}.apiVersion`);
}

export function affectsTreeShape(event: vscode.ConfigurationChangeEvent): boolean {
  return ['groupBy', 'sortBy', 'showPublicImages'].some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}
