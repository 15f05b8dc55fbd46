// The public keys a new or rebuilt Linode's root account can be given: the user's Linode profile keys
// (GET /profile/sshkeys) and their own ~/.ssh/*.pub files (on the machine the extension runs on), each key once.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LinodeClient } from '../../core/api/client';
import { parsePublicKey, type PublicKey } from '../../core/deploy/sshKeys';
import { l10n } from '../../core/l10n';
import { errorMessage } from '../errors';
import type { Logger } from '../log';

export interface KeyChoice {
  key: PublicKey;
  /** The profile key's label, or the file's name (`id_ed25519.pub`). */
  name: string;
  /** Where it comes from, as the picker says it. */
  source: string;
}

/** The profile's keys, then the files' keys not already among them. A source that cannot be read is left out (logged). */
export async function loadKeyChoices(client: LinodeClient, logger: Logger): Promise<KeyChoice[]> {
  const [profile, files] = await Promise.all([profileKeys(client, logger), fileKeys(logger)]);
  const seen = new Set<string>();
  return [...profile, ...files].filter((choice) => {
    if (seen.has(choice.key.blob)) return false;
    seen.add(choice.key.blob);
    return true;
  });
}

async function profileKeys(client: LinodeClient, logger: Logger): Promise<KeyChoice[]> {
  try {
    const keys = await client.listSshKeys();
    return keys.flatMap((entry) => {
      const key = parsePublicKey(entry.ssh_key);
      return key ? [{ key, name: entry.label, source: l10n.t('your Linode profile') }] : [];
    });
  } catch (error) {
    // A token without `account:read_only` may not read them; the files' keys still serve.
    logger.info(`The profile's SSH keys could not be read: ${errorMessage(error)}`);
    return [];
  }
}

async function fileKeys(logger: Logger): Promise<KeyChoice[]> {
  const folder = path.join(os.homedir(), '.ssh');
  let names: string[];
  try {
    names = (await fs.readdir(folder)).filter((name) => name.endsWith('.pub')).sort();
  } catch {
    return []; // no ~/.ssh
  }
  const read = await Promise.all(
    names.map(async (name): Promise<KeyChoice[]> => {
      try {
        const key = parsePublicKey(await fs.readFile(path.join(folder, name), 'utf8'));
        return key ? [{ key, name, source: path.join('~', '.ssh', name) }] : [];
      } catch (error) {
        logger.info(`${path.join(folder, name)} could not be read: ${errorMessage(error)}`);
        return [];
      }
    }),
  );
  return read.flat();
}
