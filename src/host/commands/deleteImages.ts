// Deletes private images, several at once from a multi-selection, after one modal confirmation that names
// each image and every regional copy that goes with it. An image that is already gone counts as deleted.
//
// The Delete key runs this command on the Images view's selection (a keybinding's `when` cannot see which rows are
// selected). On one trial Linode's row it is Delete Trial Linode, with that command's confirmation; on several trial
// rows, or trial rows beside images, it deletes nothing and says why, so one key never deletes two kinds of thing.
import * as vscode from 'vscode';
import { deleteConfirmed } from '../../core/api/confirmed';
import type { Image, Region } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { formatMegabytes, regionTitle } from '../../core/model/format';
import { errorMessage, isTokenProblem } from '../errors';
import { commandId, VIEW_IDS } from '../ids';
import { SELECTION_ARGUMENT, skippedNote } from '../images/imageTargets';
import { showDone } from '../images/imageUpdates';
import type { ExtensionServices } from '../services';
import type { ManyImagesCommand } from './command';

/** Deletes run side by side, a few at a time: quick for a handful, gentle on rate limits for many. */
const PARALLEL_DELETES = 3;

export const deleteImagesCommand: ManyImagesCommand = {
  id: 'deleteImages',
  get title() {
    return l10n.t('Delete Image');
  },
  targets: { action: 'delete', many: true, pickerTitle: () => l10n.t('Delete Images') },
  otherArguments: {
    accepts: (first, services) => first === SELECTION_ARGUMENT && services.selection.trials().length > 0,
    run: deleteSelectedTrial,
  },
  async run(services, { images, skipped }) {
    const button = images.length === 1 ? l10n.t('Delete') : l10n.t('Delete {0} Images', images.length);
    const { message, detail } = confirmation(images, services.store.regionMap());
    const note = skippedNote(skipped);
    const answer = await services.prompts.current.confirm(message, note ? `${detail}\n\n${note}` : detail, button);
    if (answer !== button) return;

    const failures = await vscode.window.withProgress({ location: { viewId: VIEW_IDS.images } }, () => deleteAll(services, images));
    const deleted = images.length - failures.length;
    if (failures.length === 0) {
      showDone(images.length === 1 ? l10n.t('Deleted "{0}".', images[0].label) : l10n.t('Deleted {0} images.', images.length));
      return;
    }
    // One failure, or a rejected token, goes through the error path as it is (so it can offer Set API Token).
    const tokenProblem = failures.find(({ error }) => isTokenProblem(error));
    if (tokenProblem) throw tokenProblem.error;
    if (images.length === 1) throw failures[0].error;
    const reasons = failures.map(({ image, error }) => `"${image.label}" (${image.id}): ${errorMessage(error)}`).join('; ');
    throw new Error(l10n.t('{0} of {1} images were not deleted ({2} deleted). {3}', failures.length, images.length, deleted, reasons));
  },
};

/** The Delete key on a selection that holds trial Linodes (see the top). */
async function deleteSelectedTrial(services: ExtensionServices): Promise<unknown> {
  const trials = services.selection.trials();
  const images = await services.selection.images();
  if (images.length === 0 && trials.length === 1) {
    // Through VS Code, so its failures are reported as Delete Trial Linode's.
    return vscode.commands.executeCommand(commandId('deleteTrialLinode'), trials[0]);
  }
  void services.prompts.current.info(
    images.length > 0
      ? l10n.t('Nothing was deleted: the selection holds images and trial Linodes. Select only images to delete images, or one trial Linode to delete it.')
      : l10n.t('Nothing was deleted: {0} trial Linodes are selected, and Delete deletes one at a time. Select one, or use Delete Trial Linode on each row.', trials.length),
  );
  return undefined;
}

function confirmation(images: readonly Image[], regions: ReadonlyMap<string, Region>): { message: string; detail: string } {
  const copies = (image: Image): string =>
    image.regions.length === 0 ? l10n.t('no regional copies yet') : image.regions.map((r) => regionTitle(r.region, regions.get(r.region))).join(', ');
  const cancels = images.some((image) => image.status !== 'available');
  const warning = cancels
    ? l10n.t('The copy in every region is deleted too. This cannot be undone; an image still being made or uploaded is cancelled.')
    : l10n.t('The copy in every region is deleted too. This cannot be undone.');
  if (images.length === 1) {
    const [image] = images;
    const identity = image.size !== null && image.size > 0 ? `${image.id}, ${formatMegabytes(image.size)}` : image.id;
    return {
      message: l10n.t('Delete the image "{0}"?', image.label),
      detail: [identity, l10n.t('Stored in: {0}.', copies(image)), '', warning].join('\n'),
    };
  }
  return {
    message: l10n.t('Delete {0} images?', images.length),
    detail: [...images.map((image) => l10n.t('• "{0}" ({1}) — in {2}', image.label, image.id, copies(image))), '', warning].join('\n'),
  };
}

interface Failure {
  image: Image;
  error: unknown;
}

async function deleteAll(services: ExtensionServices, images: readonly Image[]): Promise<Failure[]> {
  const failures: Failure[] = [];
  const queue = [...images];
  const worker = async (): Promise<void> => {
    for (let image = queue.shift(); image; image = queue.shift()) {
      const error = await deleteOne(services, image);
      if (error !== undefined) failures.push({ image, error });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DELETES, images.length) }, worker));
  return failures;
}

/** Undefined when the image is gone (deleted now, or already); the error otherwise. */
async function deleteOne(services: ExtensionServices, image: Image): Promise<unknown> {
  const { store, session, logger } = services;
  try {
    await store.withBusyDescription(image.id, l10n.t('Deleting…'), () => deleteConfirmed(session.client(), logger, image));
  } catch (error) {
    logger.warn(`Could not delete ${image.id}: ${errorMessage(error)}`);
    return error;
  }
  store.removeImage(image.id);
  return undefined;
}
