// What the sharing commands have in common: share groups need the v4beta API, a new group's label and description,
// and picking one of your groups.
import * as vscode from 'vscode';
import { createShareGroupConfirmed } from '../../core/api/confirmed';
import { isNotFound, LinodeApiError } from '../../core/api/errors';
import type { ShareGroup } from '../../core/api/types';
import { SHARE_LIMITS, shareGroupSummary, validateShareDescription, validateShareLabel } from '../../core/model/sharing';
import type { ExtensionServices } from '../commands/command';
import { readSettings, SETTINGS_SECTION } from '../settings';

export const USE_V4BETA = 'Use v4beta';

/**
 * Share groups are served only by the v4beta API. With v4 configured the user is told so and may switch (user
 * settings); true when the API in use serves share groups now.
 */
export async function ensureV4beta(services: ExtensionServices): Promise<boolean> {
  if (readSettings().apiVersion === 'v4beta') return true;
  const choice = await services.prompts.current.confirm(
    'Share groups are a v4beta feature of the Linode API.',
    'The extension uses the v4 API (setting linodeImages.apiVersion). Image sharing is in beta at Linode and is served only at v4beta; switching makes the extension use v4beta for everything, in every window.',
    USE_V4BETA,
  );
  if (choice !== USE_V4BETA) return false;
  await useV4beta(services);
  return true;
}

/** Sets linodeImages.apiVersion to v4beta in the user settings, and waits for the images to be listed there. */
export async function useV4beta(services: ExtensionServices): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('apiVersion', 'v4beta', vscode.ConfigurationTarget.Global);
  if (readSettings().apiVersion !== 'v4beta') {
    throw new Error('linodeImages.apiVersion is set to "v4" in this workspace\'s settings, which take precedence; set it to "v4beta" there to use share groups.');
  }
  services.logger.info('Switched to the v4beta API for share groups.');
  services.shareGroups.updateContext();
  // The images of the v4beta listing say which are shared; commands go on with them.
  services.sync.currentKey();
  await services.sync.ensureStarted();
}

/** Asks for a new group's label and description; undefined when the user gives up. */
export async function promptNewGroup(services: ExtensionServices, title: string): Promise<{ label: string; description: string } | undefined> {
  const prompts = services.prompts.current;
  const label = await prompts.inputBox({
    title,
    prompt: `Label of the new share group: ${SHARE_LIMITS.labelMin}–${SHARE_LIMITS.labelMax} characters`,
    placeHolder: 'e.g. Team images',
    validateInput: validateShareLabel,
  });
  if (label === undefined) return undefined;
  const description = await prompts.inputBox({
    title,
    prompt: 'Description of the share group (optional; its members see it)',
    validateInput: validateShareDescription,
  });
  if (description === undefined) return undefined;
  return { label: label.trim(), description };
}

/** Makes a group; a lost answer is settled by listing the groups (never by sending the POST again). */
export async function createGroup(services: ExtensionServices, request: { label: string; description: string }, knownIds: ReadonlySet<number>): Promise<ShareGroup> {
  const client = services.session.client();
  const body = request.description === '' ? { label: request.label } : request;
  const group = await createShareGroupConfirmed(client, services.logger, body, knownIds);
  services.logger.info(`Made share group ${group.id} ("${group.label}").`);
  return group;
}

/** Said when v4beta answers 404 or 405 for share groups: the account is not in Linode's image sharing beta. */
export const NOT_ENROLLED = 'Linode does not serve share groups to this account (image sharing is a beta, not yet open to every account).';

/** True for the answer an account outside the beta gets for share-group paths. */
export function sharingUnavailable(error: unknown): boolean {
  return error instanceof LinodeApiError && (error.status === 404 || error.status === 405);
}

/** Your share groups; an account outside the beta gets an error that says so. */
export async function listGroups(services: ExtensionServices): Promise<ShareGroup[]> {
  try {
    return await services.session.client().listShareGroups();
  } catch (error) {
    if (sharingUnavailable(error)) throw new Error(NOT_ENROLLED, { cause: error });
    throw error;
  }
}

export interface GroupPickItem extends vscode.QuickPickItem {
  group?: ShareGroup;
}

/** A quick pick item for a group: "Team images", "3 images · 2 members", its description. */
export function groupPickItem(group: ShareGroup, note?: string): GroupPickItem {
  return {
    group,
    label: group.label,
    description: note ? `${shareGroupSummary(group)} · ${note}` : shareGroupSummary(group),
    detail: group.description || undefined,
  };
}

/** The group as Linode has it now; undefined (and said) when it no longer exists. */
export async function currentGroup(services: ExtensionServices, group: ShareGroup): Promise<ShareGroup | undefined> {
  try {
    return await services.session.client().getShareGroup(group.id);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    services.shareGroups.refresh();
    void services.prompts.current.info(`The share group "${group.label}" no longer exists.`);
    return undefined;
  }
}
