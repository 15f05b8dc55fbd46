// The questions every new image asks, whether captured from a disk or uploaded: label, then description,
// tags and cloud-init. Validated as the user types; `undefined` means the user pressed Escape.
import type * as vscode from 'vscode';
import { l10n } from '../../core/l10n';
import {
  descriptionFromLine,
  IMAGE_LIMITS,
  normalizeLabel,
  parseTags,
  validateDescription,
  validateLabel,
} from '../../core/model/validation';
import type { UserPrompts } from '../prompts';

/** "Capture Image from Linode Disk — Step 3/6: Label". */
export type StepTitle = (n: number, what: string) => string;

export interface NewImageDetails {
  description?: string;
  tags?: string[];
  cloud_init: boolean;
}

interface ChoiceItem extends vscode.QuickPickItem {
  value: boolean;
}

/** The label, trimmed as it will be sent. */
export async function askImageLabel(prompts: UserPrompts, title: string, suggested: string): Promise<string | undefined> {
  const typed = await prompts.inputBox({
    title,
    prompt: l10n.t("The image's label: {0}–{1} characters; letters, digits, spaces and {2}", IMAGE_LIMITS.labelMin, IMAGE_LIMITS.labelMax, ", . ? - _ '"),
    value: suggested,
    validateInput: validateLabel,
    ignoreFocusOut: true,
  });
  return typed === undefined ? undefined : normalizeLabel(typed);
}

/** Description, tags and cloud-init, as steps `firstStep` to `firstStep + 2`; `source` is what the image is made from. */
export async function askNewImageDetails(
  prompts: UserPrompts,
  step: StepTitle,
  firstStep: number,
  source: 'disk' | 'image',
): Promise<NewImageDetails | undefined> {
  // The same one-line form as Edit Image Description: `\n` is a line break.
  const descriptionLine = await prompts.inputBox({
    title: step(firstStep, l10n.t('Description')),
    prompt: l10n.t('Optional, up to {0} characters; write \\n for a line break. Leave empty for none.', IMAGE_LIMITS.descriptionMax.toLocaleString('en-US')),
    validateInput: (value) => validateDescription(descriptionFromLine(value)),
    ignoreFocusOut: true,
  });
  if (descriptionLine === undefined) return undefined;
  const description = descriptionFromLine(descriptionLine);

  const tagsLine = await prompts.inputBox({
    title: step(firstStep + 1, l10n.t('Tags')),
    prompt: l10n.t('Optional, comma-separated; each tag {0}–{1} characters. Leave empty for none.', IMAGE_LIMITS.tagMin, IMAGE_LIMITS.tagMax),
    placeHolder: l10n.t('e.g. web, production'),
    validateInput: (value) => {
      const parsed = parseTags(value);
      return parsed.ok ? undefined : parsed.message;
    },
    ignoreFocusOut: true,
  });
  if (tagsLine === undefined) return undefined;
  const tags = parseTags(tagsLine);
  if (!tags.ok) return undefined; // the box does not accept it

  const disk = source === 'disk';
  const cloudInit = await prompts.quickPick<ChoiceItem>(
    [
      { label: l10n.t('No'), value: false, description: l10n.t('Deploy the image as it is') },
      {
        label: disk ? l10n.t('Yes, the disk has cloud-init') : l10n.t('Yes, the image has cloud-init'),
        value: true,
        description: l10n.t("Linode's Metadata service will configure new Linodes deployed from it"),
        detail: disk
          ? l10n.t("Only if cloud-init is installed on the disk and set up for Linode's Metadata service.")
          : l10n.t("Only if cloud-init is installed in the image and set up for Linode's Metadata service."),
      },
    ],
    {
      title: step(firstStep + 2, l10n.t('Cloud-init')),
      placeHolder: disk ? l10n.t('Does the disk support cloud-init?') : l10n.t('Does the image support cloud-init?'),
      ignoreFocusOut: true,
    },
  );
  if (cloudInit === undefined) return undefined;

  const details: NewImageDetails = { cloud_init: cloudInit.value };
  if (description.length > 0) details.description = description;
  if (tags.tags.length > 0) details.tags = tags.tags;
  return details;
}
