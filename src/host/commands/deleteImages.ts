// Deletes private images, several at once from a multi-selection, after one modal confirmation that names
// each image and every regional copy that goes with it. An image that is already gone counts as deleted.
import * as vscode from 'vscode';
import { deleteConfirmed } from '../../core/api/confirmed';
import type { Image, Region } from '../../core/api/types';
import { formatMegabytes, regionTitle } from '../../core/model/format';
import { errorMessage, isTokenProblem } from '../errors';
import { skippedNote, targetImages } from '../images/imageTargets';
import { showDone } from '../images/imageUpdates';
import type { CommandDefinition, ExtensionServices } from './command';

/** Deletes run side by side, a few at a time: quick for a handful, gentle on rate limits for many. */
const PARALLEL_DELETES = 3;

export const deleteImagesCommand: CommandDefinition = {
  id: 'deleteImages',
  title: 'Delete Image',
  async run(services, ...args) {
    const { images, skipped } = await targetImages(services, args, { action: 'delete', many: true, title: 'Delete Images' });
    if (images.length === 0) return;
    const button = images.length === 1 ? 'Delete' : `Delete ${images.length} Images`;
    const { message, detail } = confirmation(images, services.store.regionMap());
    const note = skippedNote(skipped, 'deleted');
    const answer = await services.prompts.current.confirm(message, note ? `${detail}\n\n${note}` : detail, button);
    if (answer !== button) return;

    const failures = await vscode.window.withProgress({ location: { viewId: 'linodeImages.images' } }, () => deleteAll(services, images));
    const deleted = images.length - failures.length;
    if (failures.length === 0) {
      showDone(images.length === 1 ? `Deleted "${images[0].label}".` : `Deleted ${images.length} images.`);
      return;
    }
    // One failure, or a rejected token, goes through the error path as it is (so it can offer Set API Token).
    const tokenProblem = failures.find(({ error }) => isTokenProblem(error));
    if (tokenProblem) throw tokenProblem.error;
    if (images.length === 1) throw failures[0].error;
    const reasons = failures.map(({ image, error }) => `"${image.label}" (${image.id}): ${errorMessage(error)}`).join('; ');
    throw new Error(`${failures.length} of ${images.length} images were not deleted (${deleted} deleted). ${reasons}`);
  },
};

function confirmation(images: readonly Image[], regions: ReadonlyMap<string, Region>): { message: string; detail: string } {
  const copies = (image: Image): string =>
    image.regions.length === 0 ? 'no regional copies yet' : image.regions.map((r) => regionTitle(r.region, regions.get(r.region))).join(', ');
  const cancels = images.some((image) => image.status !== 'available');
  const warning = `The copy in every region is deleted too. This cannot be undone${cancels ? '; an image still being made or uploaded is cancelled' : ''}.`;
  if (images.length === 1) {
    const [image] = images;
    const size = image.size !== null && image.size > 0 ? `, ${formatMegabytes(image.size)}` : '';
    return {
      message: `Delete the image "${image.label}"?`,
      detail: `${image.id}${size}\nStored in: ${copies(image)}.\n\n${warning}`,
    };
  }
  return {
    message: `Delete ${images.length} images?`,
    detail: `${images.map((image) => `• "${image.label}" (${image.id}) — in ${copies(image)}`).join('\n')}\n\n${warning}`,
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
    await store.withBusyDescription(image.id, 'Deleting…', () => deleteConfirmed(session.client(), logger, image));
  } catch (error) {
    logger.warn(`Could not delete ${image.id}: ${errorMessage(error)}`);
    return error;
  }
  store.removeImage(image.id);
  return undefined;
}
