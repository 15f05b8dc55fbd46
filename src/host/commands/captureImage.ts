// "Capture Image from Linode Disk…": Linode → disk → label → description → tags → cloud-init, then one
// POST /images. A running Linode is warned about first (its disk may change while Linode reads it), as Cloud
// Manager does. Escape at any step sends nothing. The new image appears as `creating` and is followed until
// it is available.
import * as vscode from 'vscode';
import { captureConfirmed } from '../../core/api/confirmed';
import type { Disk, ImageCapture, Linode } from '../../core/api/types';
import { capturableDisks, diskVerdict } from '../../core/model/capture';
import { formatMegabytes, regionTitle } from '../../core/model/format';
import { suggestImageLabel } from '../../core/model/validation';
import { askImageLabel, askNewImageDetails } from '../images/newImagePrompts';
import type { CommandDefinition, ExtensionServices } from './command';

const TITLE = 'Capture Image from Linode Disk';
const STEPS = 6;
const step = (n: number, what: string): string => `${TITLE} — Step ${n}/${STEPS}: ${what}`;

interface LinodeItem extends vscode.QuickPickItem {
  linode: Linode;
}

interface DiskItem extends vscode.QuickPickItem {
  disk: Disk;
}

export const captureImageCommand: CommandDefinition = {
  id: 'captureImage',
  title: TITLE,
  async run(services) {
    const { prompts, store, tree, treeView, logger } = services;

    const linode = await chooseLinode(services);
    if (!linode) return;
    const disk = await chooseDisk(services, linode);
    if (!disk) return;
    if (!(await goOnIfRunning(services, linode, disk))) return;

    const label = await askImageLabel(prompts.current, step(3, 'Label'), suggestImageLabel(disk.label));
    if (label === undefined) return;
    const details = await askNewImageDetails(prompts.current, step, 4, 'disk');
    if (!details) return;
    const request: ImageCapture = { disk_id: disk.id, label, ...details };

    const image = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Starting the capture of "${label}"…` },
      () => captureConfirmed(services.session.client(), services.logger, request, label),
    );
    store.upsertImage(image);
    logger.info(`Capturing ${image.id} ("${image.label}") from disk ${disk.id} of Linode ${linode.id}.`);
    const [node] = tree.nodesForImage(image.id);
    if (node && treeView.visible) void treeView.reveal(node, { select: true, focus: false });
    void prompts.current.info(
      `Capturing "${image.label}" from ${linode.label} / ${disk.label}. It is stored in ${linode.region} and shows as creating until Linode finishes.`,
    );
  },
};

async function chooseLinode(services: ExtensionServices): Promise<Linode | undefined> {
  const { prompts, session, store } = services;
  const linodes = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Loading Linodes…' },
    () => session.client().listLinodes(),
  );
  if (linodes.length === 0) {
    void prompts.current.info('This account has no Linodes, so there is no disk to capture an image from.');
    return undefined;
  }
  const regions = store.regionMap();
  const items = linodes
    .map((linode): LinodeItem => ({
      linode,
      label: linode.label,
      description: `${regionTitle(linode.region, regions.get(linode.region))} · ${linode.status.replace(/_/g, ' ')}`,
      detail: `${linode.type} · ID ${linode.id}`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await prompts.current.quickPick(items, {
    title: step(1, 'Linode'),
    placeHolder: 'Choose the Linode whose disk to capture',
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
  const button = 'Capture Anyway';
  const answer = await prompts.current.confirm(
    `${linode.label} is running. Capture "${disk.label}" anyway?`,
    `The disk can change while Linode reads it, so files being written during the capture may be inconsistent in the image. Power ${linode.label} off first for a consistent image.`,
    button,
  );
  return answer === button;
}

async function chooseDisk(services: ExtensionServices, linode: Linode): Promise<Disk | undefined> {
  const { prompts, session } = services;
  const all = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Loading the disks of ${linode.label}…` },
    () => session.client().listDisks(linode.id),
  );
  const disks = capturableDisks(all);
  if (disks.length === 0) {
    void prompts.current.info(`${linode.label} has no disk that can be captured (swap disks cannot).`);
    return undefined;
  }
  const items = disks.map((disk): DiskItem => {
    const verdict = diskVerdict(disk);
    return {
      disk,
      label: disk.label,
      description: `${formatMegabytes(disk.size)} · ${disk.filesystem}`,
      detail:
        verdict.kind === 'raw'
          ? '$(warning) Raw disk: Linode cannot set the root password, SSH keys or networking of Linodes deployed from it'
          : verdict.kind === 'notReady'
            ? `$(circle-slash) ${verdict.status}: cannot be captured until it is ready`
            : undefined,
    };
  });
  for (;;) {
    const picked = await prompts.current.quickPick(items, {
      title: step(2, 'Disk'),
      placeHolder: `Choose a disk of ${linode.label} (swap disks are not offered)`,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    const { disk } = picked;
    const verdict = diskVerdict(disk);
    if (verdict.kind === 'notReady') {
      // Linode refuses it; say why and let the user choose again.
      void prompts.current.warning(`The disk "${disk.label}" is ${verdict.status} and cannot be captured now. Choose another disk, or try again once it is ready.`);
      continue;
    }
    if (verdict.kind === 'raw') {
      const button = 'Capture Raw Disk';
      const answer = await prompts.current.confirm(
        `"${disk.label}" is a raw disk. Capture it anyway?`,
        'Linode cannot look inside a raw disk, so Linodes deployed from this image will not get the root password, SSH keys or network settings you choose. Capture ext3/ext4 disks for images that deploy normally.',
        button,
      );
      if (answer !== button) return undefined;
    }
    return disk;
  }
}
