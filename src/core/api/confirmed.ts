// Changes whose answer may never come. When one fails so that Linode may have acted all the same (no answer, a
// gateway's 5xx: `outcomeUnknown`), Linode is asked how things are now, and that is the result: nothing is
// guessed and nothing is sent twice. The commands and the chaos tests use these same functions.
import { l10n } from '../l10n';
import type { LinodeClient } from './client';
import { isNotFound, messageOf, outcomeUnknown } from './errors';
import { findImagesMadeSince } from './lostCreates';
import type { CreatedShareGroupToken, Image, ImageCapture, ShareGroup, ShareGroupMember, ShareGroupToken, ShareImageRequest } from './types';

export interface ConfirmLog {
  info(line: string): void;
  warn(line: string): void;
}

/** Sends `change`; after an unknown outcome the image is re-read, and the change counts as made if `applied` finds it. */
export async function changeConfirmed(
  client: Pick<LinodeClient, 'getImage'>,
  log: ConfirmLog,
  image: Image,
  change: () => Promise<Image>,
  applied: (fresh: Image) => boolean,
): Promise<Image> {
  try {
    return await change();
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log.warn(`${messageOf(error)}; asking Linode whether the change to ${image.id} was made.`);
    let fresh: Image;
    try {
      fresh = await client.getImage(image.id);
    } catch (readError) {
      if (isNotFound(readError)) throw readError;
      throw new Error(
        l10n.t('{0} Whether Linode made the change could not be checked ({1}); refresh the view to see.', messageOf(error), messageOf(readError)),
        { cause: error },
      );
    }
    if (!applied(fresh)) throw error;
    log.info(`Linode made the change to ${image.id} although its answer was lost.`);
    return fresh;
  }
}

/**
 * Deletes the image. Resolves when it is gone: deleted now, already gone (404), or gone although the answer to the
 * delete was lost (Linode says 404 when asked). Rejects with the delete's error otherwise.
 */
export async function deleteConfirmed(client: Pick<LinodeClient, 'deleteImage' | 'getImage'>, log: ConfirmLog, image: Image): Promise<void> {
  try {
    await client.deleteImage(image.id);
    log.info(`Deleted ${image.id} ("${image.label}").`);
  } catch (error) {
    if (!isNotFound(error) && !(outcomeUnknown(error) && (await goneAtLinode(client, image)))) throw error;
    log.info(`${image.id} is gone at Linode${isNotFound(error) ? ' already' : ' (the answer to the delete was lost)'}; counted as deleted.`);
  }
}

/** After a delete whose answer was lost: Linode says the image no longer exists (a failed read says nothing). */
async function goneAtLinode(client: Pick<LinodeClient, 'getImage'>, image: Image): Promise<boolean> {
  try {
    await client.getImage(image.id);
    return false;
  } catch (error) {
    return isNotFound(error);
  }
}

/**
 * `POST /images`, which must not be sent twice (it would make two images). When its answer is lost, Linode may
 * have started the capture all the same: the image is looked for (its label, `creating` or `available`, made since
 * the attempt began) and, when found, is the answer; when Linode lists none, the failure stands.
 */
export async function captureConfirmed(client: LinodeClient, log: ConfirmLog, request: ImageCapture, label: string): Promise<Image> {
  const startedAt = Date.now();
  try {
    return await client.captureImage(request);
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log.warn(`${messageOf(error)}; asking Linode whether the capture of "${label}" started.`);
    let found: Image[];
    try {
      found = await findImagesMadeSince(client, { label, statuses: ['creating', 'available'] }, startedAt);
    } catch (searchError) {
      throw new Error(
        l10n.t(
          '{0} Whether Linode started the capture could not be checked ({1}); refresh the view before you try again, so as not to make a second image.',
          messageOf(error),
          messageOf(searchError),
        ),
        { cause: error },
      );
    }
    if (found.length === 0) throw error;
    // Several captures with this label since the attempt began: the newest is taken as this one.
    const image = found.reduce((newest, candidate) => ((candidate.created ?? '') > (newest.created ?? '') ? candidate : newest));
    log.info(`Linode started the capture ${image.id} ("${label}") although its answer was lost.`);
    return image;
  }
}

/**
 * `POST /images/sharegroups`, which must not be sent twice (it would make two groups). When its answer is lost, the
 * groups are listed: one with this label that was not there before (`knownIds`, the groups listed before the POST)
 * is the answer; when there is none, the failure stands.
 */
export async function createShareGroupConfirmed(
  client: Pick<LinodeClient, 'createShareGroup' | 'listShareGroups'>,
  log: ConfirmLog,
  request: { label: string; description?: string },
  knownIds: ReadonlySet<number>,
): Promise<ShareGroup> {
  try {
    return await client.createShareGroup(request);
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log.warn(`${messageOf(error)}; asking Linode whether the share group "${request.label}" was made.`);
    let groups: ShareGroup[];
    try {
      groups = await client.listShareGroups();
    } catch (searchError) {
      throw new Error(
        l10n.t(
          '{0} Whether Linode made the share group could not be checked ({1}); refresh the Share Groups view before you try again, so as not to make a second group.',
          messageOf(error),
          messageOf(searchError),
        ),
        { cause: error },
      );
    }
    const made = groups.filter((group) => group.label === request.label && !knownIds.has(group.id));
    if (made.length === 0) throw error;
    const group = made.reduce((newest, candidate) => (candidate.id > newest.id ? candidate : newest));
    log.info(`Linode made the share group ${group.id} ("${group.label}") although its answer was lost.`);
    return group;
  }
}

/**
 * `POST /images/sharegroups/{id}/images` for one private image not yet in the group: not sent twice (it would share
 * the image twice). When its answer is lost, the group's images are listed, and a copy of this image is the answer.
 */
export async function shareImageConfirmed(
  client: Pick<LinodeClient, 'addShareGroupImages' | 'listShareGroupImages'>,
  log: ConfirmLog,
  groupId: number,
  request: ShareImageRequest,
): Promise<Image> {
  const copyOf = (images: readonly Image[]): Image | undefined => images.find((image) => image.image_sharing?.shared_by?.source_image_id === request.id);
  try {
    const added = await client.addShareGroupImages(groupId, [request]);
    const copy = copyOf(added) ?? added[0];
    if (!copy) throw new Error(l10n.t("Linode's answer lists no shared copy of {0}.", request.id));
    return copy;
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log.warn(`${messageOf(error)}; asking Linode whether ${request.id} was shared in share group ${groupId}.`);
    let images: Image[];
    try {
      images = await client.listShareGroupImages(groupId);
    } catch (searchError) {
      throw new Error(
        l10n.t('{0} Whether Linode shared the image could not be checked ({1}); look at the Share Groups view before you try again.', messageOf(error), messageOf(searchError)),
        { cause: error },
      );
    }
    const copy = copyOf(images);
    if (!copy) throw error;
    log.info(`Linode shared ${request.id} as ${copy.id} in share group ${groupId} although its answer was lost.`);
    return copy;
  }
}

/**
 * `POST /images/sharegroups/{id}/members`: not sent twice (a token works once; a second POST would be refused as
 * used). When its answer is lost, the group's members are listed: an active member with this label that was not there
 * before (`knownTokenUuids`) is the answer; when there is none, the failure stands. The token is never logged.
 */
export async function addMemberConfirmed(
  client: Pick<LinodeClient, 'addShareGroupMember' | 'listShareGroupMembers'>,
  log: ConfirmLog,
  groupId: number,
  request: { token: string; label: string },
  knownTokenUuids: ReadonlySet<string>,
): Promise<ShareGroupMember> {
  try {
    return await client.addShareGroupMember(groupId, request);
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    log.warn(`${messageOf(error)}; asking Linode whether the member "${request.label}" was added to share group ${groupId}.`);
    let members: ShareGroupMember[];
    try {
      members = await client.listShareGroupMembers(groupId);
    } catch (searchError) {
      throw new Error(
        l10n.t('{0} Whether Linode added the member could not be checked ({1}); look at the group\'s members before you try again.', messageOf(error), messageOf(searchError)),
        { cause: error },
      );
    }
    const added = members.find((member) => member.label === request.label && member.status === 'active' && !knownTokenUuids.has(member.token_uuid));
    if (!added) throw error;
    log.info(`Linode added the member ${added.token_uuid} to share group ${groupId} although its answer was lost.`);
    return added;
  }
}

/** A token may have been made, but the only answer that shows it was lost: `found` are the tokens Linode now lists for the group. */
export class TokenAnswerLostError extends Error {
  override readonly name = 'TokenAnswerLostError';

  constructor(
    message: string,
    readonly found: readonly ShareGroupToken[],
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * `POST /images/sharegroups/tokens`, never sent twice. Linode shows a token only in this answer, so a lost answer
 * cannot be made good by reading: the tokens are listed, and the error says whether one for the group was made since
 * (`knownTokenUuids`: the tokens listed before the POST), which then has to be deleted and made again.
 */
export async function createShareGroupTokenConfirmed(
  client: Pick<LinodeClient, 'createShareGroupToken' | 'listShareGroupTokens'>,
  log: ConfirmLog,
  request: { valid_for_sharegroup_uuid: string; label?: string },
  knownTokenUuids: ReadonlySet<string>,
): Promise<CreatedShareGroupToken> {
  try {
    return await client.createShareGroupToken(request);
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    const group = request.valid_for_sharegroup_uuid;
    log.warn(`${messageOf(error)}; asking Linode whether a membership token for share group ${group} was made.`);
    let tokens: ShareGroupToken[];
    try {
      tokens = await client.listShareGroupTokens();
    } catch (searchError) {
      throw new TokenAnswerLostError(
        l10n.t(
          '{0} Linode may have made the membership token, but the answer that shows it was lost, and the tokens could not be listed ({1}). Refresh the Share Groups view: a pending token for the group under Groups I Joined cannot be shown again; leave it and join again.',
          messageOf(error),
          messageOf(searchError),
        ),
        [],
        { cause: error },
      );
    }
    const made = tokens.filter((token) => token.valid_for_sharegroup_uuid === group && !knownTokenUuids.has(token.token_uuid));
    if (made.length === 0) throw error;
    log.warn(`Linode made the membership token ${made.map((token) => token.token_uuid).join(', ')} for share group ${group}, but its answer (the only time the token is shown) was lost.`);
    throw new TokenAnswerLostError(
      l10n.t(
        '{0} Linode made the membership token, but the answer that shows it was lost, and Linode never shows a token again. It is listed under Groups I Joined as pending: leave it (Leave Share Group…) and join again for a new token.',
        messageOf(error),
      ),
      made,
      { cause: error },
    );
  }
}
