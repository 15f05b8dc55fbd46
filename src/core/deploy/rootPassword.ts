// Root passwords for the Linodes a deployment makes. Nobody types them (SSH keys are the way in; the password is
// shown once), so they can be long and random: 32 characters from an alphabet without look-alikes (l, I, O, 0, 1)
// and without characters a shell or a JSON string needs escaped. Linode refuses a root password that scores too low
// (POST /linode/instances: "Password does not meet strength requirement"; its docs ask for at least 11 characters, a
// mixture of kinds, no runs such as `aaa` or `abc`): these have every kind, and a draw that happens to hold such a
// run is drawn again.
import { randomBytes } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-.:=?@^_~';
const ALPHABET = LOWER + UPPER + DIGITS + SYMBOLS;
const KINDS = [LOWER, UPPER, DIGITS, SYMBOLS];

/** Long enough for any strength score, well within Linode's 128. */
const DEFAULT_LENGTH = 32;
/** Fewer characters could not hold every kind and still be strong (Linode's docs ask for 11 at least). */
const MIN_LENGTH = 16;

/** A new random root password of `length` characters (cryptographically random, uniform over the alphabet). */
export function generateRootPassword(length = DEFAULT_LENGTH): string {
  if (!Number.isInteger(length) || length < MIN_LENGTH || length > 128) {
    // eslint-disable-next-line local/user-strings -- a caller's mistake, never shown to a user
    throw new RangeError(`a root password is ${MIN_LENGTH} to 128 characters, not ${length}`);
  }
  for (;;) {
    const password = randomCharacters(length);
    if (KINDS.every((kind) => [...password].some((character) => kind.includes(character))) && !hasRun(password)) {
      return password;
    }
  }
}

/** `count` characters of ALPHABET; bytes that would favour its first characters are thrown away. */
function randomCharacters(count: number): string {
  const usable = 256 - (256 % ALPHABET.length);
  let result = '';
  while (result.length < count) {
    for (const byte of randomBytes(count * 2)) {
      if (byte < usable && result.length < count) result += ALPHABET[byte % ALPHABET.length];
    }
  }
  return result;
}

/** Three of one character (`aaa`), or three letters or digits in a row up or down (`abc`, `987`). */
function hasRun(password: string): boolean {
  for (let index = 2; index < password.length; index++) {
    const [a, b, c] = [password.charCodeAt(index - 2), password.charCodeAt(index - 1), password.charCodeAt(index)];
    if (a === b && b === c) return true;
    const sameKind = /^([a-z]{3}|[A-Z]{3}|[0-9]{3})$/.test(password.slice(index - 2, index + 1));
    if (sameKind && Math.abs(b - a) === 1 && c - b === b - a) return true;
  }
  return false;
}
