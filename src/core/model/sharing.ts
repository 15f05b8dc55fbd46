// Share groups in words: their limits, how a group is summed up in a row or a picker, and what the confirmations
// say. Share groups are a v4beta feature of the Linode API (see core/api/client.ts).
import { LinodeApiError } from '../api/errors';
import type { Image, ShareGroup } from '../api/types';
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
