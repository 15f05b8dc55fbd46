// "Capture Image from Linode Disk…": Linode → disk → label → description → tags → cloud-init, then one
// POST /images. A running Linode is warned about first (its disk may change while Linode reads it), as Cloud
// Manager does. Escape at any step sends nothing. The new image appears as `creating` and is followed until
// it is available.
import * as vscode from 'vscode';
import { captureConfirmed } from '../../core/api/confirmed';
import type { Disk, ImageCapture, Linode } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { capturableDisks, diskVerdict, type DiskVerdict } from '../../core/model/capture';
import { formatMegabytes, regionTitle } from '../../core/model/format';
import { suggestImageLabel } from '../../core/model/validation';
import { askImageLabel, askNewImageDetails } from '../images/newImagePrompts';
import type { ExtensionServices } from '../services';
import type { CommandDefinition } from './command';

const STEPS = 6;
const title = (): string => l10n.t('Capture Image from Linode Disk');
/** "Capture Image from Linode Disk — Step 3/6: Label"; `what` is already in the user's language. */
const step = (n: number, what: string): string => l10n.t('{0} — Step {1}/{2}: {3}', title(), n, STEPS, what);

interface LinodeItem extends vscode.QuickPickItem {
  linode: Linode;
}

interface DiskItem extends vscode.QuickPickItem {
  disk: Disk;
}

export const captureImageCommand: CommandDefinition = {
  id: 'captureImage',
  get title() {
    return title();
  },
  async run(services) {
    const { prompts, store, tree, treeView, logger } = services;

    const linode = await chooseLinode(services);
    if (!linode) return;
    const disk = await chooseDisk(services, linode);
    if (!disk) return;
    if (!(await goOnIfRunning(services, linode, disk))) return;

    const label = await askImageLabel(prompts.current, step(3, l10n.t('Label')), suggestImageLabel(disk.label));
    if (label === undefined) return;
    const details = await askNewImageDetails(prompts.current, step, 4, 'disk');
    if (!details) return;
    const request: ImageCapture = { disk_id: disk.id, label, ...details };

    const image = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('Starting the capture of "{0}"…', label) },
      () => captureConfirmed(services.session.client(), services.logger, request, label),
    );
    store.upsertImage(image);
    logger.info(`Capturing ${image.id} ("${image.label}") from disk ${disk.id} of Linode ${linode.id}.`);
    const [node] = tree.nodesForImage(image.id);
    if (node && treeView.visible) void treeView.reveal(node, { select: true, focus: false });
    void prompts.current.info(
      l10n.t(
        'Capturing "{0}" from {1} / {2}. It is stored in {3} and shows as creating until Linode finishes.',
        image.label,
        linode.label,
        disk.label,
        linode.region,
      ),
    );
  },
};

async function chooseLinode(services: ExtensionServices): Promise<Linode | undefined> {
  const { prompts, session, store } = services;
  const linodes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: l10n.t('Loading Linodes…') },
    () => session.client().listLinodes(),
  );
  if (linodes.length === 0) {
    void prompts.current.info(l10n.t('This account has no Linodes, so there is no disk to capture an image from.'));
    return undefined;
  }
  const regions = store.regionMap();
  const items = linodes
    .map((linode): LinodeItem => ({
      linode,
      label: linode.label,
      description: `${regionTitle(linode.region, regions.get(linode.region))} · ${linode.status.replace(/_/g, ' ')}`,
      detail: l10n.t('{0} · ID {1}', linode.type, linode.id),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await prompts.current.quickPick(items, {
    title: step(1, l10n.t('Linode')),
    placeHolder: l10n.t('Choose the Linode whose disk to capture'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.linode;
}

/**
 * Linode captures a running Linode's disk as it is while the Linode keeps writing to it, so the image may hold
 * half-written files. Asks before going on; true to capture. Other statuses (offline, booting, …) are not asked
 * about: only `running` is known to be writing.
 */
async function goOnIfRunning({ prompts }: ExtensionServices, linode: Linode, disk: Disk): Promise<boolean> {
  if (linode.status !== 'running') return true;
  const button = l10n.t('Capture Anyway');
  const answer = await prompts.current.confirm(
    l10n.t('{0} is running. Capture "{1}" anyway?', linode.label, disk.label),
    l10n.t(
      'The disk can change while Linode reads it, so files being written during the capture may be inconsistent in the image. Power {0} off first for a consistent image.',
      linode.label,
    ),
    button,
  );
  return answer === button;
}

/** What the list of disks says under a disk Linode captures differently, or not now; nothing for a usual one. */
function diskNote(verdict: DiskVerdict): string | undefined {
  if (verdict.kind === 'raw') return l10n.t('$(warning) Raw disk: Linode cannot set the root password, SSH keys or networking of Linodes deployed from it');
  if (verdict.kind === 'notReady') return l10n.t('$(circle-slash) {0}: cannot be captured until it is ready', verdict.status);
  return undefined;
}

async function chooseDisk(services: ExtensionServices, linode: Linode): Promise<Disk | undefined> {
  const { prompts, session } = services;
  const all = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: l10n.t('Loading the disks of {0}…', linode.label) },
    () => session.client().listDisks(linode.id),
  );
  const disks = capturableDisks(all);
  if (disks.length === 0) {
    void prompts.current.info(l10n.t('{0} has no disk that can be captured (swap disks cannot).', linode.label));
    return undefined;
  }
  const items = disks.map((disk): DiskItem => {
    const verdict = diskVerdict(disk);
    return {
      disk,
      label: disk.label,
      description: `${formatMegabytes(disk.size)} · ${disk.filesystem}`,
      detail: diskNote(verdict),
    };
  });
  for (;;) {
    const picked = await prompts.current.quickPick(items, {
      title: step(2, l10n.t('Disk')),
      placeHolder: l10n.t('Choose a disk of {0} (swap disks are not offered)', linode.label),
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    const { disk } = picked;
    const verdict = diskVerdict(disk);
    if (verdict.kind === 'notReady') {
      // Linode refuses it; say why and let the user choose again.
      void prompts.current.warning(
        l10n.t('The disk "{0}" is {1} and cannot be captured now. Choose another disk, or try again once it is ready.', disk.label, verdict.status),
      );
      continue;
    }
    if (verdict.kind === 'raw') {
      const button = l10n.t('Capture Raw Disk');
      const answer = await prompts.current.confirm(
        l10n.t('"{0}" is a raw disk. Capture it anyway?', disk.label),
        l10n.t(
          'Linode cannot look inside a raw disk, so Linodes deployed from this image will not get the root password, SSH keys or network settings you choose. Capture ext3/ext4 disks for images that deploy normally.',
        ),
        button,
      );
      if (answer !== button) return undefined;
    }
    return disk;
  }
}
