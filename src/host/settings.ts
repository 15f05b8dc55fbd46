// Typed access to the extension's settings.
import * as vscode from 'vscode';
import { checkApiUrl, type ApiUrlCheck } from '../core/api/apiUrl';
import type { ApiVersion } from '../core/api/types';
import type { GroupBy, SortBy } from '../core/model/grouping';
import { IMAGE_PRICE_PER_GB_MONTH } from '../core/model/storageCost';
import { DEFAULT_STALL_TIMEOUT_MS } from '../core/upload/limits';
import { ID_NAMESPACE } from './ids';

/** Settings live under the extension's one namespace, like its commands, views and context keys. */
export const SETTINGS_SECTION = ID_NAMESPACE;

export interface Settings {
  apiUrl: ApiUrlCheck;
  apiVersion: ApiVersion;
  groupBy: GroupBy;
  sortBy: SortBy;
  showPublicImages: boolean;
  /** An upload whose connection moves no byte for this long is given up (at least 5 s). */
  uploadStallTimeoutMs: number;
  /** US$ per GB per month of a custom image's copy: what confirmations price a change of storage at. */
  storagePricePerGbMonth: number;
  /** A trial Linode that has existed this long (hours, fractions too) gets a warning; 0: never. */
  trialWarningHours: number;
}

/** The settings the extension itself changes, with the values it sets. */
export interface WritableSettings {
  apiVersion: ApiVersion;
  groupBy: GroupBy;
  sortBy: SortBy;
  /** Set by Sign In with Linode's guide to registering an OAuth app. */
  'signIn.clientId': string;
  'signIn.clientType': SignInSettings['clientType'];
}

export type SignInRedirect = 'auto' | 'loopback' | 'uriHandler';

/** How "Sign in with Linode" reaches Linode's login server; user-level, so they match the registered OAuth app. */
export interface SignInSettings {
  clientId: string;
  clientType: 'public' | 'private';
  loginUrl: string;
  /** Loopback port of the redirect URL; 0 = any free port (only if the app's registration allows that). */
  port: number;
  redirect: SignInRedirect;
}

const DEFAULT_SIGN_IN_PORT = 37_655;

export function readSignInSettings(): SignInSettings {
  const config = vscode.workspace.getConfiguration(`${SETTINGS_SECTION}.signIn`);
  const port = config.get<number>('port');
  return {
    clientId: (config.get<string>('clientId') ?? '').trim(),
    clientType: config.get<string>('clientType') === 'private' ? 'private' : 'public',
    loginUrl: (config.get<string>('loginUrl') ?? '').trim() || 'https://login.linode.com',
    port: typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : DEFAULT_SIGN_IN_PORT,
    redirect: oneOf(config.get<string>('redirect'), ['auto', 'loopback', 'uriHandler'] as const, 'auto'),
  };
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    apiUrl: checkApiUrl(config.get<string>('apiUrl')),
    apiVersion: config.get<ApiVersion>('apiVersion') === 'v4beta' ? 'v4beta' : 'v4',
    groupBy: oneOf(config.get<string>('groupBy'), ['region', 'type', 'none'] as const, 'region'),
    sortBy: oneOf(config.get<string>('sortBy'), ['label', 'created', 'size'] as const, 'label'),
    showPublicImages: config.get<boolean>('showPublicImages') ?? true,
    uploadStallTimeoutMs: stallTimeoutMs(config.get<number>('upload.stallTimeoutSeconds')),
    storagePricePerGbMonth: pricePerGbMonth(config.get<number>('storagePricePerGbMonth')),
    trialWarningHours: trialWarningHours(config.get<number>('trialWarningHours')),
  };
}

/** Changes one setting in the user settings (a workspace's own value, if any, still takes precedence). */
export async function updateSetting<K extends keyof WritableSettings>(key: K, value: WritableSettings[K]): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

function stallTimeoutMs(seconds: number | undefined): number {
  return typeof seconds === 'number' && seconds >= 5 ? seconds * 1000 : DEFAULT_STALL_TIMEOUT_MS;
}

function pricePerGbMonth(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : IMAGE_PRICE_PER_GB_MONTH;
}

const DEFAULT_TRIAL_WARNING_HOURS = 2;

function trialWarningHours(hours: number | undefined): number {
  return typeof hours === 'number' && Number.isFinite(hours) && hours >= 0 ? hours : DEFAULT_TRIAL_WARNING_HOURS;
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
