// Share groups in words: their limits, how a group is summed up in a row or a picker, and what the confirmations
// say. Share groups are a v4beta feature of the Linode API (see core/api/client.ts).
import type { Image, ShareGroup } from '../api/types';

export const SHARE_LIMITS = {
  /** A group's label, and the label a shared image is given: 1–100 characters. */
  labelMin: 1,
  labelMax: 100,
  descriptionMax: 65_000,
} as const;

/** Checks a share group's (or a shared image's) label as it will be sent: trimmed. */
export function validateShareLabel(typed: string): string | undefined {
  const label = typed.trim();
  if (label.length === 0) return 'Enter a label.';
  const { labelMin, labelMax } = SHARE_LIMITS;
  if (label.length < labelMin || label.length > labelMax) return `Label must be between ${labelMin} and ${labelMax} characters (now ${label.length}).`;
  return undefined;
}

export function validateShareDescription(description: string): string | undefined {
  const max = SHARE_LIMITS.descriptionMax;
  return description.length > max ? `Description must be ${max.toLocaleString('en-US')} characters or fewer (now ${description.length.toLocaleString('en-US')}).` : undefined;
}

export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "3 images · 2 members", with "suspended" first when Linode suspended the group. */
export function shareGroupSummary(group: ShareGroup): string {
  const parts = [countOf(group.images_count, 'image'), countOf(group.members_count, 'member')];
  if (group.is_suspended) parts.unshift('suspended');
  return parts.join(' · ');
}

/** The private image a shared copy (`shared/NNNN`) in one of your groups was made from, when the answer says. */
export function sourceImageId(shared: Image): string | undefined {
  return shared.image_sharing?.shared_by?.source_image_id ?? undefined;
}

/** "Its 2 members lose access to it." / "Its 1 member loses access to it." / "It has no members." */
function membersLose(group: ShareGroup, what: string): string {
  const members = group.members_count;
  if (members === 0) return 'It has no members yet.';
  return members === 1 ? `Its 1 member loses access to ${what}.` : `Its ${members} members lose access to ${what}.`;
}

/** The question before an image leaves a group. */
export function stopSharingQuestion(imageLabel: string, group: ShareGroup): string {
  return `Stop sharing "${imageLabel}" in "${group.label}"? ${membersLose(group, 'it')}`;
}

/** The question before a group is deleted: what its members lose, and that your own images stay. */
export function deleteGroupQuestion(group: ShareGroup): string {
  const images = group.images_count;
  const what = images === 0 ? 'it' : images === 1 ? 'its image' : `its ${images} images`;
  return `Delete share group "${group.label}"? ${membersLose(group, what)} Your own images are not deleted.`;
}
