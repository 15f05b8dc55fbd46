// The upload engine as one module, loaded on first use: the bundle puts it in a file of its own (dist/upload.js),
// so that activation does not load node:http, node:https, node:tls, node:zlib and the engine's code for every user
// who never uploads. Import it only with `await import('…/engine.js')`; the build refuses a static import.
export * from './imageFile';
export * from './imageUpload';
export * from './reconcile';
