// Signs in through Linode's login page and shows the account (see auth/signInWithLinode.ts).
import { l10n } from '../../core/l10n';
import { signInWithLinode } from '../auth/signInWithLinode';
import type { CommandDefinition } from './command';

export const signInCommand: CommandDefinition = {
  id: 'signIn',
  get title() {
    return l10n.t('Sign In with Linode…');
  },
  /** `{ scopes }`: scopes to ask for besides the usual ones (a deployment asks for `linodes:read_write`). */
  async run(services, options?: unknown) {
    const account = await signInWithLinode(services, extraScopesOf(options));
    if (account) await services.sync.refresh();
    return account?.label;
  },
};

function extraScopesOf(options: unknown): string[] {
  if (typeof options !== 'object' || options === null) return [];
  const scopes = (options as { scopes?: unknown }).scopes;
  return Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string' && /^[a-z_]+:read_(only|write)$/.test(scope)) : [];
}
