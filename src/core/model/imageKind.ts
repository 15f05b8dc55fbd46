// The three kinds of image: public (Linode's and vendors'), private (your account's own) and shared (a copy
// another account shares with yours through a share group, `shared/NNNN`). Everything that decides what applies to
// an image (menus, keys, pickers, `whyNot`, grouping) asks here.
import type { Image } from '../api/types';

export type ImageKind = 'public' | 'private' | 'shared';

export function imageKind(image: Image): ImageKind {
  if (image.is_public) return 'public';
  // The id and `shared_by` decide; `type: shared` alone (on a `private/` id) is only a type Linode may add.
  if (image.id.startsWith('shared/') || image.image_sharing?.shared_by) return 'shared';
  return 'private';
}

/** The share group an image shared with you comes from ("Team images"), when the answer says. */
export function sharedByLabel(image: Image): string | undefined {
  return image.image_sharing?.shared_by?.sharegroup_label;
}

/** How many share groups your image is shared in (0 when not shared, or when the answer does not say). */
export function shareGroupCount(image: Image): number {
  return image.image_sharing?.shared_with?.sharegroup_count ?? 0;
}
