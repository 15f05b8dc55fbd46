// The questions every new image asks, whether captured from a disk or uploaded: label, then description,
// tags and cloud-init. Validated as the user types; `undefined` means the user pressed Escape.
import type * as vscode from 'vscode';
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
    prompt: `The image's label: ${IMAGE_LIMITS.labelMin}–${IMAGE_LIMITS.labelMax} characters; letters, digits, spaces and , . ? - _ '`,
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
    title: step(firstStep, 'Description'),
    prompt: `Optional, up to ${IMAGE_LIMITS.descriptionMax.toLocaleString('en-US')} characters; write \\n for a line break. Leave empty for none.`,
    validateInput: (value) => validateDescription(descriptionFromLine(value)),
    ignoreFocusOut: true,
  });
  if (descriptionLine === undefined) return undefined;
  const description = descriptionFromLine(descriptionLine);

  const tagsLine = await prompts.inputBox({
    title: step(firstStep + 1, 'Tags'),
    prompt: `Optional, comma-separated; each tag ${IMAGE_LIMITS.tagMin}–${IMAGE_LIMITS.tagMax} characters. Leave empty for none.`,
    placeHolder: 'e.g. web, production',
    validateInput: (value) => {
      const parsed = parseTags(value);
      return parsed.ok ? undefined : parsed.message;
    },
    ignoreFocusOut: true,
  });
  if (tagsLine === undefined) return undefined;
  const tags = parseTags(tagsLine);
  if (!tags.ok) return undefined; // the box does not accept it

  const where = source === 'disk' ? 'on the disk' : 'in the image';
  const cloudInit = await prompts.quickPick<ChoiceItem>(
    [
      { label: 'No', value: false, description: 'Deploy the image as it is' },
      {
        label: `Yes, the ${source} has cloud-init`,
        value: true,
        description: 'Linode\'s Metadata service will configure new Linodes deployed from it',
        detail: `Only if cloud-init is installed ${where} and set up for Linode's Metadata service.`,
      },
    ],
    { title: step(firstStep + 2, 'Cloud-init'), placeHolder: `Does the ${source} support cloud-init?`, ignoreFocusOut: true },
  );
  if (cloudInit === undefined) return undefined;

  const details: NewImageDetails = { cloud_init: cloudInit.value };
  if (description.length > 0) details.description = description;
  if (tags.tags.length > 0) details.tags = tags.tags;
  return details;
}
