// The rules Linode's own UI (Cloud Manager) applies to image fields before it calls the API, so bad input is
// refused here, while the user types, instead of by a 422. Each check returns a message, or undefined when fine.
import { l10n } from '../l10n';

export const IMAGE_LIMITS = {
  labelMin: 1,
  labelMax: 50,
  descriptionMax: 65_000,
  tagMin: 3,
  /** Cloud Manager's limit; the spec allows 100, but a tag Cloud Manager cannot edit helps no one. */
  tagMax: 50,
  tagsMax: 500,
} as const;

/** Letters, digits, whitespace and `, . ? - _ '` — Cloud Manager's pattern. */
const LABEL_PATTERN = /^[a-zA-Z0-9,.?\-_\s']+$/;
const LABEL_CHARACTER = /[a-zA-Z0-9,.?\-_\s']/;

/** Checks the label as it will be sent: trimmed (see `normalizeLabel`). */
export function validateLabel(typed: string): string | undefined {
  const { labelMin, labelMax } = IMAGE_LIMITS;
  const label = normalizeLabel(typed);
  if (label.length === 0) return l10n.t('Enter a label.');
  if (label.length < labelMin || label.length > labelMax) {
    return l10n.t('Label must be between {0} and {1} characters (now {2}).', labelMin, labelMax, label.length);
  }
  if (!LABEL_PATTERN.test(label)) {
    const bad = [...new Set([...label].filter((c) => !LABEL_CHARACTER.test(c)))].join(' ');
    return l10n.t("Image labels cannot contain special characters ({0}); use letters, digits, spaces and {1}", bad, ", . ? - _ '");
  }
  return undefined;
}

/** A label as it is sent: without the spaces around it, which Linode would keep and no one sees. */
export function normalizeLabel(typed: string): string {
  return typed.trim();
}

/** A label Linode accepts, made from another name (a disk label): special characters become "-". */
export function suggestImageLabel(name: string): string {
  const cleaned = [...name].map((c) => (LABEL_CHARACTER.test(c) ? c : '-')).join('').trim();
  const shortened = cleaned.slice(0, IMAGE_LIMITS.labelMax).trim();
  return shortened.length > 0 ? shortened : 'image';
}

export function validateDescription(description: string): string | undefined {
  const max = IMAGE_LIMITS.descriptionMax;
  if (description.length > max) {
    return l10n.t('Description must be {0} characters or fewer (now {1}).', max.toLocaleString('en-US'), description.length.toLocaleString('en-US'));
  }
  return undefined;
}

export function validateTag(tag: string): string | undefined {
  const { tagMin, tagMax } = IMAGE_LIMITS;
  if (tag.length < tagMin || tag.length > tagMax) {
    return l10n.t('Tag "{0}" must be between {1} and {2} characters.', tag, tagMin, tagMax);
  }
  return undefined;
}

export type TagsParse = { ok: true; tags: string[] } | { ok: false; message: string };

/**
 * Tags typed as one comma-separated line: each trimmed, empty ones and duplicates dropped (order kept).
 * An empty line means "no tags".
 */
export function parseTags(text: string): TagsParse {
  const tags = [...new Set(text.split(',').map((t) => t.trim()).filter((t) => t.length > 0))];
  const max = IMAGE_LIMITS.tagsMax;
  if (tags.length > max) return { ok: false, message: l10n.t('At most {0} tags are allowed (now {1}).', max, tags.length) };
  for (const tag of tags) {
    const problem = validateTag(tag);
    if (problem) return { ok: false, message: problem };
  }
  return { ok: true, tags };
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(', ');
}

/**
 * A description travels through a one-line input box as text with `\n` for each line break (and `\\` for a
 * backslash), so editing a multi-line description loses nothing.
 */
export function descriptionToLine(description: string | null): string {
  return (description ?? '').replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n');
}

export function descriptionFromLine(line: string): string {
  return line.replace(/\\(\\|n)/g, (_match, escaped: string) => (escaped === 'n' ? '\n' : '\\'));
}
