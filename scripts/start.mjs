#!/usr/bin/env node
// @ts-check
// npm start: build, start the local Linode API simulator, and open the extension in VS Code against it —
// desktop VS Code when a `code` command is on PATH, otherwise code-server in your browser.
//
//   node scripts/start.mjs [--browser] [--port N] [--no-build] [--theme dark|light]
import { parseArgs } from 'node:util';
import { buildProject, findDesktopCode, startDesktopCode, startDevCodeServer, startSimulatorInProcess } from './test-host/devSession.mjs';

const USAGE = 'usage: node scripts/start.mjs [--browser] [--port N] [--no-build] [--theme dark|light]';

function options() {
  const { values } = parseArgs({
    options: {
      browser: { type: 'boolean', default: false },
      port: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      theme: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`bad --port ${values.port}`);
  return { ...values, port };
}

function banner(lines) {
  const rule = '─'.repeat(72);
  console.log(`\n${rule}\n${lines.join('\n')}\n${rule}\n`);
}

async function main() {
  const opts = options();
  if (!opts['no-build']) buildProject();

  const sim = await startSimulatorInProcess({ lifecycleMs: 4000 });
  const stops = [() => sim.close()];
  let stopping;
  const stopAll = (code) => stopping ??= (async () => {
    console.log('\n[start] stopping…');
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(`[start] ${e.message}`));
    process.exit(code);
  })();
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const code = opts.browser ? undefined : findDesktopCode();
    const login = sim.login;
    const common = [
      `  Simulator API:  ${sim.apiUrl}   (linodeImages.apiUrl is set to it)`,
      ...(sim.uploadOrigin ? [`  Upload origin:  ${sim.uploadOrigin}`] : []),
      ...(login ? [
        `  Login origin:   ${login.origin}   (OAuth public client id ${login.publicClientId})`,
        '                  ("Linode Images: Sign In with Linode…" opens its login page: user sim-user or sim-teammate, any password)',
      ] : []),
      `  API token:      ${sim.token}`,
      '                  (already in LINODE_CLI_TOKEN; to store it, paste it into "Linode Images: Set API Token")',
      '',
      '  Ctrl+C to stop.',
    ];
    if (code) {
      const desktop = startDesktopCode({ code, sim, theme: opts.theme });
      stops.push(() => desktop.stop());
      banner(['Linode Images is running in desktop VS Code (Extension Development Host).', '', ...common]);
      // The window was closed: nothing left to serve.
      void desktop.exited.then(() => stopAll(0));
    } else {
      const dev = await startDevCodeServer({ sim, port: opts.port, theme: opts.theme });
      stops.push(() => dev.stop());
      banner([
        'Linode Images is running in VS Code in the browser (code-server). Open:',
        '',
        `  ${dev.url}`,
        '',
        `  (code-server listens on ${dev.server.url} only; from another machine use an SSH tunnel to port ${dev.server.port})`,
        '',
        ...common,
      ]);
    }
  } catch (e) {
    console.error(`[start] ${e instanceof Error ? e.message : e}`);
    await stopAll(1);
  }
}

main().catch((e) => {
  console.error(`[start] ${e.message ?? e}`);
  process.exit(1);
});
