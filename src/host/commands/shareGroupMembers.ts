// The producer's side of membership, in the Share Groups view: add the account whose membership token you were sent,
// rename or remove a member, and copy a group's ID for the account that will join. The token is sent once and kept
// nowhere: not in a log line, a notification or the extension's state.
import * as vscode from 'vscode';
import { addMemberConfirmed } from '../../core/api/confirmed';
import { isNotFound, LinodeApiError } from '../../core/api/errors';
import type { ShareGroup, ShareGroupMember } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { removeMemberQuestion, SHARE_LIMITS, validateMembershipToken, validateShareLabel } from '../../core/model/sharing';
import { showDone } from '../images/imageUpdates';
import { keep, runSteps } from '../multiStepInput';
import type { ExtensionServices } from '../services';
import { isShareGroupNode } from '../sharing/shareGroupsTreeProvider';
import { currentGroup } from '../sharing/sharingPrompts';
import type { CommandDefinition } from './command';
import { targetGroup } from './shareGroups';

interface MemberAnswers {
  token?: string;
  label?: string;
}

export const addShareGroupMemberCommand: CommandDefinition = {
  id: 'addShareGroupMember',
  get title() {
    return l10n.t('Add Member');
  },
  async run(services, ...args) {
    const shown = await targetGroup(services, args, l10n.t('Add Member'));
    if (!shown) return;
    const group = await currentGroup(services, shown);
    if (!group) return;
    const title = l10n.t('Add a Member to "{0}"', group.label);
    const prompts = services.prompts.current;
    const answers = await runSteps<MemberAnswers>(
      [
        {
          ask: async (current, place) =>
            keep(
              await prompts.inputStep({
                ...place,
                title,
                prompt: l10n.t('The membership token the other account sent you (they make it with Join a Share Group… and this group\'s ID)'),
                password: true,
                value: current.token,
                validate: validateMembershipToken,
              }),
              (typed) => (current.token = typed.trim()),
            ),
        },
        {
          ask: async (current, place) =>
            keep(
              await prompts.inputStep({
                ...place,
                title,
                prompt: l10n.t('A label for the member, so you know who it is: {0}–{1} characters', SHARE_LIMITS.labelMin, SHARE_LIMITS.labelMax),
                value: current.label,
                placeholder: l10n.t('e.g. Build team'),
                validate: validateShareLabel,
              }),
              (typed) => (current.label = typed.trim()),
            ),
        },
      ],
      {},
    );
    if (answers?.token === undefined || answers.label === undefined) return;
    // The members known before the POST: after a lost answer, a new one with this label is the one added.
    await services.shareGroupStore.ensureList(group.id, 'members');
    const known = new Set((services.shareGroupStore.groupMembers(group.id) ?? []).map((member) => member.token_uuid));
    let member: ShareGroupMember;
    try {
      member = await addMemberConfirmed(services.session.client(), services.logger, group.id, { token: answers.token, label: answers.label }, known);
    } catch (error) {
      throw memberRefusal(services, group, error);
    }
    services.logger.info(`Added member ${member.token_uuid} ("${member.label}") to share group ${group.id}.`);
    services.shareGroupStore.putMember(group.id, member, member.status === 'active' ? 1 : 0);
    showDone(l10n.t('Added "{0}" to "{1}".', member.label, group.label));
  },
};

/** Why Linode did not take the token, and what to do; a group found gone leaves the view. Never quotes the token. */
function memberRefusal(services: Pick<ExtensionServices, 'shareGroupStore'>, group: ShareGroup, error: unknown): unknown {
  if (isNotFound(error)) {
    services.shareGroupStore.removeGroup(group.id);
    return new Error(l10n.t('The share group "{0}" no longer exists; nothing was changed.', group.label), { cause: error });
  }
  if (error instanceof LinodeApiError && (error.status === 400 || error.status === 422)) {
    const reason = error.reasonFor('token') ?? error.message;
    return new Error(
      l10n.t(
        'Linode did not accept the token for "{0}": {1} Nothing was changed. Ask the other account to join again with this group\'s ID ({2}, Copy Group ID) and send you the new token.',
        group.label,
        reason,
        group.uuid,
      ),
      { cause: error },
    );
  }
  return error;
}

export const renameShareGroupMemberCommand: CommandDefinition = {
  id: 'renameShareGroupMember',
  get title() {
    return l10n.t('Rename Member');
  },
  async run(services, ...args) {
    const target = memberOf(args);
    if (!target) return;
    const { group, member } = target;
    const typed = await services.prompts.current.inputStep({
      title: l10n.t('Rename Member "{0}"', member.label),
      step: 1,
      totalSteps: 1,
      prompt: l10n.t('New label of the member: {0}–{1} characters', SHARE_LIMITS.labelMin, SHARE_LIMITS.labelMax),
      value: member.label,
      valueSelection: [0, member.label.length],
      validate: validateShareLabel,
    });
    if (typeof typed !== 'string') return;
    const label = typed.trim();
    if (label === member.label) return;
    let updated: ShareGroupMember;
    try {
      updated = await services.session.client().updateShareGroupMember(group.id, member.token_uuid, { label });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      void services.shareGroupStore.readGroup(group.id);
      throw new Error(l10n.t('"{0}" is no longer a member of "{1}"; nothing was changed.', member.label, group.label), { cause: error });
    }
    services.logger.info(`Renamed member ${member.token_uuid} of share group ${group.id}.`);
    services.shareGroupStore.putMember(group.id, updated, 0);
    showDone(l10n.t('Renamed the member to "{0}".', updated.label));
  },
};

export const removeShareGroupMemberCommand: CommandDefinition = {
  id: 'removeShareGroupMember',
  get title() {
    return l10n.t('Remove Member');
  },
  async run(services, ...args) {
    const target = memberOf(args);
    if (!target) return;
    const group = await currentGroup(services, target.group);
    if (!group) return;
    const { member } = target;
    const button = l10n.t('Remove Member');
    const detail = l10n.t('Linode keeps listing the member as revoked. To let them back in, they join again and send you a new token.');
    const choice = await services.prompts.current.confirm(removeMemberQuestion(member, group), detail, button);
    if (choice !== button) return;
    try {
      await services.session.client().removeShareGroupMember(group.id, member.token_uuid);
    } catch (error) {
      if (!isNotFound(error)) throw error; // already gone: that is the aim
    }
    services.logger.info(`Removed member ${member.token_uuid} ("${member.label}") from share group ${group.id}.`);
    services.shareGroupStore.putMember(group.id, { ...member, status: 'revoked' }, member.status === 'active' ? -1 : 0);
    showDone(l10n.t('Removed "{0}" from "{1}".', member.label, group.label));
  },
};

export const copyShareGroupIdCommand: CommandDefinition = {
  id: 'copyShareGroupId',
  get title() {
    return l10n.t('Copy Group ID');
  },
  async run(services, ...args) {
    const group = await targetGroup(services, args, l10n.t('Copy Group ID'));
    if (!group) return;
    await vscode.env.clipboard.writeText(group.uuid);
    showDone(l10n.t('Copied the ID of "{0}": the account that joins needs it.', group.label));
  },
};

/** The member of the clicked row (member commands are offered on member rows only). */
function memberOf(args: readonly unknown[]): { group: ShareGroup; member: ShareGroupMember } | undefined {
  const [first] = args;
  return isShareGroupNode(first) && first.type === 'member' ? { group: first.group, member: first.member } : undefined;
}
