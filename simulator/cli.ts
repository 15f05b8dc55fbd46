// Runs the simulator until killed: node out/simulator/cli.js [--port N] [--upload-port N] [--login-port N]
//   [--no-login] [--lifecycle-ms N] [--host H] [--seed NAME] [--hold-seed] [--rate-limits] [--real-world-nulls] [--image-sharing] [--quiet]

import { SEEDS, type SeedName } from './seeds';
import {
  SIMULATOR_NO_EVENTS_TOKEN,
  SIMULATOR_PRIVATE_CLIENT_ID,
  SIMULATOR_PRIVATE_CLIENT_SECRET,
  SIMULATOR_PUBLIC_CLIENT_ID,
  SIMULATOR_READONLY_TOKEN,
  SIMULATOR_TOKEN,
  SIMULATOR_USERS,
  startSimulator,
  type SimulatorOptions,
} from './index';

const USAGE =
  'usage: node out/simulator/cli.js [--port N] [--upload-port N] [--login-port N] [--no-login] [--lifecycle-ms N] [--host H] ' +
  `[--seed ${Object.keys(SEEDS).join('|')}] [--hold-seed] [--rate-limits] [--real-world-nulls] [--image-sharing] [--quiet]`;

function parseArgs(argv: string[]): SimulatorOptions & { quiet: boolean } {
  const options: SimulatorOptions & { quiet: boolean } = { quiet: false };
  const number = (flag: string, value: string | undefined): number => {
    const parsed = Number(value);
    if (value === undefined || !Number.isInteger(parsed) || parsed < 0) {
      throw new Error(`${flag} needs a whole number`);
    }
    return parsed;
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    switch (flag) {
      case '--port':
        options.port = number(flag, argv[++index]);
        break;
      case '--upload-port':
        options.uploadPort = number(flag, argv[++index]);
        break;
      case '--login-port':
        options.loginPort = number(flag, argv[++index]);
        break;
      case '--no-login':
        options.login = false;
        break;
      case '--lifecycle-ms':
        options.lifecycleMs = number(flag, argv[++index]);
        break;
      case '--host':
        options.host = argv[++index];
        break;
      case '--seed': {
        const name = argv[++index];
        if (!(name in SEEDS)) {
          throw new Error(`unknown seed "${name}"`);
        }
        options.seed = name as SeedName;
        break;
      }
      case '--hold-seed':
        options.holdSeedTransitions = true;
        break;
      case '--rate-limits':
        options.rateLimits = true;
        break;
      case '--real-world-nulls':
        options.realWorldNulls = true;
        break;
      case '--image-sharing':
        options.imageSharing = true;
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument "${flag}"`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { quiet, ...simulatorOptions } = options;
  const simulator = await startSimulator({
    ...simulatorOptions,
    log: quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`Linode API simulator (spec 4.189.0)`);
  console.log(`  API:            ${simulator.apiUrl}/v4`);
  console.log(`  upload origin:  ${simulator.uploadOrigin}`);
  console.log(`  control API:    ${simulator.apiUrl}/__simulator/`);
  console.log(`  token (full):   ${SIMULATOR_TOKEN}`);
  console.log(`  token (read):   ${SIMULATOR_READONLY_TOKEN}`);
  console.log(`  token (images, no events): ${SIMULATOR_NO_EVENTS_TOKEN}`);
  if (simulator.loginOrigin) {
    console.log(`  login origin:   ${simulator.loginOrigin}   (OAuth: /oauth/authorize, /oauth/token; tokens last ${simulator.login?.tokenLifetimeSeconds ?? 0} s)`);
    console.log(`  OAuth client (public):  ${SIMULATOR_PUBLIC_CLIENT_ID}`);
    console.log(`  OAuth client (private): ${SIMULATOR_PRIVATE_CLIENT_ID}, secret ${SIMULATOR_PRIVATE_CLIENT_SECRET}`);
    console.log(`  log in as:      ${SIMULATOR_USERS.map((user) => user.username).join(' or ')}, any password`);
  }
  if (simulator.rateLimits) {
    const { listImages, paginated, general, windowMs } = simulator.rateLimits;
    console.log(`  rate limits:    per ${windowMs / 1000} s: list images ${listImages}, paginated GETs ${paginated}, all ${general}`);
  }
  console.log(`  life-cycle step ${simulator.state.lifecycleMs} ms. Ctrl+C to stop.`);

  const shutdown = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
