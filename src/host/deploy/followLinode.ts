// After a create or a rebuild: the Linode followed to `running` in a progress notification (Cancel stops following,
// not the Linode), then its address with the ways in: Copy IP and Copy SSH Command, and for a trial Connect with
// Remote-SSH (when that extension is installed) and Delete Trial Linode.
import * as vscode from 'vscode';
import type { LinodeClient } from '../../core/api/client';
import { LinodeApiError } from '../../core/api/errors';
import type { Linode } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { errorMessage } from '../errors';
import { commandId } from '../ids';
import type { Logger } from '../log';
import type { PromptsHolder } from '../prompts';
import { trialNode, type TrialRow } from './trialLinodes';

/** How often the Linode is read while it starts (it takes a minute or two at Linode). */
const POLL_MS = 2_000;
/** Followed this long at most; then the notification says where it stands. */
const FOLLOW_FOR_MS = 20 * 60_000;
/** Statuses a Linode ends a create or rebuild in. */
const SETTLED: ReadonlySet<string> = new Set(['running', 'offline', 'stopped']);
export const REMOTE_SSH_EXTENSION = 'ms-vscode-remote.remote-ssh';

export interface FollowServices {
  prompts: PromptsHolder;
  logger: Logger;
}

/** The Linode once it has settled (running, or offline when not booted); undefined when the user stopped following. */
export async function followLinode(services: FollowServices, client: LinodeClient, linode: Linode, title: string): Promise<Linode | undefined> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, cancellation): Promise<Linode | 'stopped' | 'gone' | { failed: unknown; last: Linode }> => {
      const stop = new AbortController();
      const onCancel = cancellation.onCancellationRequested(() => stop.abort());
      const started = Date.now();
      let last = linode;
      try {
        while (!SETTLED.has(last.status)) {
          progress.report({ message: l10n.t('{0}: {1}', last.label, last.status.replace(/_/g, ' ')) });
          if (!(await pause(POLL_MS, stop.signal))) return 'stopped';
          if (Date.now() - started > FOLLOW_FOR_MS) return { failed: new Error(l10n.t('still {0} after {1} minutes', last.status, FOLLOW_FOR_MS / 60_000)), last };
          try {
            last = await client.getLinode(linode.id, stop.signal);
          } catch (error) {
            if (stop.signal.aborted) return 'stopped';
            if (error instanceof LinodeApiError && error.status === 404) return 'gone';
            return { failed: error, last };
          }
        }
        return last;
      } finally {
        onCancel.dispose();
      }
    },
  );
  if (outcome === 'stopped') {
    void services.prompts.current.info(l10n.t('Stopped following "{0}". Linode goes on starting it, and bills it from its creation until it is deleted.', linode.label));
    return undefined;
  }
  if (outcome === 'gone') {
    void services.prompts.current.warning(l10n.t('"{0}" was deleted while it was starting.', linode.label));
    return undefined;
  }
  if ('failed' in outcome) {
    services.logger.warn(`Following Linode ${linode.id} ("${linode.label}") failed: ${errorMessage(outcome.failed)}`);
    void services.prompts.current.warning(
      l10n.t('"{0}" was made, but following it failed ({1}); it was {2}. Look at it in Cloud Manager.', linode.label, errorMessage(outcome.failed), outcome.last.status),
    );
    return undefined;
  }
  return outcome;
}

/** Resolves true after `ms`, false as soon as `signal` is aborted. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function sshCommand(linode: Linode): string | undefined {
  const ip = linode.ipv4[0];
  // eslint-disable-next-line local/user-strings -- a shell command
  return ip === undefined ? undefined : `ssh root@${ip}`;
}

/** Opens a new window on the Linode through Remote-SSH, as root. */
export function connectWithRemoteSsh(linode: Linode): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.newWindow', { remoteAuthority: `ssh-remote+root@${linode.ipv4[0]}`, reuseWindow: false });
}

/** Says the Linode is up, with buttons for its address; not awaited (a notification stays until dismissed). */
export function announceLinode(services: FollowServices, linode: Linode, what: 'deployed' | 'rebuilt'): void {
  const ip = linode.ipv4[0];
  const running = linode.status === 'running';
  if (ip === undefined) {
    void services.prompts.current.info(l10n.t('"{0}" is {1}.', linode.label, linode.status));
    return;
  }
  const copyIp = l10n.t('Copy IP');
  const copySsh = l10n.t('Copy SSH Command');
  const message = what === 'rebuilt'
    ? running ? l10n.t('"{0}" is rebuilt and running at {1}.', linode.label, ip) : l10n.t('"{0}" is rebuilt ({1}) at {2}.', linode.label, linode.status, ip)
    : running ? l10n.t('"{0}" is running at {1}.', linode.label, ip) : l10n.t('"{0}" is {1} at {2}.', linode.label, linode.status, ip);
  void services.prompts.current.info(message, copyIp, copySsh).then((choice) => {
    if (choice === copyIp) void copy(ip);
    if (choice === copySsh) void copy(sshCommand(linode) ?? '');
  });
}

/** A trial is up: the ways in, and the way out. */
export function announceTrial(services: FollowServices, row: TrialRow): void {
  const { linode } = row;
  const ip = linode.ipv4[0];
  const connect = l10n.t('Connect with Remote-SSH');
  const copySsh = l10n.t('Copy SSH Command');
  const remove = l10n.t('Delete Trial Linode');
  const buttons = [
    ...(ip !== undefined && vscode.extensions.getExtension(REMOTE_SSH_EXTENSION) ? [connect] : []),
    ...(ip !== undefined ? [copySsh] : []),
    remove,
  ];
  const message = ip === undefined
    ? l10n.t('The trial Linode "{0}" is {1}. It is billed by the hour until you delete it.', linode.label, linode.status)
    : l10n.t('The trial Linode "{0}" is {1} at {2}. It is billed by the hour until you delete it (Trial Linodes in the Images view).', linode.label, linode.status, ip);
  void services.prompts.current.info(message, ...buttons).then((choice) => {
    if (choice === connect) void connectWithRemoteSsh(linode);
    if (choice === copySsh) void copy(sshCommand(linode) ?? '');
    if (choice === remove) void vscode.commands.executeCommand(commandId('deleteTrialLinode'), trialNode(row));
  });
}

export async function copy(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(l10n.t('Copied: {0}', text), 4_000);
}
