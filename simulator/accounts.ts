// Accounts: who sees what. A private image belongs to the account of the user in its `created_by` (accountOfUser:
// `sim-teammate` has an account of its own; everyone else, `sim-user` and `someone-else` included, is in the main
// account). A request sees public images and its own account's private ones; another account's image is 404, as on
// the real API. Linodes (and their disks) are the main account's, and so is every event recorded by a user of the
// main account.

import type { SimImage } from './entities';
import { notFound } from './http';
import type { SimulatorState } from './state';
import { accountOfUser, MAIN_ACCOUNT } from './tokens';

export function visibleTo(image: SimImage, username: string): boolean {
  return image.is_public || accountOfUser(image.created_by) === accountOfUser(username);
}

export function ownsLinodes(username: string): boolean {
  return accountOfUser(username) === MAIN_ACCOUNT;
}

/** The id of a Linode `username`'s account has, from a path segment; 404 otherwise. */
export function findLinodeId(state: SimulatorState, raw: string, username: string): number {
  const id = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!state.linodes.has(id) || !ownsLinodes(username)) {
    throw notFound();
  }
  return id;
}
