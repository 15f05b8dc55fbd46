// What an image's state means to a user: which status to show where, and what is still in progress.
import type { Image, ImageRegion, ReplicaStatus } from '../api/types';
import { l10n } from '../l10n';

export type DisplayStatus = Image['status'] | ReplicaStatus;

const SETTLED_REPLICA: ReadonlySet<ReplicaStatus> = new Set(['available', 'timedout']);

/** The documented statuses of work Linode is still doing; a status it adds later is shown, but not as work. */
const WORK_IN_PROGRESS: ReadonlySet<DisplayStatus> = new Set([
  // eslint-disable-next-line local/user-strings -- statuses as Linode sends them, matched
  'creating', 'pending_upload', 'pending', 'pending deletion', 'pending replication', 'replicating',
]);

/** The status shown for an image, or for its copy in one region (an image still being made wins). */
export function displayStatus(image: Image, regionId?: string): DisplayStatus {
  if (image.status !== 'available' || regionId === undefined) return image.status;
  return replicaIn(image, regionId)?.status ?? image.status;
}

function replicaIn(image: Image, regionId: string): ImageRegion | undefined {
  return image.regions.find((r) => r.region === regionId);
}

/** True while the API still has work to do on the image or one of its replicas. */
export function isInProgress(image: Image): boolean {
  if (image.is_public) return false;
  if (image.status !== 'available') return true;
  return image.regions.some((r) => !SETTLED_REPLICA.has(r.status));
}

/** A status this extension knows to mean "still being worked on" (a spinner), as opposed to one it does not know. */
export function isKnownWorkStatus(status: DisplayStatus): boolean {
  return WORK_IN_PROGRESS.has(status);
}

/** A documented status in words (in the user's language), or undefined for one Linode added since. */
export function knownStatusLabel(status: DisplayStatus): string | undefined {
  switch (status) {
    case 'creating':
      return l10n.t('creating');
    case 'pending_upload':
      return l10n.t('pending upload');
    case 'available':
      return l10n.t('available');
    case 'pending':
      return l10n.t('pending');
    // eslint-disable-next-line local/user-strings -- a status as Linode sends it, matched
    case 'pending deletion':
      return l10n.t('pending deletion');
    // eslint-disable-next-line local/user-strings -- a status as Linode sends it, matched
    case 'pending replication':
      return l10n.t('pending replication');
    case 'replicating':
      return l10n.t('replicating');
    case 'timedout':
      return l10n.t('timedout');
    default:
      return undefined;
  }
}

/** Human wording of a status: `pending_upload` → "pending upload"; one Linode added since is shown as sent. */
export function statusLabel(status: DisplayStatus): string {
  return knownStatusLabel(status) ?? status.replace(/_/g, ' ');
}
