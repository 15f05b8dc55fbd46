// The steps every new image has, whether captured from a disk or uploaded: label, then description, tags and
// cloud-init. Validated as the user types; the answers are kept as typed, so Back shows them as they were.
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
import { keep, type FlowStep } from '../multiStepInput';
import type { UserPrompts } from '../prompts';

/** A new image's answers as the user gave them. */
export interface NewImageAnswers {
  label?: string;
  /** The one-line form of the description: `\n` is a line break. */
  descriptionLine?: string;
  tagsLine?: string;
  cloudInit?: boolean;
}

export interface NewImageFields {
  label: string;
  description?: string;
  tags?: string[];
  cloud_init: boolean;
}

interface ChoiceItem extends vscode.QuickPickItem {
  value: boolean;
}

/** "Upload Image: Label": the flow's name and what its step asks (the title shows the step counter). */
export function stepTitle(title: string, what: string): string {
  return l10n.t('{0}: {1}', title, what);
}

/** The label step, filled in with the answer given before or `suggested`. */
export function imageLabelStep<A extends NewImageAnswers>(prompts: UserPrompts, title: string, suggested: (answers: A) => string): FlowStep<A> {
  return {
    ask: async (answers, place) =>
      keep(
        await prompts.inputStep({
          ...place,
          title: stepTitle(title, l10n.t('Label')),
          prompt: l10n.t("The image's label: {0}–{1} characters; letters, digits, spaces and {2}", IMAGE_LIMITS.labelMin, IMAGE_LIMITS.labelMax, ", . ? - _ '"),
          value: answers.label ?? suggested(answers),
          validate: validateLabel,
        }),
        (typed) => (answers.label = typed),
      ),
  };
}

/**
 * Description, tags and cloud-init; `source` is what the image is made from. `note` adds a sentence to the last
 * step's prompt (what the new image will store, say).
 */
export function newImageDetailSteps<A extends NewImageAnswers>(
  prompts: UserPrompts,
  title: string,
  source: 'disk' | 'image',
  note?: (answers: A) => Promise<string | undefined>,
): FlowStep<A>[] {
  const disk = source === 'disk';
  return [
    {
      // The same one-line form as Edit Image Description.
      ask: async (answers, place) =>
        keep(
          await prompts.inputStep({
            ...place,
            title: stepTitle(title, l10n.t('Description')),
            prompt: l10n.t('Optional, up to {0} characters; write \\n for a line break. Leave empty for none.', IMAGE_LIMITS.descriptionMax.toLocaleString('en-US')),
            value: answers.descriptionLine,
            validate: (value) => validateDescription(descriptionFromLine(value)),
          }),
          (line) => (answers.descriptionLine = line),
        ),
    },
    {
      ask: async (answers, place) =>
        keep(
          await prompts.inputStep({
            ...place,
            title: stepTitle(title, l10n.t('Tags')),
            prompt: l10n.t('Optional, comma-separated; each tag {0}–{1} characters. Leave empty for none.', IMAGE_LIMITS.tagMin, IMAGE_LIMITS.tagMax),
            placeholder: l10n.t('e.g. web, production'),
            value: answers.tagsLine,
            validate: (value) => {
              const parsed = parseTags(value);
              return parsed.ok ? undefined : parsed.message;
            },
          }),
          (line) => (answers.tagsLine = line),
        ),
    },
    {
      ask: async (answers, place) => {
        const question = disk ? l10n.t('Does the disk support cloud-init?') : l10n.t('Does the image support cloud-init?');
        const said = await note?.(answers);
        return keep(
          await prompts.pickStep<ChoiceItem>({
            ...place,
            title: stepTitle(title, l10n.t('Cloud-init')),
            placeholder: said ? l10n.t('{0} {1}', question, said) : question,
            items: [
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
            preselect: (item) => item.value === answers.cloudInit,
          }),
          (item) => (answers.cloudInit = item.value),
        );
      },
    },
  ];
}

/** The fields as sent: the label trimmed, `\n` in the description a line break, an empty description or tags left out. */
export function newImageFields(answers: NewImageAnswers): NewImageFields {
  const fields: NewImageFields = { label: normalizeLabel(answers.label ?? ''), cloud_init: answers.cloudInit ?? false };
  const description = descriptionFromLine(answers.descriptionLine ?? '');
  if (description.length > 0) fields.description = description;
  const tags = parseTags(answers.tagsLine ?? '');
  if (tags.ok && tags.tags.length > 0) fields.tags = tags.tags;
  return fields;
}
