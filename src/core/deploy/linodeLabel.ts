// A new Linode's label, checked as the user types by the rules Linode applies (the spec's pattern for
// POST /linode/instances): 3–64 characters, a letter first and a letter or digit last, only letters, digits, `-`,
// `_` and `.`, never two of those three in a row; and unique in the account (case aside), which is also what lets a
// create whose answer was lost be found again by its label.
import { l10n } from '../l10n';

const LINODE_LABEL_LIMITS = { min: 3, max: 64 } as const;

const PATTERN = /^[a-zA-Z]((?!--|__|\.\.)[a-zA-Z0-9-_.])+$/;
const SEPARATORS = /[-_.]/;

/** A message, or undefined when Linode takes the label; `taken`: the account's labels, lower case. */
export function validateLinodeLabel(label: string, taken: ReadonlySet<string> = new Set()): string | undefined {
  const { min, max } = LINODE_LABEL_LIMITS;
  if (label.length < min || label.length > max) return l10n.t('A Linode label is {0} to {1} characters (now {2}).', min, max, label.length);
  if (!/^[a-zA-Z]/.test(label)) return l10n.t('A Linode label starts with a letter.');
  if (!/[a-zA-Z0-9]$/.test(label)) return l10n.t('A Linode label ends with a letter or a digit.');
  if (!PATTERN.test(label)) return l10n.t('A Linode label holds only letters, digits, -, _ and ., never two of -, _ and . in a row.');
  if (taken.has(label.toLowerCase())) return l10n.t('The account already has a Linode labelled "{0}".', label);
  return undefined;
}

/**
 * A label Linode takes, made from an image's label and a suffix (`golden-web` + `a1b2` → `golden-web-a1b2`): other
 * characters become `-`, runs of separators one, and the name is shortened so that the suffix fits.
 */
export function suggestLinodeLabel(imageLabel: string, suffix: string): string {
  const room = LINODE_LABEL_LIMITS.max - suffix.length - 1;
  let base = imageLabel
    .replace(/[^a-zA-Z0-9-_.]+/g, '-')
    .replace(/[-_.]{2,}/g, (run) => run[0])
    .replace(/^[^a-zA-Z]+/, '')
    .slice(0, room);
  while (base.length > 0 && SEPARATORS.test(base[base.length - 1])) base = base.slice(0, -1);
  return `${base || 'linode'}-${suffix}`;
}

/** A short random suffix of lower-case letters and digits (not cryptographic: it only keeps labels apart). */
export function labelSuffix(random: () => number = Math.random, length = 4): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}
