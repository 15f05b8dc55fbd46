// After the bytes are in, Linode still processes the image. Follow it until it is available, then offer to
// show it. While the Images view is visible its poller does the asking; while it is hidden (the poller rests)
// this asks about the one image itself, sparingly.
import * as vscode from 'vscode';
import { isNotFound } from '../../core/api/errors';
import type { Image } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import type { ExtensionServices } from '../services';
import { errorMessage } from '../errors';
import { revealImage } from '../images/imageRows';

/** One request per this while the view is hidden: one image, far inside Linode's rate limits. */
const HIDDEN_POLL_MS = 15_000;
/** Linode processes even a 6 GB image well within this; past it, a refresh shows the state. */
const GIVE_UP_MS = 6 * 60 * 60 * 1000;

export function followUntilAvailable(services: ExtensionServices, image: Image): vscode.Disposable {
  const { store, sync, treeView, session, logger, prompts } = services;
  const imageId = image.id;
  const startedAt = Date.now();
  // The image belongs to the account shown now; once another is shown, this one's image is not followed.
  const account = sync.currentKey()?.account;
  const sameAccount = (): boolean => sync.currentKey()?.account === account;
  let asking = false;
  let finished = false;

  const stop = (): void => {
    if (finished) return;
    finished = true;
    subscription.dispose();
    clearInterval(timer);
  };

  const check = (): void => {
    if (finished) return;
    const current = store.image(imageId);
    if (!current) {
      // Gone after a full load: deleted elsewhere, or the token was cleared.
      if (store.loaded || Date.now() - startedAt > GIVE_UP_MS) stop();
      return;
    }
    if (current.status !== 'available') return;
    stop();
    logger.info(`Uploaded image ${imageId} ("${current.label}") is available.`);
    const where = current.regions.map((r) => r.region).join(', ');
    const reveal = l10n.t('Reveal in Tree');
    const message = where ? l10n.t('Image "{0}" is available in {1}.', current.label, where) : l10n.t('Image "{0}" is available.', current.label);
    void prompts.current.info(message, reveal).then((choice) => {
      if (choice === reveal) void revealImage(services, imageId);
    });
  };

  const subscription = store.onDidChange(check);
  const timer = setInterval(() => {
    if (finished) return;
    if (!services.tokens.current || !sameAccount()) {
      stop(); // signed out, or another account shown: nothing to ask Linode about this image
      return;
    }
    if (Date.now() - startedAt > GIVE_UP_MS) {
      logger.info(`Stopped following ${imageId}: it is still not available after ${GIVE_UP_MS / 3_600_000} hours.`);
      stop();
      return;
    }
    if (treeView.visible || asking) return;
    asking = true;
    session
      .client()
      .getImage(imageId)
      .then(
        (fresh) => {
          if (sameAccount()) store.upsertImage(fresh);
        },
        (error: unknown) => {
          if (isNotFound(error)) {
            // Gone while being made: Linode refused it; the sync says why (from the events) and drops it.
            void sync.imageGone(imageId);
            stop();
          } else {
            logger.warn(`Could not re-read uploaded image ${imageId}: ${errorMessage(error)}`);
          }
        },
      )
      .finally(() => (asking = false));
  }, HIDDEN_POLL_MS);
  check();
  return { dispose: stop };
}
