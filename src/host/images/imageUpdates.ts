// Sends an edit of an image's writable fields and puts Linode's answer in the tree.
import * as vscode from 'vscode';
import { LinodeApiError } from '../../core/api/errors';
import type { Image, ImageUpdate } from '../../core/api/types';
import type { ExtensionServices } from '../commands/command';

/** The image was deleted elsewhere: it leaves the view, and the message says why. */
export class ImageGoneError extends Error {
  override readonly name = 'ImageGoneError';

  constructor(image: Image) {
    super(`"${image.label}" (${image.id}) no longer exists at Linode; it was removed from the view.`);
  }
}

/** Runs `work` and turns a 404 into ImageGoneError, dropping the image from the tree. */
export async function onExistingImage<T>(services: ExtensionServices, image: Image, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LinodeApiError && error.status === 404) {
      services.tree.removeImage(image.id);
      throw new ImageGoneError(image);
    }
    throw error;
  }
}

/** PUT with only the fields in `update`; the row says `busyText` meanwhile. Returns the updated image. */
export async function saveImageUpdate(services: ExtensionServices, image: Image, update: ImageUpdate, busyText: string): Promise<Image> {
  const { tree, session, logger } = services;
  const updated = await onExistingImage(services, image, () =>
    tree.withBusyDescription(image.id, busyText, () => session.client().updateImage(image.id, update)),
  );
  tree.upsertImage(updated);
  logger.info(`Updated ${Object.keys(update).join(', ')} of ${image.id}.`);
  return updated;
}

/** A fresh copy of the image from Linode, put in the tree (decisions such as a new region set need it). */
export async function rereadImage(services: ExtensionServices, image: Image, signal?: AbortSignal): Promise<Image> {
  const fresh = await onExistingImage(services, image, () => services.session.client().getImage(image.id, signal));
  services.tree.upsertImage(fresh);
  return fresh;
}

/** Quiet confirmation of a finished edit: the tree already shows the result, so no notification. */
export function showDone(text: string): void {
  vscode.window.setStatusBarMessage(`$(check) ${text}`, 5_000);
}
