// What a personal access token may contain. It travels in the `Authorization` header, which carries visible
// ASCII only: a character pasted along with it (a zero-width space, "…" from a chat app, a control character)
// would make every request fail in the HTTP stack, with an error that blames the network and may quote the header.
// So a token is checked before any request, and the message names the character and where it is, never the token.
import { l10n } from '../l10n';

export type TokenCheck = { ok: true; token: string } | { ok: false; message: string };

/** A token that cannot be sent; its message never contains the token. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const FIRST_VISIBLE = 0x21;
const LAST_VISIBLE = 0x7e;

/** The characters a token picks up by accident, by name (in the user's language), or undefined for another one. */
function namedCharacter(codePoint: number): string | undefined {
  switch (codePoint) {
    case 0x20:
      return l10n.t('a space');
    case 0x09:
      return l10n.t('a tab');
    case 0x0a:
      return l10n.t('a line break');
    case 0x0d:
      return l10n.t('a carriage return');
    case 0x00:
      return l10n.t('a NUL character ({0})', 'U+0000');
    case 0x7f:
      return l10n.t('a DEL control character ({0})', 'U+007F');
    case 0xa0:
      return l10n.t('a no-break space ({0})', 'U+00A0');
    case 0xad:
      return l10n.t('a soft hyphen ({0})', 'U+00AD');
    case 0x200b:
      return l10n.t('a zero-width space ({0})', 'U+200B');
    case 0x200c:
      return l10n.t('a zero-width non-joiner ({0})', 'U+200C');
    case 0x200d:
      return l10n.t('a zero-width joiner ({0})', 'U+200D');
    case 0x2026:
      return l10n.t('an ellipsis "{0}" ({1})', '…', 'U+2026');
    case 0x2013:
      return l10n.t('an en dash "{0}" ({1})', '–', 'U+2013');
    case 0x2014:
      return l10n.t('an em dash "{0}" ({1})', '—', 'U+2014');
    case 0xfeff:
      return l10n.t('a byte order mark ({0})', 'U+FEFF');
    default:
      return undefined;
  }
}

/** A character as a person can recognise it, with its code point: `a zero-width space (U+200B)`, `"é" (U+00E9)`. */
export function describeCharacter(codePoint: number): string {
  const named = namedCharacter(codePoint);
  if (named) return named;
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (codePoint < 0x20 || (codePoint >= 0x80 && codePoint < 0xa0)) return l10n.t('a control character ({0})', code);
  return `"${String.fromCodePoint(codePoint)}" (${code})`;
}

/**
 * Trims the token and accepts it only if every character can go in an HTTP header (visible ASCII).
 * `what` names the token in the message ("The token", "The token in LINODE_CLI_TOKEN").
 */
export function checkTokenText(raw: string, what = l10n.t('The token')): TokenCheck {
  const token = raw.trim();
  if (token === '') return { ok: false, message: l10n.t('{0} is empty.', what) };
  let position = 0;
  for (const character of token) {
    position++;
    const codePoint = character.codePointAt(0) as number;
    if (codePoint < FIRST_VISIBLE || codePoint > LAST_VISIBLE) {
      return {
        ok: false,
        message: l10n.t(
          '{0} has {1} at position {2} of {3}, which cannot be sent to Linode (a token is letters and digits). Copy it again from Cloud Manager (Profile → API Tokens).',
          what,
          describeCharacter(codePoint),
          position,
          [...token].length,
        ),
      };
    }
  }
  return { ok: true, token };
}
