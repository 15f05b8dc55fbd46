// Public SSH keys for a new Linode's root account: from the user's Linode profile and from their own ~/.ssh/*.pub
// files. Only the shape is checked here (a key type Linode takes and a base64 blob that names the same type); Linode
// checks the rest.

const KEY_TYPES = new Set([
  'ssh-dss', 'ssh-rsa', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521',
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ssh-ed25519@openssh.com',
]);

export interface PublicKey {
  /** The OpenSSH line as Linode takes it: `type base64 [comment]`. */
  line: string;
  type: string;
  /** The base64 part: the same key whatever its comment. */
  blob: string;
  comment: string;
}

/** The public key a `.pub` file (or a profile key) holds: its first line that is one; undefined when none is. */
export function parsePublicKey(text: string): PublicKey | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const match = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?:\s+(.*))?$/.exec(line);
    if (!match || !KEY_TYPES.has(match[1])) continue;
    const bytes = Buffer.from(match[2], 'base64');
    if (bytes.length < 4) continue;
    const nameLength = bytes.readUInt32BE(0);
    if (bytes.length < 4 + nameLength || bytes.subarray(4, 4 + nameLength).toString('latin1') !== match[1]) continue;
    return { line, type: match[1], blob: match[2], comment: match[3] ?? '' };
  }
  return undefined;
}
