// Sends an edit of an image's writable fields and puts Linode's answer in the tree.
import * as vscode from 'vscode';
import { changeConfirmed as confirmChange } from '../../core/api/confirmed';
import { isNotFound } from '../../core/api/errors';
import type { Image, ImageUpdate } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import type { ExtensionServices } from '../services';

/** The image was deleted elsewhere: it leaves the view, and the message says why. */
class ImageGoneError extends Error {
  override readonly name = 'ImageGoneError';

  constructor(image: Image) {
    super(l10n.t('"{0}" ({1}) no longer exists at Linode; it was removed from the view.', image.label, image.id));
  }
}

/** Runs `work` and turns a 404 into ImageGoneError, dropping the image from the tree. */
export async function onExistingImage<T>(services: Pick<ExtensionServices, 'store'>, image: Image, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isNotFound(error)) {
      services.store.removeImage(image.id);
      throw new ImageGoneError(image);
    }
    throw error;
  }
}

/**
 * Runs a change of the image whose answer may never come: after an unknown outcome Linode is asked (see
 * core/api/confirmed.ts). Nothing is guessed, and nothing is sent twice.
 */
export function changeConfirmed(
  services: Pick<ExtensionServices, 'session' | 'logger'>,
  image: Image,
  change: () => Promise<Image>,
  applied: (fresh: Image) => boolean,
): Promise<Image> {
  return confirmChange(services.session.client(), services.logger, image, change, applied);
}

/** PUT with only the fields in `update`; the row says `busyText` meanwhile. Returns the updated image. */
export async function saveImageUpdate(services: Pick<ExtensionServices, 'store' | 'session' | 'logger'>, image: Image, update: ImageUpdate, busyText: string): Promise<Image> {
  const { store, session, logger } = services;
  const updated = await onExistingImage(services, image, () =>
    store.withBusyDescription(image.id, busyText, () =>
      changeConfirmed(services, image, () => session.client().updateImage(image.id, update), (fresh) => hasUpdate(fresh, update)),
    ),
  );
  store.upsertImage(updated);
  logger.info(`Updated ${Object.keys(update).join(', ')} of ${image.id}.`);
  return updated;
}

/** The image already has every field of `update`. */
function hasUpdate(image: Image, update: ImageUpdate): boolean {
  if (update.label !== undefined && image.label !== update.label) return false;
  if (update.description !== undefined && (image.description ?? null) !== update.description) return false;
  return update.tags === undefined || image.tags.join('\u0000') === update.tags.join('\u0000');
}

/** A fresh copy of the image from Linode, put in the tree (decisions such as a new region set need it). */
export async function rereadImage(services: Pick<ExtensionServices, 'store' | 'session'>, image: Image, signal?: AbortSignal): Promise<Image> {
  const fresh = await onExistingImage(services, image, () => services.session.client().getImage(image.id, signal));
  services.store.upsertImage(fresh);
  return fresh;
}

/** Quiet confirmation of a finished edit: the tree already shows the result, so no notification. */
export function showDone(text: string): void {
  vscode.window.setStatusBarMessage(`$(check) ${text}`, 5_000);
}
