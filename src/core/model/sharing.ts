// Share groups in words: their limits, how a group is summed up in a row or a picker, and what the confirmations
// say. Share groups are a v4beta feature of the Linode API (see core/api/client.ts).
import { LinodeApiError } from '../api/errors';
import type { Image, ShareGroup, ShareGroupMember, ShareGroupToken } from '../api/types';
import { apiTimeMs, formatApiTime, timeUntil } from './format';
import { l10n } from '../l10n';

export const SHARE_LIMITS = {
  /** A group's label, and the label a shared image is given: 1–100 characters. */
  labelMin: 1,
  labelMax: 100,
  descriptionMax: 65_000,
} as const;

/** Checks a share group's (or a shared image's) label as it will be sent: trimmed. */
export function validateShareLabel(typed: string): string | undefined {
  const label = typed.trim();
  if (label.length === 0) return l10n.t('Enter a label.');
  const { labelMin, labelMax } = SHARE_LIMITS;
  if (label.length < labelMin || label.length > labelMax) {
    return l10n.t('Label must be between {0} and {1} characters (now {2}).', labelMin, labelMax, label.length);
  }
  return undefined;
}

export function validateShareDescription(description: string): string | undefined {
  const max = SHARE_LIMITS.descriptionMax;
  return description.length > max
    ? l10n.t('Description must be {0} characters or fewer (now {1}).', max.toLocaleString('en-US'), description.length.toLocaleString('en-US'))
    : undefined;
}

/** "3 images · 2 members", with "suspended" first when Linode suspended the group. */
export function shareGroupSummary(group: ShareGroup): string {
  const images = group.images_count === 1 ? l10n.t('1 image') : l10n.t('{0} images', group.images_count);
  const members = group.members_count === 1 ? l10n.t('1 member') : l10n.t('{0} members', group.members_count);
  const parts = [images, members];
  if (group.is_suspended) parts.unshift(l10n.t('suspended'));
  return parts.join(' · ');
}

/** The private image a shared copy (`shared/NNNN`) in one of your groups was made from, when the answer says. */
export function sourceImageId(shared: Image): string | undefined {
  return shared.image_sharing?.shared_by?.source_image_id ?? undefined;
}

/**
 * What the group's members lose, one whole sentence: "Its 2 members lose access to it." / "Its 1 member loses
 * access to its 3 images." / "It has no members yet." `images` counts the group's images when the group itself
 * goes; undefined when one image leaves it (then "it" is that image).
 */
function membersLose(group: ShareGroup, images: number | undefined): string {
  const members = group.members_count;
  if (members === 0) return l10n.t('It has no members yet.');
  if (images === undefined || images === 0) {
    return members === 1 ? l10n.t('Its 1 member loses access to it.') : l10n.t('Its {0} members lose access to it.', members);
  }
  if (images === 1) {
    return members === 1 ? l10n.t('Its 1 member loses access to its image.') : l10n.t('Its {0} members lose access to its image.', members);
  }
  return members === 1
    ? l10n.t('Its 1 member loses access to its {0} images.', images)
    : l10n.t('Its {0} members lose access to its {1} images.', members, images);
}

/** The question before an image leaves a group. */
export function stopSharingQuestion(imageLabel: string, group: ShareGroup): string {
  return l10n.t('Stop sharing "{0}" in "{1}"? {2}', imageLabel, group.label, membersLose(group, undefined));
}

/** The question before a group is deleted: what its members lose, and that your own images stay. */
export function deleteGroupQuestion(group: ShareGroup): string {
  return l10n.t('Delete share group "{0}"? {1} Your own images are not deleted.', group.label, membersLose(group, group.images_count));
}

/** Said when v4beta answers 404 or 405 for share groups: the account is not in Linode's image sharing beta. */
export function notEnrolledMessage(): string {
  return l10n.t('Linode does not serve share groups to this account (image sharing is a beta, not yet open to every account).');
}

/** True for the answer an account outside the beta gets for share-group paths. */
export function sharingUnavailable(error: unknown): boolean {
  return error instanceof LinodeApiError && (error.status === 404 || error.status === 405);
}

/** A share group's uuid as Linode writes it (8-4-4-4-12 hex digits). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * A membership token: Linode's API reference calls it a JWT "of three parts: header, payload, and signature"
 * (base64url, separated by dots). No recorded exchange shows one.
 */
const MEMBERSHIP_TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MEMBERSHIP_TOKEN_MAX = 8192;

/** Checks a share group's uuid as typed (trimmed); the message says what a group's ID looks like and where it is. */
export function validateGroupUuid(typed: string): string | undefined {
  const uuid = typed.trim();
  if (uuid.length === 0) return l10n.t("Paste the share group's ID, which its owner sends you.");
  if (!UUID.test(uuid)) {
    return l10n.t("This is not a share group's ID: it looks like 1a2b3c4d-1a2b-1a2b-1a2b-1a2b3c4d5e6f. Its owner copies it with Copy Group ID.");
  }
  return undefined;
}

/**
 * Checks a pasted membership token's shape (trimmed). Never quotes the token: a message can end up in a log or a
 * notification.
 */
export function validateMembershipToken(typed: string): string | undefined {
  const token = typed.trim();
  if (token.length === 0) return l10n.t('Paste the membership token the other account sent you.');
  if (UUID.test(token)) {
    return l10n.t("This is an ID (a group's or a token's), not the token: ask for the token itself, the long text Linode showed once when they joined.");
  }
  if (token.length > MEMBERSHIP_TOKEN_MAX || !MEMBERSHIP_TOKEN.test(token)) {
    return l10n.t('This is not a membership token: a token is one long line of three parts separated by dots, without spaces. Paste it again as it was sent.');
  }
  return undefined;
}

/** "active · expires in 3 days", "pending", "revoked": a member's or a token's status and expiry. */
export function membershipStatusText(item: Pick<ShareGroupMember, 'status' | 'expiry'>, now = Date.now()): string {
  const expiry = apiTimeMs(item.expiry);
  if (expiry === undefined || item.status === 'revoked') return item.status;
  if (expiry <= now) return item.status === 'expired' ? item.status : l10n.t('{0} · expired', item.status);
  return l10n.t('{0} · expires {1}', item.status, timeUntil(expiry, now));
}

/** When it expires, in words for a tooltip: "2026-12-14 17:36 UTC", or "never". */
export function expiryText(expiry: string | null): string {
  return expiry ? formatApiTime(expiry) : l10n.t('never');
}

/** What a joined group is called: its label, else the token's label, else the group's uuid. */
export function joinedGroupLabel(token: ShareGroupToken): string {
  return token.sharegroup_label ?? (token.label || token.valid_for_sharegroup_uuid);
}

/** The question before a member is removed: they lose the group's images. */
export function removeMemberQuestion(member: ShareGroupMember, group: ShareGroup): string {
  const images = group.images_count;
  const loses =
    images === 0
      ? l10n.t('The group shares no images yet.')
      : images === 1
        ? l10n.t('They lose access to the group\'s 1 image at once.')
        : l10n.t('They lose access to the group\'s {0} images at once.', images);
  return l10n.t('Remove "{0}" from "{1}"? {2}', member.label, group.label, loses);
}

/** The question before this account leaves a group it joined (or withdraws a request not yet accepted). */
export function leaveGroupQuestion(token: ShareGroupToken): string {
  const label = joinedGroupLabel(token);
  return token.status === 'active'
    ? l10n.t('Leave the share group "{0}"? Its images are no longer yours to deploy; Linodes already deployed from them stay.', label)
    : l10n.t('Withdraw the {0} membership token for "{1}"? Its owner can no longer add you with it.', token.status, label);
}
