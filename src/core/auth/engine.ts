// Sign-in with Linode's OAuth as one module, loaded on first use: the bundle puts it in a file of its own
// (dist/auth.js), so that activation does not load the OAuth exchange and the redirect receivers for every user who
// signs in with a token. Import it only with `await import('…/engine.js')`; the build refuses a static import.
export { signIn } from './signIn';
export { refreshGrant, revokeToken } from './oauth';
export { startHandedReceiver } from './redirectAnswer';
