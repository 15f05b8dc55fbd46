// Which of a Linode's disks can be captured as an image, and what to tell the user about each.
import type { Disk } from '../api/types';

export type DiskVerdict =
  /** ext3/ext4/initrd and ready. */
  | { kind: 'ok' }
  /** Ready, but Linode cannot look inside a raw disk: the image cannot have its password, keys or network set on deploy. */
  | { kind: 'raw' }
  /** Not ready (resizing, being created…) or being deleted: the API refuses it for now. */
  | { kind: 'notReady'; status: Disk['status'] };

export function diskVerdict(disk: Disk): DiskVerdict {
  if (disk.status !== 'ready') return { kind: 'notReady', status: disk.status };
  if (disk.filesystem === 'raw') return { kind: 'raw' };
  return { kind: 'ok' };
}

/** Disks to offer: swap disks never (an image of swap is useless and the API refuses it); capturable ones first. */
export function capturableDisks(disks: readonly Disk[]): Disk[] {
  const rank = (disk: Disk): number => ({ ok: 0, raw: 1, notReady: 2 })[diskVerdict(disk).kind];
  return disks.filter((d) => d.filesystem !== 'swap').sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label));
}
