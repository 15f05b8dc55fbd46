// Removes the stored token from SecretStorage.
import { TOKEN_ENV_VARIABLE } from '../tokenStore';
import type { CommandDefinition } from './command';

export const clearApiTokenCommand: CommandDefinition = {
  id: 'clearApiToken',
  title: 'Clear API Token',
  async run({ prompts, tokens, sync, logger }) {
    await tokens.ready;
    if (!tokens.hasStoredToken) {
      void prompts.current.info('No Linode API token is stored in VS Code.');
      return;
    }
    const answer = await prompts.current.confirm(
      'Remove the Linode API token stored in VS Code?',
      'The token itself stays valid at Linode; revoke it in Cloud Manager if it is no longer needed.',
      'Remove Token',
    );
    if (answer !== 'Remove Token') return;
    await tokens.clear();
    logger.info('Stored token removed.');
    const fallback = tokens.current?.source === 'environment';
    void prompts.current.info(
      fallback
        ? `Stored token removed. The ${TOKEN_ENV_VARIABLE} environment variable is still used.`
        : 'Stored Linode API token removed.',
    );
    // The token listener shows the other token's images (or none); this waits for them when there are some.
    if (fallback) await sync.refresh();
  },
};
