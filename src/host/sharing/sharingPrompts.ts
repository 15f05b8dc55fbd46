// What the sharing commands have in common: share groups need the v4beta API, a new group's label and description,
// and picking one of your groups. What they read of share groups goes through the share group store, so the Share
// Groups view shows the same answers.
import * as vscode from 'vscode';
import { createShareGroupConfirmed } from '../../core/api/confirmed';
import type { ShareGroup } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { notEnrolledMessage, SHARE_LIMITS, shareGroupSummary, sharingUnavailable, validateShareDescription, validateShareLabel } from '../../core/model/sharing';
import { keep, runSteps, type FlowStep } from '../multiStepInput';
import type { UserPrompts } from '../prompts';
import type { ExtensionServices } from '../services';
import { readSettings, updateSetting } from '../settings';

/**
 * Share groups are served only by the v4beta API. With v4 configured the user is told so and may switch (user
 * settings); true when the API in use serves share groups now. Offered in a notification, not a modal dialog: the
 * switch loses nothing and can be undone in the settings.
 */
export async function ensureV4beta(services: Pick<ExtensionServices, 'prompts' | 'logger' | 'shareGroups' | 'sync'>): Promise<boolean> {
  if (readSettings().apiVersion === 'v4beta') return true;
  const useIt = l10n.t('Use v4beta');
  const choice = await services.prompts.current.info(
    [
      l10n.t('Share groups are a v4beta feature of the Linode API.'),
      l10n.t('The extension uses the v4 API (setting linodeImages.apiVersion). Image sharing is in beta at Linode and is served only at v4beta; switching makes the extension use v4beta for everything, in every window.'),
    ].join(' '),
    useIt,
  );
  if (choice !== useIt) return false;
  await useV4beta(services);
  return true;
}

/** Sets linodeImages.apiVersion to v4beta in the user settings, and waits for the images to be listed there. */
export async function useV4beta(services: Pick<ExtensionServices, 'logger' | 'shareGroups' | 'sync'>): Promise<void> {
  await updateSetting('apiVersion', 'v4beta');
  if (readSettings().apiVersion !== 'v4beta') {
    throw new Error(l10n.t('linodeImages.apiVersion is set to "v4" in this workspace\'s settings, which take precedence; set it to "v4beta" there to use share groups.'));
  }
  services.logger.info('Switched to the v4beta API for share groups.');
  services.shareGroups.followConnection();
  // The images of the v4beta listing say which are shared; commands go on with them.
  services.sync.currentKey();
  await services.sync.ensureStarted();
}

/** A group's label and description as the user typed them. */
export interface GroupAnswers {
  groupLabel?: string;
  groupDescription?: string;
}

/** The steps that ask for a group's label and description: a new group's, or `current`'s (its values filled in). */
export function groupDetailSteps<A extends GroupAnswers>(prompts: UserPrompts, title: string, current?: { label: string; description: string }): FlowStep<A>[] {
  return [
    {
      ask: async (answers, place) => {
        const value = answers.groupLabel ?? current?.label;
        return keep(
          await prompts.inputStep({
            ...place,
            title,
            prompt: current
              ? l10n.t('Label of the share group: {0}–{1} characters', SHARE_LIMITS.labelMin, SHARE_LIMITS.labelMax)
              : l10n.t('Label of the new share group: {0}–{1} characters', SHARE_LIMITS.labelMin, SHARE_LIMITS.labelMax),
            value,
            ...(value === undefined ? { placeholder: l10n.t('e.g. Team images') } : { valueSelection: [0, value.length] as [number, number] }),
            validate: validateShareLabel,
          }),
          (typed) => (answers.groupLabel = typed),
        );
      },
    },
    {
      ask: async (answers, place) =>
        keep(
          await prompts.inputStep({
            ...place,
            title,
            prompt: current ? l10n.t('Description of the share group (its members see it)') : l10n.t('Description of the share group (optional; its members see it)'),
            value: answers.groupDescription ?? current?.description,
            validate: validateShareDescription,
          }),
          (typed) => (answers.groupDescription = typed),
        ),
    },
  ];
}

/** The group's label and description as sent. */
export function groupRequest(answers: GroupAnswers): { label: string; description: string } {
  return { label: (answers.groupLabel ?? '').trim(), description: answers.groupDescription ?? '' };
}

/**
 * Asks for a group's label and description (one flow of two steps): a new group's, or `current`'s (its values filled
 * in). Undefined when the user gives up.
 */
export async function promptGroupDetails(
  services: Pick<ExtensionServices, 'prompts'>,
  title: string,
  current?: { label: string; description: string },
): Promise<{ label: string; description: string } | undefined> {
  const answers = await runSteps<GroupAnswers>(groupDetailSteps(services.prompts.current, title, current), {});
  return answers && groupRequest(answers);
}

/** Makes a group; a lost answer is settled by listing the groups (never by sending the POST again). */
export async function createGroup(
  services: Pick<ExtensionServices, 'session' | 'logger' | 'shareGroupStore'>,
  request: { label: string; description: string },
  knownIds: ReadonlySet<number>,
): Promise<ShareGroup> {
  const client = services.session.client();
  const body = request.description === '' ? { label: request.label } : request;
  const group = await createShareGroupConfirmed(client, services.logger, body, knownIds);
  services.logger.info(`Made share group ${group.id} ("${group.label}").`);
  services.shareGroupStore.putGroup(group);
  return group;
}

/** Your share groups (the view shows them too); an account outside the beta gets an error that says so. */
export async function listGroups(services: Pick<ExtensionServices, 'shareGroupStore'>): Promise<ShareGroup[]> {
  try {
    return await services.shareGroupStore.readGroups();
  } catch (error) {
    if (sharingUnavailable(error)) throw new Error(notEnrolledMessage(), { cause: error });
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

/** The group as Linode has it now (the view shows it too); undefined (and said) when it no longer exists. */
export async function currentGroup(services: Pick<ExtensionServices, 'shareGroupStore' | 'prompts'>, group: ShareGroup): Promise<ShareGroup | undefined> {
  const fresh = await services.shareGroupStore.readGroup(group.id);
  if (!fresh) void services.prompts.current.info(l10n.t('The share group "{0}" no longer exists.', group.label));
  return fresh;
}
