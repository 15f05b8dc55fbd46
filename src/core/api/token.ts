// What a personal access token may contain. It travels in the `Authorization` header, which carries visible
// ASCII only: a character pasted along with it (a zero-width space, "…" from a chat app, a control character)
// would make every request fail in the HTTP stack, with an error that blames the network and may quote the header.
// So a token is checked before any request, and the message names the character and where it is, never the token.

export type TokenCheck = { ok: true; token: string } | { ok: false; message: string };

/** A token that cannot be sent; its message never contains the token. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const FIRST_VISIBLE = 0x21;
const LAST_VISIBLE = 0x7e;

const NAMED_CHARACTERS: Record<number, string> = {
  0x20: 'a space',
  0x09: 'a tab',
  0x0a: 'a line break',
  0x0d: 'a carriage return',
  0x00: 'a NUL character (U+0000)',
  0x7f: 'a DEL control character (U+007F)',
  0xa0: 'a no-break space (U+00A0)',
  0xad: 'a soft hyphen (U+00AD)',
  0x200b: 'a zero-width space (U+200B)',
  0x200c: 'a zero-width non-joiner (U+200C)',
  0x200d: 'a zero-width joiner (U+200D)',
  0x2026: 'an ellipsis "…" (U+2026)',
  0x2013: 'an en dash "–" (U+2013)',
  0x2014: 'an em dash "—" (U+2014)',
  0xfeff: 'a byte order mark (U+FEFF)',
};

/** A character as a person can recognise it, with its code point: `a zero-width space (U+200B)`, `"é" (U+00E9)`. */
export function describeCharacter(codePoint: number): string {
  const named = NAMED_CHARACTERS[codePoint];
  if (named) return named;
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (codePoint < 0x20 || (codePoint >= 0x80 && codePoint < 0xa0)) return `a control character (${code})`;
  return `"${String.fromCodePoint(codePoint)}" (${code})`;
}

/**
 * Trims the token and accepts it only if every character can go in an HTTP header (visible ASCII).
 * `what` names the token in the message ("The token", "The token in LINODE_CLI_TOKEN").
 */
export function checkTokenText(raw: string, what = 'The token'): TokenCheck {
  const token = raw.trim();
  if (token === '') return { ok: false, message: `${what} is empty.` };
  let position = 0;
  for (const character of token) {
    position++;
    const codePoint = character.codePointAt(0) as number;
    if (codePoint < FIRST_VISIBLE || codePoint > LAST_VISIBLE) {
      return {
        ok: false,
        message: `${what} has ${describeCharacter(codePoint)} at position ${position} of ${[...token].length}, `
          + 'which cannot be sent to Linode (a token is letters and digits). Copy it again from Cloud Manager (Profile → API Tokens).',
      };
    }
  }
  return { ok: true, token };
}
