// Recognises disk-image formats Linode cannot take, from the first decompressed bytes (and the last 512,
// where a fixed-size VHD keeps its footer). Linode wants a raw disk image, gzip-compressed.
import { l10n } from '../l10n';

export interface ForeignFormat {
  /** Shown to the user: "a qcow2 image". */
  description: string;
  /** What to do instead. */
  advice: string;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

function at(buffer: Buffer, offset: number, signature: string | Buffer): boolean {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  return buffer.length >= offset + expected.length && buffer.subarray(offset, offset + expected.length).equals(expected);
}

/** The command that turns an image in the `extension` format into a raw one, gzip-compressed (a command: not translated). */
function convertCommand(extension: string): string {
  // eslint-disable-next-line local/user-strings -- a shell command, the same in every language
  return `qemu-img convert -O raw in.${extension} disk.img`;
}

function convert(extension: string): string {
  return l10n.t('Convert it to a raw image first, then upload disk.img (it is compressed on the way): {0}', convertCommand(extension));
}

// Signatures in the data (not text).
// eslint-disable-next-line local/user-strings -- a VMDK descriptor's first line, matched in the data
const VMDK_DESCRIPTOR = '# Disk DescriptorFile';
// eslint-disable-next-line local/user-strings -- a VDI header's text, matched in the data
const VDI_HEADER_TEXT = 'VirtualBox Disk Image';

/** The format the data starts with, when it is one Linode cannot boot; undefined for anything else. */
export function detectForeignFormat(head: Buffer): ForeignFormat | undefined {
  if (at(head, 0, 'QFI\xfb')) return { description: l10n.t('a qcow2 image'), advice: convert('qcow2') };
  if (at(head, 0, 'KDMV') || at(head, 0, VMDK_DESCRIPTOR)) return { description: l10n.t('a VMDK image'), advice: convert('vmdk') };
  // A dynamic or differencing VHD starts with a copy of its footer.
  if (at(head, 0, 'conectix')) return { description: l10n.t('a VHD image'), advice: convert('vhd') };
  if (at(head, 0, 'vhdxfile')) return { description: l10n.t('a VHDX image'), advice: convert('vhdx') };
  if (at(head, 0, '<<< ') && head.subarray(0, 64).toString('latin1').includes(VDI_HEADER_TEXT)) {
    return { description: l10n.t('a VirtualBox VDI image'), advice: convert('vdi') };
  }
  // ISO 9660 volume descriptors sit in sectors 16, 17 and 18 (2048-byte sectors), after the type byte.
  if ([0x8001, 0x8801, 0x9001].some((offset) => at(head, offset, 'CD001'))) {
    return {
      description: l10n.t('an ISO 9660 (CD/DVD) image, not a disk image'),
      advice: l10n.t(
        'Install the system to a disk and upload that disk; only a hybrid ISO boots as a disk. Convert it to a raw image first: {0}',
        convertCommand('iso'),
      ),
    };
  }
  if (at(head, 0, GZIP_MAGIC)) {
    return { description: l10n.t('gzip-compressed twice'), advice: l10n.t('Decompress it once (gunzip) and upload the result.') };
  }
  if (at(head, 257, 'ustar')) {
    return {
      description: l10n.t('a tar archive, not a disk image'),
      advice: l10n.t('Extract the raw disk image from it (tar -xzf) and compress that alone: {0}', 'gzip disk.img'),
    };
  }
  return undefined;
}

/** A fixed-size VHD is raw data followed by a 512-byte footer (511 bytes in old Virtual PC images). */
export function detectVhdFooter(tail: Buffer): ForeignFormat | undefined {
  for (const size of [512, 511]) {
    if (tail.length >= size && at(tail, tail.length - size, 'conectix')) {
      return { description: l10n.t('a fixed-size VHD image'), advice: convert('vhd') };
    }
  }
  return undefined;
}


// eslint-disable-next-line local/user-strings -- a GPT header's signature, matched in the data
const GPT_SIGNATURE = 'EFI PART';
/** An XFS superblock's magic, matched in the data. */
const XFS_MAGIC = 'XFSB';

/**
 * Whether uncompressed data starts like a raw disk: a partition table (MBR boot signature, GPT header) or a
 * filesystem written straight onto the disk (ext2/3/4, XFS). Call it only on data that is no known other format.
 */
export function looksLikeRawDisk(head: Buffer): boolean {
  if (at(head, 510, Buffer.from([0x55, 0xaa]))) return true;
  if (at(head, 512, GPT_SIGNATURE)) return true;
  // The ext superblock starts at 1024; its magic 0xEF53 (little-endian) is 56 bytes in.
  if (at(head, 1024 + 56, Buffer.from([0x53, 0xef]))) return true;
  return at(head, 0, XFS_MAGIC);
}
