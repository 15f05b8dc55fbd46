// The uploads running in this window: each with its cancel switch and its status-bar item. One registry per
// extension, owned by the extension's subscriptions, so closing the window cancels (and cleans up) uploads.
import * as vscode from 'vscode';
import { describeProgress, type TransferProgress } from '../../core/upload/progress';
import type { ExtensionServices } from '../commands/command';

export const UPLOADING_CONTEXT = 'linodeImages.uploading';

export class ActiveUpload implements vscode.Disposable {
  readonly controller = new AbortController();
  /** Set once Linode has made the container. */
  imageId: string | undefined;
  progress: TransferProgress | undefined;
  private readonly item: vscode.StatusBarItem;

  constructor(
    readonly id: number,
    readonly fileName: string,
    readonly label: string,
    readonly region: string,
    private readonly onDispose: (upload: ActiveUpload) => void,
  ) {
    this.item = vscode.window.createStatusBarItem(`linodeImages.upload.${id}`, vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Linode Images upload';
    this.item.command = { command: 'linodeImages.cancelUpload', title: 'Cancel Upload…', arguments: [id] };
    this.show('Starting…');
    this.item.show();
  }

  get summary(): string {
    return `${this.fileName} → "${this.label}" in ${this.region}`;
  }

  /** Text for the status bar and the notification. */
  show(state: string, progress?: TransferProgress): void {
    this.progress = progress ?? this.progress;
    const percent = progress ? `${Math.floor(progress.fraction * 100)}% ` : '';
    this.item.text = `$(cloud-upload) ${percent}${this.fileName}`;
    const tooltip = new vscode.MarkdownString(
      `**Uploading ${escape(this.fileName)}** as "${escape(this.label)}" to ${escape(this.region)}\n\n${escape(progress ? describeProgress(progress) : state)}\n\nClick to cancel.`,
    );
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Uploading ${this.fileName}: ${progress ? describeProgress(progress) : state}` };
  }

  cancel(): void {
    this.controller.abort();
  }

  dispose(): void {
    this.item.dispose();
    this.onDispose(this);
  }
}

export class ActiveUploads implements vscode.Disposable {
  private readonly uploads = new Map<number, ActiveUpload>();
  private nextId = 1;

  start(fileName: string, label: string, region: string): ActiveUpload {
    const upload = new ActiveUpload(this.nextId++, fileName, label, region, (done) => {
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

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', UPLOADING_CONTEXT, this.uploads.size > 0);
  }

  dispose(): void {
    // Window closing: stop sending; each upload's own cleanup deletes its container if it still can.
    for (const upload of this.list()) upload.cancel();
  }
}

const registries = new WeakMap<ExtensionServices, ActiveUploads>();

/** The extension's registry, made on first use and disposed with the extension. */
export function activeUploads(services: ExtensionServices): ActiveUploads {
  let registry = registries.get(services);
  if (!registry) {
    registry = new ActiveUploads();
    registries.set(services, registry);
    services.context.subscriptions.push(registry);
  }
  return registry;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
