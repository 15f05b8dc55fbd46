// The root password rules of POST /linode/instances and POST /linode/instances/{id}/rebuild.
//
// The spec (4.189.0): `root_pass` is 7 to 128 characters and "must meet a password strength score requirement that
// is calculated internally by the API", refused with "Password does not meet strength requirement". Linode's docs
// (techdocs "Reset your user password", the same rules for root passwords) say what the score looks for: at least
// 11 characters, no simple dictionary words, a mixture of unpredictable character kinds, no repeated characters
// (`aaa`), sequences (`abcd`) or keyboard patterns (`qwerty`). The score itself is not published, so this is an
// estimate in that spirit, tuned to agree with the real API where it has been seen: the recorded creates
// (recorded/TestImage_CloudInit.yaml and others) were accepted with `thisIsYourRootPassword`.
//
// The estimate: each weak pattern (a run of one character, a sequence, a keyboard row, a common word, a repeated
// chunk) counts as one character; what is left must be at least 11 characters and about 50 bits (11 lower-case
// letters, or 15 digits).

const LENGTH_MIN = 7;
const LENGTH_MAX = 128;
const EFFECTIVE_LENGTH_MIN = 11;
const BITS_MIN = 50;

/** The API's words for a password that scores too low. */
export const WEAK_PASSWORD_REASON = 'Password does not meet strength requirement';

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890'];

/** Words a password guesser tries first. */
const COMMON_WORDS = [
  'password', 'passw0rd', 'letmein', 'welcome', 'admin', 'root', 'linode', 'akamai', 'qwerty', 'dragon', 'monkey',
  'iloveyou', 'secret', 'changeme', 'default', 'login', 'master', 'shadow', 'sunshine', 'football', 'baseball',
];

/** Why Linode would refuse `password` as a root password, or undefined when it would take it. */
export function rootPasswordProblem(password: string): string | undefined {
  if (password.length < LENGTH_MIN || password.length > LENGTH_MAX) {
    return `Password must be between ${LENGTH_MIN} and ${LENGTH_MAX} characters.`;
  }
  const effective = effectiveLength(password);
  const bits = effective * Math.log2(characterPool(password));
  return effective >= EFFECTIVE_LENGTH_MIN && bits >= BITS_MIN ? undefined : WEAK_PASSWORD_REASON;
}

/** How many characters a guesser has to find: each weak pattern counts as one. */
function effectiveLength(password: string): number {
  let text = password.toLowerCase();
  let patterns = 0;
  const collapse = (pattern: RegExp): void => {
    text = text.replace(pattern, () => {
      patterns++;
      return '';
    });
  };
  for (const word of COMMON_WORDS) collapse(new RegExp(word, 'g'));
  // A chunk of two or more characters said again (`abab`, `Aa1!Aa1!`) counts as the chunk once, plus one.
  text = text.replace(/(.{2,}?)\1+/g, (_match, chunk: string) => {
    patterns++;
    return chunk;
  });
  collapse(/(.)\1{2,}/g);
  collapse(new RegExp(runsOf(3).join('|'), 'g'));
  return text.length + patterns;
}

/**
 * Every ascending or descending run of `length` letters or digits (`abc`, `cba`, `123`), and every run of that length
 * plus one along a keyboard row (`qwer`), as regular-expression alternatives.
 */
function runsOf(length: number): string[] {
  const runs: string[] = [];
  for (const alphabet of ['abcdefghijklmnopqrstuvwxyz', '0123456789']) {
    for (let start = 0; start + length <= alphabet.length; start++) {
      const run = alphabet.slice(start, start + length);
      runs.push(run, [...run].reverse().join(''));
    }
  }
  for (const row of KEYBOARD_ROWS) {
    for (let start = 0; start + length + 1 <= row.length; start++) {
      runs.push(escapeRegExp(row.slice(start, start + length + 1)));
    }
  }
  return runs;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How many characters each position could be, from the kinds of character the password uses. */
function characterPool(password: string): number {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/[0-9]/.test(password)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(password)) pool += 33;
  return Math.max(pool, 2);
}
