// The public keys a new or rebuilt Linode's root account can be given: the user's Linode profile keys
// (GET /profile/sshkeys) and their own ~/.ssh/*.pub files (on the machine the extension runs on), each key once.
//
// Listing the profile's keys needs `account:read_only` (the spec's security for get-ssh-keys). Sign In with Linode
// does not ask for it, not even when a deployment widens the sign-in to `linodes:read_write`: in the 4.189 spec that
// scope opens 56 operations, among them the account's contact and billing details, invoices, payments and payment
// methods, its users and their grants, logins, OAuth clients, the profile's API tokens and support tickets, which is
// far more than a list of public keys is worth. So a token without it is not asked (Linode would answer 401), and the
// picker says why the profile's keys are missing and how to get them; the ~/.ssh keys are offered as always.
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

/**
 * Why the profile's keys are not offered: short enough for the picker's note (a quick pick shows each part on one
 * line), and in full for Try This Image's confirmation.
 */
export interface MissingProfileKeys {
  /** The note's label: "Your Linode profile's SSH keys are not listed". */
  label: string;
  /** Beside it, why: the sign-in or token lacks the scope. */
  why: string;
  /** Under it, how to get them. */
  how: string;
  /** Why, why the sign-in does not ask for it, and how, in whole sentences. */
  explanation: string;
}

export interface KeyChoices {
  keys: KeyChoice[];
  /** Set when the token may not list the profile's keys, so none of them is offered. */
  missingProfileKeys?: MissingProfileKeys;
}

/** What the token in use may read: its scopes as Linode reported them (undefined: not said), and whether it is a sign-in's. */
export interface KeyAccess {
  scopes: readonly string[] | undefined;
  signedIn: boolean;
}

/** Whether the scopes allow GET /profile/sshkeys; unreported scopes are left to Linode. */
function canListProfileKeys(scopes: readonly string[] | undefined): boolean {
  return scopes === undefined || scopes.some((scope) => scope === '*' || scope === 'account:read_only' || scope === 'account:read_write');
}

/**
 * The profile's keys (when the token may list them), then the files' keys not already among them. A source that
 * cannot be read is left out (logged).
 */
export async function loadKeyChoices(client: LinodeClient, logger: Logger, access: KeyAccess): Promise<KeyChoices> {
  const listed = canListProfileKeys(access.scopes);
  if (!listed) logger.info("The profile's SSH keys are not listed: the token lacks account:read_only; the keys in ~/.ssh are offered.");
  const [profile, files] = await Promise.all([listed ? profileKeys(client, logger) : Promise.resolve([]), fileKeys(logger)]);
  const seen = new Set<string>();
  const keys = [...profile, ...files].filter((choice) => {
    if (seen.has(choice.key.blob)) return false;
    seen.add(choice.key.blob);
    return true;
  });
  return listed ? { keys } : { keys, missingProfileKeys: missingProfileKeys(access.signedIn) };
}

function missingProfileKeys(signedIn: boolean): MissingProfileKeys {
  return {
    label: l10n.t("Your Linode profile's SSH keys are not listed"),
    why: signedIn ? l10n.t('this sign-in lacks Account: Read Only') : l10n.t('this token lacks Account: Read Only'),
    how: l10n.t('To offer them: put the public key in ~/.ssh, or use a token with Account: Read Only.'),
    explanation: signedIn
      ? l10n.t(
          "Your Linode profile's SSH keys are not listed: Sign In with Linode does not ask for Account: Read Only (account:read_only), the scope that lists them, as it would also let this extension read your billing details, invoices and users. Put the public key in ~/.ssh, or use a personal access token that has Account: Read Only (Set API Token).",
        )
      : l10n.t("Your Linode profile's SSH keys are not listed: this token does not have Account: Read Only (account:read_only), the scope that lists them. Put the public key in ~/.ssh, or set a token that has that scope."),
  };
}

async function profileKeys(client: LinodeClient, logger: Logger): Promise<KeyChoice[]> {
  try {
    const keys = await client.listSshKeys();
    return keys.flatMap((entry) => {
      const key = parsePublicKey(entry.ssh_key);
      return key ? [{ key, name: entry.label, source: l10n.t('your Linode profile') }] : [];
    });
  } catch (error) {
    // Linode refused or failed; the files' keys still serve.
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
