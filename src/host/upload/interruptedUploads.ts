// Uploads this window did not see through (the window closed, reloaded or crashed mid-upload, or an upload
// ended without knowing what became of its container) are reconciled here from their records, in the
// background once a token is known: a container still waiting for its bytes is deleted, an image Linode took is
// followed like any finished upload, a container that is gone is forgotten, and the user is told (one
// notification each). A record another window is still renewing is left to that window.
import * as vscode from 'vscode';
import type { LinodeClient } from '../../core/api/client';
import { l10n } from '../../core/l10n';
import type { ExtensionServices } from '../services';
import { errorMessage } from '../errors';
import { notify } from '../notify';
import { activeUploads, RECORD_HEARTBEAT_MS } from './activeUploads';
import { followUntilAvailable } from './followUpload';
import { leftoverActions } from './leftoverContainer';
import { type UploadRecord, UploadRecords } from './uploadRecords';
import { deleteContainer, readContainer, removeLostContainer } from '../../core/upload/reconcile';

/** A record not renewed for this long belongs to a window that is gone (three missed heartbeats). */
const RECORD_STALE_MS = 3 * RECORD_HEARTBEAT_MS;
/** Past this, Linode has long removed a container that never got its bytes, and any image is long processed. */
const FORGET_AFTER_MS = 25 * 60 * 60 * 1000;

/** Reconciles once the stored token is known, again whenever a token is set, and when another window's record goes stale. */
export function watchInterruptedUploads(services: ExtensionServices): vscode.Disposable {
  let disposed = false;
  let running = false;
  let runAgain = false;
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    if (disposed) return;
    if (running) {
      runAgain = true;
      return;
    }
    running = true;
    clearTimeout(timer);
    reconcileInterruptedUploads(services)
      .then(
        (recheckInMs) => {
          if (recheckInMs !== undefined && !disposed) timer = setTimeout(run, recheckInMs);
        },
        (error: unknown) => services.logger.warn(`Could not reconcile interrupted uploads: ${errorMessage(error)}`),
      )
      .finally(() => {
        running = false;
        if (runAgain) {
          runAgain = false;
          run();
        }
      });
  };
  // After activation, never during it: activation sends nothing.
  void services.tokens.ready.then(() => {
    if (services.tokens.current) run();
  });
  const subscription = services.tokens.onDidChange(() => {
    if (services.tokens.current) run();
  });
  return {
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
      subscription.dispose();
    },
  };
}

/**
 * Reconciles every record no running upload owns. Resolves to the time until a record another window is still
 * renewing would go stale (so it can be looked at again then), or undefined when none is left waiting.
 */
async function reconcileInterruptedUploads(services: ExtensionServices): Promise<number | undefined> {
  if (!services.tokens.current) return undefined;
  const records = new UploadRecords(services.globalState);
  const leftovers = await records.all();
  if (leftovers.length === 0) return undefined;
  const runningHere = activeUploads(services).recordIds();
  let client: LinodeClient;
  try {
    client = services.session.client();
  } catch (error) {
    services.logger.warn(`Interrupted uploads are not reconciled: ${errorMessage(error)}`);
    return undefined;
  }
  let recheckInMs: number | undefined;
  for (const record of leftovers) {
    const now = Date.now();
    if (runningHere.has(record.id)) continue;
    if (now - record.startedAt > FORGET_AFTER_MS) {
      services.logger.info(`Forgot the record of the upload of ${record.fileName} ("${record.label}"), started more than 25 hours ago.`);
      await records.forget(record.id);
      continue;
    }
    if (!record.unresolved && now - record.aliveAt < RECORD_STALE_MS) {
      // Another window is still running it.
      const staleIn = RECORD_STALE_MS - (now - record.aliveAt) + 1_000;
      recheckInMs = Math.min(recheckInMs ?? staleIn, staleIn);
      continue;
    }
    // A record of another API (another setting, the simulator) waits until that API is used again.
    if (record.apiUrl !== client.apiUrl) continue;
    // Likewise a record of another account: its container is not this account's to read or delete.
    if (record.account !== undefined && record.account !== services.sync.currentKey()?.account) continue;
    const settled = await reconcileRecord(services, client, record);
    if (settled) await records.forget(record.id);
  }
  return recheckInMs;
}

/** True when the record is settled (and the user told, where there was something to tell). */
async function reconcileRecord(services: ExtensionServices, client: LinodeClient, record: UploadRecord): Promise<boolean> {
  const { logger, store, prompts } = services;
  const log = (line: string): void => logger.info(line);
  // Each message names the upload as "The upload of {0} ("{1}") to {2}".
  const { fileName, label, region } = record;
  log(`Reconciling the unfinished upload of ${record.fileName} ("${record.label}")${record.imageId ? `, container ${record.imageId}` : ''}.`);

  if (record.imageId === undefined) {
    // Nothing asked of Linode yet, or its answer never came: look for a container made since the ask.
    if (record.createStartedAt === undefined) return true;
    const cleanup = await removeLostContainer(client, record, record.createStartedAt, log);
    switch (cleanup.kind) {
      case 'searchFailed':
        return false;
      case 'notFound':
      case 'none':
      case 'gone':
      case 'unchecked':
      case 'keptAccepted': // (not an outcome of the search: only of a transfer)
        return true;
      case 'deleted':
        store.removeImage(cleanup.imageId);
        void prompts.current.info(
          l10n.t('The upload of {0} ("{1}") to {2} did not finish; the upload container {3} Linode had made for it was deleted.', fileName, label, region, cleanup.imageId),
        );
        return true;
      case 'deleteFailed':
        notify(
          prompts.current,
          'warning',
          l10n.t(
            'The upload of {0} ("{1}") to {2} did not finish; the upload container {3} ("{1}") Linode had made for it could not be deleted ({4}). Delete it from the Images view, or Linode removes it after 24 hours.',
            fileName,
            label,
            region,
            cleanup.imageId,
            cleanup.reason,
          ),
          leftoverActions(services, cleanup),
          logger,
        );
        return true;
      case 'several':
        notify(
          prompts.current,
          'warning',
          l10n.t(
            'The upload of {0} ("{1}") to {2} did not finish, and Linode lists several upload containers "{1}" made then ({3}). Delete the ones not in use from the Images view, or Linode removes them after 24 hours.',
            fileName,
            label,
            region,
            cleanup.imageIds.join(', '),
          ),
          leftoverActions(services, cleanup),
          logger,
        );
        return true;
    }
  }

  const imageId = record.imageId;
  const state = await readContainer(client, imageId, { log });
  switch (state.kind) {
    case 'unknown':
      log(`Kept the record of ${imageId} to try again later: ${state.reason}`);
      return false;
    case 'gone':
      log(`Upload container ${imageId} no longer exists; nothing to do.`);
      store.removeImage(imageId);
      return true;
    case 'accepted': {
      store.upsertImage(state.image);
      services.context.subscriptions.push(followUntilAvailable(services, state.image));
      const available = state.image.status === 'available';
      void prompts.current.info(
        available
          ? l10n.t('The upload of {0} ("{1}") to {2} had reached Linode before it was interrupted: image "{3}" in {2} is available.', fileName, label, region, state.image.label)
          : l10n.t(
              'The upload of {0} ("{1}") to {2} had reached Linode before it was interrupted: Linode is now processing "{3}" in {2}; you will be told when it is available.',
              fileName,
              label,
              region,
              state.image.label,
            ),
      );
      return true;
    }
    case 'waiting': {
      const cleanup = await deleteContainer(client, { id: imageId, label: record.label }, log);
      if (cleanup.kind === 'deleted') {
        store.removeImage(imageId);
        void prompts.current.info(l10n.t('The upload of {0} ("{1}") to {2} did not finish; its upload container {3} was deleted.', fileName, label, region, imageId));
      } else {
        notify(
          prompts.current,
          'warning',
          l10n.t(
            'The upload of {0} ("{1}") to {2} did not finish; its upload container {3} ("{1}") could not be deleted ({4}). Delete it from the Images view, or Linode removes it after 24 hours.',
            fileName,
            label,
            region,
            imageId,
            cleanup.reason,
          ),
          leftoverActions(services, cleanup),
          logger,
        );
      }
      return true;
    }
  }
}
