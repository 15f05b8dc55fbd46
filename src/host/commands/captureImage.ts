// "Capture Image from Linode Disk…": one multi-step input (Linode → disk → label → description → tags →
// cloud-init), then one POST /images. A running Linode is warned about first (its disk may change while Linode reads
// it), as Cloud Manager does. Escape at any step sends nothing. The new image appears as `creating` and is followed
// until it is available.
import * as vscode from 'vscode';
import { captureConfirmed } from '../../core/api/confirmed';
import type { Disk, ImageCapture, Linode } from '../../core/api/types';
import { l10n } from '../../core/l10n';
import { capturableDisks, diskVerdict, type DiskVerdict } from '../../core/model/capture';
import { formatMegabytes, regionTitle } from '../../core/model/format';
import { suggestImageLabel } from '../../core/model/validation';
import { imageLabelStep, newImageDetailSteps, newImageFields, stepTitle, type NewImageAnswers } from '../images/newImagePrompts';
import { BACK, runSteps, type FlowStep } from '../multiStepInput';
import type { ExtensionServices } from '../services';
import type { CommandDefinition } from './command';

const title = (): string => l10n.t('Capture Image from Linode Disk');

interface LinodeItem extends vscode.QuickPickItem {
  linode: Linode;
}

interface DiskItem extends vscode.QuickPickItem {
  disk: Disk;
}

interface CaptureAnswers extends NewImageAnswers {
  linode?: Linode;
  disk?: Disk;
  /** The disk whose warnings (raw, running Linode) the user went past: not asked again after Back. */
  warnedDiskId?: number;
}

export const captureImageCommand: CommandDefinition = {
  id: 'captureImage',
  get title() {
    return title();
  },
  async run(services) {
    const { prompts, store, tree, treeView, logger } = services;
    const answers = await runSteps<CaptureAnswers>(
      [
        linodeStep(services),
        diskStep(services),
        imageLabelStep(prompts.current, title(), (given) => suggestImageLabel(given.disk?.label ?? '')),
        ...newImageDetailSteps<CaptureAnswers>(prompts.current, title(), 'disk'),
      ],
      {},
    );
    if (!answers?.linode || !answers.disk) return;
    const { linode, disk } = answers;
    const fields = newImageFields(answers);
    const request: ImageCapture = { disk_id: disk.id, ...fields };
    const { label } = fields;

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

/** Step 1: the Linode, from a list loaded once per flow. No Linode: said, and the flow ends. */
function linodeStep(services: ExtensionServices): FlowStep<CaptureAnswers> {
  const { prompts, session, store } = services;
  let loading: Promise<LinodeItem[] | undefined> | undefined;
  const load = async (): Promise<LinodeItem[] | undefined> => {
    const linodes = await session.client().listLinodes();
    if (linodes.length === 0) {
      void prompts.current.info(l10n.t('This account has no Linodes, so there is no disk to capture an image from.'));
      return undefined;
    }
    const regions = store.regionMap();
    return linodes
      .map((linode): LinodeItem => ({
        linode,
        label: linode.label,
        description: `${regionTitle(linode.region, regions.get(linode.region))} · ${linode.status.replace(/_/g, ' ')}`,
        detail: l10n.t('{0} · ID {1}', linode.type, linode.id),
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  };
  return {
    async ask(answers, place) {
      const picked = await prompts.current.pickStep({
        ...place,
        title: stepTitle(title(), l10n.t('Linode')),
        placeholder: l10n.t('Choose the Linode whose disk to capture'),
        items: () => (loading ??= load()),
        preselect: (item) => item.linode.id === answers.linode?.id,
        matchOnDescription: true,
      });
      if (picked === undefined || picked === BACK) return picked;
      answers.linode = picked.linode;
      return 'next';
    },
  };
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

/**
 * Step 2: a disk of the chosen Linode (its list loaded once per Linode). One that is not ready is refused with a
 * warning and the step shown again; a raw disk and a running Linode are warned about in a modal, whose Cancel ends
 * the flow.
 */
function diskStep(services: ExtensionServices): FlowStep<CaptureAnswers> {
  const { prompts, session } = services;
  const loaded = new Map<number, Promise<DiskItem[] | undefined>>();
  const load = async (linode: Linode): Promise<DiskItem[] | undefined> => {
    const disks = capturableDisks(await session.client().listDisks(linode.id));
    if (disks.length === 0) {
      void prompts.current.info(l10n.t('{0} has no disk that can be captured (swap disks cannot).', linode.label));
      return undefined;
    }
    return disks.map((disk): DiskItem => ({
      disk,
      label: disk.label,
      description: `${formatMegabytes(disk.size)} · ${disk.filesystem}`,
      detail: diskNote(diskVerdict(disk)),
    }));
  };
  return {
    async ask(answers, place) {
      const linode = answers.linode as Linode;
      const picked = await prompts.current.pickStep({
        ...place,
        title: stepTitle(title(), l10n.t('Disk')),
        placeholder: l10n.t('Choose a disk of {0} (swap disks are not offered)', linode.label),
        items: () => {
          let disks = loaded.get(linode.id);
          if (!disks) loaded.set(linode.id, (disks = load(linode)));
          return disks;
        },
        preselect: (item) => item.disk.id === answers.disk?.id,
      });
      if (picked === undefined || picked === BACK) return picked;
      const { disk } = picked;
      const verdict = diskVerdict(disk);
      if (verdict.kind === 'notReady') {
        // Linode refuses it; say why and let the user choose again.
        void prompts.current.warning(
          l10n.t('The disk "{0}" is {1} and cannot be captured now. Choose another disk, or try again once it is ready.', disk.label, verdict.status),
        );
        return 'again';
      }
      if (answers.warnedDiskId !== disk.id) {
        if (verdict.kind === 'raw' && !(await captureRawAnyway(services, disk))) return undefined;
        if (!(await goOnIfRunning(services, linode, disk))) return undefined;
      }
      answers.disk = disk;
      answers.warnedDiskId = disk.id;
      return 'next';
    },
  };
}

async function captureRawAnyway({ prompts }: ExtensionServices, disk: Disk): Promise<boolean> {
  const button = l10n.t('Capture Raw Disk');
  const answer = await prompts.current.confirm(
    l10n.t('"{0}" is a raw disk. Capture it anyway?', disk.label),
    l10n.t(
      'Linode cannot look inside a raw disk, so Linodes deployed from this image will not get the root password, SSH keys or network settings you choose. Capture ext3/ext4 disks for images that deploy normally.',
    ),
    button,
  );
  return answer === button;
}
