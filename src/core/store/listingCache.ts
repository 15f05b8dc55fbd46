// The last listing of each account, kept on disk so the next start shows the tree at once (see ImageSync).
// One file per account and API (URL and version) in the extension's global storage. The file holds images,
// regions and the event cursor, never the token: the file name is a hash of a per-installation salt, the
// token and the API, so it neither reveals the token nor matches another account's listing.
import { createHash, createHmac } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAGE, REGION, ShapeError } from '../api/decode';
import { messageOf } from '../api/errors';
import type { ApiVersion, Image, Region } from '../api/types';

const FORMAT = 1;

/** Which listing: the account (as a keyed hash of its credential) and the API it was read from. */
export interface ListingKey {
  /** A stable, non-reversible name for the account, e.g. `accountKeyOf(salt, token)`. */
  account: string;
  apiUrl: string;
  apiVersion: ApiVersion;
}

export interface CachedListing {
  images: Image[];
  regions: Region[];
  /** When the listing was last in step with Linode (ms since the epoch). */
  savedAt: number;
  /** The newest account event the listing includes; undefined when events could not be read. */
  cursor?: number;
}

/** HMAC of the credential with a per-installation salt: the same account gives the same name, nothing more. */
export function accountKeyOf(salt: string, credential: string): string {
  return createHmac('sha256', salt).update(credential).digest('hex');
}

export class ListingCache {
  constructor(
    private readonly directory: string,
    private readonly log?: (line: string) => void,
  ) {}

  fileFor(key: ListingKey): string {
    const name = createHash('sha256').update(JSON.stringify([key.account, key.apiUrl, key.apiVersion])).digest('hex').slice(0, 32);
    return join(this.directory, `listing-${name}.json`);
  }

  /** The listing kept for `key`, or undefined when there is none or it cannot be trusted (it is then removed). */
  async read(key: ListingKey): Promise<CachedListing | undefined> {
    const file = this.fileFor(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined; // none yet
    }
    try {
      return decodeListing(JSON.parse(text) as unknown, key);
    } catch (error) {
      this.log?.(`The kept image listing could not be used and is removed (${messageOf(error)}).`);
      await rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  /** Writes through a temporary file and a rename, so a window closed mid-write leaves the old file or the new one. */
  async write(key: ListingKey, listing: CachedListing): Promise<void> {
    const file = this.fileFor(key);
    const temporary = `${file}.${process.pid}.tmp`;
    const body = { format: FORMAT, apiUrl: key.apiUrl, apiVersion: key.apiVersion, savedAt: listing.savedAt, cursor: listing.cursor ?? null, regions: listing.regions, images: listing.images };
    await mkdir(this.directory, { recursive: true });
    try {
      await writeFile(temporary, JSON.stringify(body), 'utf8');
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async remove(key: ListingKey): Promise<void> {
    await rm(this.fileFor(key), { force: true });
  }
}

/**
 * A kept listing is checked like an answer from Linode: the same decoders, and it must be for this API. Its
 * errors only reach the log (the listing is then dropped and read again from Linode), so their words are not translated.
 */
function decodeListing(value: unknown, key: ListingKey): CachedListing {
  // eslint-disable-next-line local/user-strings -- for the log line only
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError('the file is not an object');
  const file = value as Record<string, unknown>;
  // eslint-disable-next-line local/user-strings -- for the log line only
  if (file.format !== FORMAT) throw new ShapeError(`format ${String(file.format)} is not ${FORMAT}`);
  // eslint-disable-next-line local/user-strings -- for the log line only
  if (file.apiUrl !== key.apiUrl || file.apiVersion !== key.apiVersion) throw new ShapeError('it was made for another API');
  // eslint-disable-next-line local/user-strings -- for the log line only
  if (typeof file.savedAt !== 'number' || !Number.isFinite(file.savedAt)) throw new ShapeError('savedAt is not a time');
  // eslint-disable-next-line local/user-strings -- for the log line only
  if (!Array.isArray(file.images) || !Array.isArray(file.regions)) throw new ShapeError('images or regions is not a list');
  const cursor = file.cursor;
  return {
    savedAt: file.savedAt,
    cursor: typeof cursor === 'number' && Number.isInteger(cursor) && cursor >= 0 ? cursor : undefined,
    images: file.images.map((image: unknown, index: number) => IMAGE.decode(image, `images[${index}].`)),
    regions: file.regions.map((region: unknown, index: number) => REGION.decode(region, `regions[${index}].`)),
  };
}
