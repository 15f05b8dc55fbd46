// The uploads running in this window: each with its cancel switch, its status-bar item and its record in global
// state. One registry per extension, owned by the extension's subscriptions; `deactivate` cancels the uploads
// and waits (a few seconds at most) for their clean-up, and what it cannot finish stays recorded for next time.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import { escapeMarkdown } from '../../core/model/format';
import { describeProgress, type TransferProgress } from '../../core/upload/progress';
import { commandId, CONTEXT_KEYS, ID_NAMESPACE } from '../ids';
import type { ExtensionServices } from '../services';
import { type UploadRecord, UploadRecords } from './uploadRecords';

/** How often a running upload's record says its window is alive. */
export const RECORD_HEARTBEAT_MS = 30_000;

export interface UploadTarget {
  fileName: string;
  label: string;
  region: string;
  apiUrl: string;
  /** The listing key's account (a keyed hash, never the token). */
  account?: string;
}

export class ActiveUpload implements vscode.Disposable {
  readonly controller = new AbortController();
  /** Set once Linode has made the container. */
  imageId: string | undefined;
  progress: TransferProgress | undefined;
  /** Cancelled because the window is closing: even an upload that ends well is left for the next activation to report. */
  windowClosing = false;
  /** The key of its record in global state. */
  readonly recordId = randomUUID();
  readonly fileName: string;
  readonly label: string;
  readonly region: string;
  /** Resolves once the upload is over and its record written for the last time. */
  readonly finished: Promise<void>;
  private readonly item: vscode.StatusBarItem;
  /** Record writes, one after the other, so a later one never lands before an earlier one. */
  private writes: Promise<void> = Promise.resolve();
  private readonly heartbeat: NodeJS.Timeout;
  private markFinished!: () => void;

  constructor(
    readonly id: number,
    target: UploadTarget,
    private readonly records: UploadRecords,
    private readonly onDispose: (upload: ActiveUpload) => void,
  ) {
    ({ fileName: this.fileName, label: this.label, region: this.region } = target);
    this.finished = new Promise<void>((resolve) => (this.markFinished = resolve));
    const now = Date.now();
    const record: UploadRecord = { id: this.recordId, ...target, startedAt: now, aliveAt: now };
    void this.queue(() => records.write(record));
    this.heartbeat = setInterval(() => void this.note({ aliveAt: Date.now() }), RECORD_HEARTBEAT_MS);
    this.item = vscode.window.createStatusBarItem(`${ID_NAMESPACE}.upload.${id}`, vscode.StatusBarAlignment.Left, 50);
    this.item.name = l10n.t('Linode Images upload');
    this.item.command = { command: commandId('cancelUpload'), title: l10n.t('Cancel Upload…'), arguments: [id] };
    this.show(l10n.t('Starting…'));
    this.item.show();
  }

  /** Adds to the upload's record (written after any earlier change). */
  note(change: Partial<Omit<UploadRecord, 'id'>>): Promise<void> {
    return this.queue(() => this.records.update(this.recordId, change));
  }

  /**
   * The upload is over: its record is forgotten, or (`keep`) left for the next activation to reconcile, because
   * what became of its container is not settled, or its window is closing before the user could be told.
   */
  conclude(keep: boolean): Promise<void> {
    clearInterval(this.heartbeat);
    return keep ? this.note({ unresolved: true, aliveAt: Date.now() }) : this.queue(() => this.records.forget(this.recordId));
  }

  private queue(write: () => Thenable<void>): Promise<void> {
    this.writes = this.writes.then(write).then(undefined, () => undefined);
    return this.writes;
  }

  get summary(): string {
    return l10n.t('{0} → "{1}" in {2}', this.fileName, this.label, this.region);
  }

  /** Text for the status bar and the notification. */
  show(state: string, progress?: TransferProgress): void {
    this.progress = progress ?? this.progress;
    const percent = progress ? `${Math.floor(progress.fraction * 100)}% ` : '';
    this.item.text = l10n.t('$(cloud-upload) {0}{1}', percent, this.fileName);
    const heading = l10n.t('**Uploading {0}** as "{1}" to {2}', escapeMarkdown(this.fileName), escapeMarkdown(this.label), escapeMarkdown(this.region));
    const tooltip = new vscode.MarkdownString(`${heading}\n\n${escapeMarkdown(progress ? describeProgress(progress) : state)}\n\n${l10n.t('Click to cancel.')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: l10n.t('Uploading {0}: {1}', this.fileName, progress ? describeProgress(progress) : state) };
  }

  cancel(): void {
    this.controller.abort();
  }

  dispose(): void {
    clearInterval(this.heartbeat);
    this.item.dispose();
    this.onDispose(this);
    void this.writes.then(() => this.markFinished());
  }
}

class ActiveUploads implements vscode.Disposable {
  private readonly uploads = new Map<number, ActiveUpload>();
  private nextId = 1;
  constructor(readonly records: UploadRecords) {
    liveRegistries.add(this);
  }

  start(target: UploadTarget): ActiveUpload {
    const upload = new ActiveUpload(this.nextId++, target, this.records, (done) => {
      this.uploads.delete(done.id);
      this.updateContext();
    });
    this.uploads.set(upload.id, upload);
    this.updateContext();
    return upload;
  }

  get(id: number): ActiveUpload | undefined {
    return this.uploads.get(id);
  }

  list(): ActiveUpload[] {
    return [...this.uploads.values()];
  }

  /** The record ids of the uploads running here (their records are not another window's leftovers). */
  recordIds(): Set<string> {
    return new Set(this.list().map((upload) => upload.recordId));
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.uploading, this.uploads.size > 0);
  }

  /**
   * Window closing: cancel every upload and wait, at most `timeoutMs`, for each to settle its container
   * (deleted, or kept when Linode has it). Records are marked first, so whatever is not finished in time is
   * reconciled on the next activation.
   */
  async closeWindow(timeoutMs: number): Promise<void> {
    const running = this.list();
    if (running.length === 0) return;
    for (const upload of running) upload.windowClosing = true;
    await Promise.all(running.map((upload) => upload.note({ unresolved: true, aliveAt: Date.now() })));
    for (const upload of running) upload.cancel();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running.map((upload) => upload.finished)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  dispose(): void {
    // Stop sending; each upload's own clean-up deals with its container if it still can. The registry stays
    // in liveRegistries: `deactivate` may come after this and still wait for that clean-up.
    for (const upload of this.list()) {
      upload.windowClosing = true;
      upload.cancel();
    }
  }
}

const registries = new WeakMap<ExtensionServices, ActiveUploads>();
/** Every registry of this extension host, for `deactivate`, which is given no services. */
const liveRegistries = new Set<ActiveUploads>();

/** The extension's registry, made on first use and disposed with the extension. */
export function activeUploads(services: ExtensionServices): ActiveUploads {
  let registry = registries.get(services);
  if (!registry) {
    registry = new ActiveUploads(new UploadRecords(services.globalState));
    registries.set(services, registry);
    services.context.subscriptions.push(registry);
  }
  return registry;
}

/** For `deactivate`: cancels the running uploads and waits, at most `timeoutMs`, for their clean-up. */
export async function finishUploadsBeforeExit(timeoutMs: number): Promise<void> {
  await Promise.all([...liveRegistries].map((registry) => registry.closeWindow(timeoutMs)));
}
