// The questions every new image asks, whether captured from a disk or uploaded: label, then description,
// tags and cloud-init. Validated as the user types; `undefined` means the user pressed Escape.
import type * as vscode from 'vscode';
import { IMAGE_LIMITS, parseTags, validateDescription, validateLabel } from '../../core/model/validation';
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

export function askImageLabel(prompts: UserPrompts, title: string, suggested: string): Thenable<string | undefined> {
  return prompts.inputBox({
    title,
    prompt: `The image's label: ${IMAGE_LIMITS.labelMin}–${IMAGE_LIMITS.labelMax} characters; letters, digits, spaces and , . ? - _ '`,
    value: suggested,
    validateInput: validateLabel,
    ignoreFocusOut: true,
  });
}

/** Description, tags and cloud-init, as steps `firstStep` to `firstStep + 2`; `source` is what the image is made from. */
export async function askNewImageDetails(
  prompts: UserPrompts,
  step: StepTitle,
  firstStep: number,
  source: 'disk' | 'image',
): Promise<NewImageDetails | undefined> {
  const description = await prompts.inputBox({
    title: step(firstStep, 'Description'),
    prompt: `Optional, up to ${IMAGE_LIMITS.descriptionMax.toLocaleString('en-US')} characters. Leave empty for none.`,
    validateInput: validateDescription,
    ignoreFocusOut: true,
  });
  if (description === undefined) return undefined;

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
