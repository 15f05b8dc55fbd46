// The receiver's side of sharing: join another account's share group (make a membership token for its ID and hand the
// token to the group's owner), and leave one. Linode shows a token once, in the answer that makes it: it is shown once
// here too, in a modal, and kept nowhere (no log line, no notification, no state).
import * as vscode from 'vscode';
import { createShareGroupTokenConfirmed, TokenAnswerLostError } from '../../core/api/confirmed';
import { isNotFound, LinodeApiError } from '../../core/api/errors';
import type { CreatedShareGroupToken, ShareGroupToken } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { joinedGroupLabel, leaveGroupQuestion, membershipStatusText, validateGroupUuid } from '../../core/model/sharing';
import { showDone } from '../images/imageUpdates';
import type { ExtensionServices } from '../services';
import { isShareGroupNode } from '../sharing/shareGroupsTreeProvider';
import { ensureV4beta } from '../sharing/sharingPrompts';
import type { CommandDefinition } from './command';

export const joinShareGroupCommand: CommandDefinition = {
  id: 'joinShareGroup',
  get title() {
    return l10n.t('Join a Share Group');
  },
  async run(services) {
    if (!(await ensureV4beta(services))) return;
    const typed = await services.prompts.current.inputStep({
      title: l10n.t('Join a Share Group'),
      step: 1,
      totalSteps: 1,
      prompt: l10n.t("The share group's ID, which its owner sends you (Copy Group ID in their Share Groups view)"),
      placeholder: l10n.t('e.g. 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f'),
      validate: validateGroupUuid,
    });
    if (typeof typed !== 'string') return;
    const groupUuid = typed.trim().toLowerCase();
    // The tokens before the POST: after a lost answer, one for this group that was not there is the one made.
    const before = await services.shareGroupStore.readTokens();
    const member = before.find((token) => token.valid_for_sharegroup_uuid === groupUuid && token.status === 'active');
    if (member) {
      void services.prompts.current.info(l10n.t('You are a member of "{0}" already: its images are under Groups I Joined.', joinedGroupLabel(member)));
      return;
    }
    let created: CreatedShareGroupToken;
    try {
      created = await createShareGroupTokenConfirmed(
        services.session.client(),
        services.logger,
        { valid_for_sharegroup_uuid: groupUuid },
        new Set(before.map((token) => token.token_uuid)),
      );
    } catch (error) {
      if (error instanceof TokenAnswerLostError) await services.shareGroupStore.readTokens().catch(() => undefined);
      throw joinRefusal(groupUuid, error);
    }
    const { token: secret, ...kept } = created;
    services.logger.info(`Made membership token ${kept.token_uuid} for share group ${groupUuid}.`);
    services.shareGroupStore.putToken(kept);
    await showTokenOnce(services, kept, secret);
  },
};

/** What Linode said about the group's ID, and what to do; nothing was made. */
function joinRefusal(groupUuid: string, error: unknown): unknown {
  if (error instanceof LinodeApiError && (error.status === 400 || error.status === 422 || error.status === 404)) {
    const reason = error.reasonFor('valid_for_sharegroup_uuid') ?? error.message;
    return new Error(
      l10n.t(
        'Linode did not make a membership token for the share group {0}: {1} Nothing was made. Check the ID with the group\'s owner (Copy Group ID in their Share Groups view): the group may have been deleted.',
        groupUuid,
        reason,
      ),
      { cause: error },
    );
  }
  return error;
}

/**
 * The token, once: Copy puts it on the clipboard; closing without copying asks first, as it cannot be shown again.
 * It goes into no other message, and nothing keeps it.
 */
async function showTokenOnce(services: Pick<ExtensionServices, 'prompts'>, token: ShareGroupToken, secret: string): Promise<void> {
  const copy = l10n.t('Copy');
  const label = joinedGroupLabel(token);
  for (;;) {
    const choice = await services.prompts.current.showOnce(
      l10n.t('Your membership token for "{0}"', label),
      [
        l10n.t('Send this token to the owner of the share group: they add it as a member (Add Member…), and the group\'s images then appear under Groups I Joined. Linode shows it only now: it is kept nowhere.'),
        '',
        secret,
      ].join('\n'),
      copy,
    );
    if (choice === copy) {
      await vscode.env.clipboard.writeText(secret);
      showDone(l10n.t('Copied the membership token for "{0}": send it to the group\'s owner.', label));
      return;
    }
    const close = l10n.t('Close Without Copying');
    const back = l10n.t('Show the Token Again');
    const sure = await services.prompts.current.confirm(
      l10n.t('Close without copying the token?'),
      l10n.t('Linode never shows it again. Without it, leave the group (Leave Share Group…) and join again for a new token.'),
      close,
      back,
    );
    if (sure === close) return;
  }
}

export const leaveShareGroupCommand: CommandDefinition = {
  id: 'leaveShareGroup',
  get title() {
    return l10n.t('Leave Share Group');
  },
  async run(services, ...args) {
    const token = await targetToken(services, args);
    if (!token) return;
    const active = token.status === 'active';
    const button = active ? l10n.t('Leave Share Group') : l10n.t('Withdraw Token');
    const detail = l10n.t('To join again, ask its owner to add a new token of yours.');
    const choice = await services.prompts.current.confirm(leaveGroupQuestion(token), detail, button);
    if (choice !== button) return;
    try {
      await services.session.client().deleteShareGroupToken(token.token_uuid);
    } catch (error) {
      if (!isNotFound(error)) throw error; // already gone: that is the aim
    }
    services.logger.info(`Deleted membership token ${token.token_uuid} (share group ${token.valid_for_sharegroup_uuid}).`);
    services.shareGroupStore.removeToken(token.token_uuid);
    // The group's images leave this account's image list too.
    if (active) void services.sync.refresh();
    showDone(active ? l10n.t('Left the share group "{0}".', joinedGroupLabel(token)) : l10n.t('Withdrew the token for "{0}".', joinedGroupLabel(token)));
  },
};

/** The token of the clicked row, or (from the palette) one the user picks. */
async function targetToken(services: ExtensionServices, args: readonly unknown[]): Promise<ShareGroupToken | undefined> {
  const [first] = args;
  if (isShareGroupNode(first) && (first.type === 'joinedGroup' || first.type === 'joinedImage')) return first.token;
  if (!(await ensureV4beta(services))) return undefined;
  const tokens = await services.shareGroupStore.readTokens();
  if (tokens.length === 0) {
    void services.prompts.current.info(l10n.t('You have joined no share groups.'));
    return undefined;
  }
  const items = [...tokens]
    .sort((a, b) => joinedGroupLabel(a).localeCompare(joinedGroupLabel(b)))
    .map((token) => ({ label: joinedGroupLabel(token), description: membershipStatusText(token), detail: token.valid_for_sharegroup_uuid, token }));
  return (await services.prompts.current.quickPick(items, { title: l10n.t('Leave Share Group'), placeHolder: l10n.t('Choose a share group you joined') }))?.token;
}
