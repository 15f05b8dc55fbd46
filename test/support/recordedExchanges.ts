// The exchanges with the real Linode API recorded by linodego's integration tests (go-vcr cassettes), read as
// data the way the spec is: from $LINODE_API_RECORDED or ../shared/linode-api/recorded/ beside the project, never
// copied into it. They are the best evidence of what the API really answers (nulls the spec does not declare,
// values it does not list), so every answer the extension reads goes through its decoding in the tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedApiPath, skipMissing } from '../contract/openapiSpec';

const RECORDED_ENV_VAR = 'LINODE_API_RECORDED';
const RECORDED_FOLDER_NAME = 'recorded';

/** What the extension's client makes of an answer to this request, or undefined for endpoints it never calls. */
export type AnswerKind =
  | 'imagePage'
  | 'image'
  | 'uploadContainer'
  | 'deleted'
  | 'regionPage'
  | 'linodePage'
  | 'linode'
  | 'diskPage'
  | 'profile';

export interface RecordedAnswer {
  /** The cassette's file name, e.g. `TestImage_Replicate.yaml`. */
  file: string;
  /** Its position among the cassette's interactions (from 0). */
  index: number;
  method: string;
  /** The path without the version, still encoded: `/images/private%2F27384383`. */
  path: string;
  status: number;
  contentType: string | undefined;
  /** The body as Linode sent it (JSON text). */
  body: string;
  kind: AnswerKind | undefined;
}

interface Cassette {
  interactions?: Array<{
    request?: { method?: string; url?: string };
    response?: { code?: number; body?: string; headers?: Record<string, string[] | string> };
  }>;
}

export function recordedFolder(): string {
  return sharedApiPath(RECORDED_ENV_VAR, RECORDED_FOLDER_NAME);
}

export function missingRecordedMessage(): string {
  return (
    `Recorded Linode API exchanges not found at ${recordedFolder()}. ` +
    `Set ${RECORDED_ENV_VAR} to the folder of go-vcr cassettes (*.yaml) recorded by linodego.`
  );
}

/** Every recorded answer, or a skip (a failure under CI) that says where it looked. */
export function recordedAnswersOrSkip(context: Mocha.Context): RecordedAnswer[] {
  const folder = recordedFolder();
  const files = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort() : [];
  if (files.length === 0) skipMissing(context, missingRecordedMessage());
  return files.flatMap((file) => readCassette(folder, file));
}

function readCassette(folder: string, file: string): RecordedAnswer[] {
  const cassette = parse(readFileSync(join(folder, file), 'utf8')) as Cassette;
  return (cassette.interactions ?? []).map((interaction, index) => {
    const method = (interaction.request?.method ?? 'GET').toUpperCase();
    const url = new URL(interaction.request?.url ?? 'https://api.linode.com/v4/');
    // The URL keeps the id encoded (`private%2F15`), as the client sends it.
    const path = url.pathname.replace(/^\/v4(beta)?/, '');
    const contentTypeHeader = interaction.response?.headers?.['Content-Type'];
    return {
      file,
      index,
      method,
      path,
      status: interaction.response?.code ?? 0,
      contentType: Array.isArray(contentTypeHeader) ? contentTypeHeader[0] : contentTypeHeader,
      body: interaction.response?.body ?? '',
      kind: answerKind(method, path),
    };
  });
}

/**
 * The client's decoding for each endpoint it calls. Image-sharing endpoints that answer images (a share group's
 * images) count too: they are the API's images of type `shared`, which the image list may carry as well.
 */
function answerKind(method: string, path: string): AnswerKind | undefined {
  const routes: Array<[string, RegExp, AnswerKind]> = [
    ['GET', /^\/images$/, 'imagePage'],
    ['GET', /^\/images\/sharegroups\/\d+\/images$/, 'imagePage'],
    ['POST', /^\/images\/sharegroups\/\d+\/images$/, 'imagePage'],
    ['PUT', /^\/images\/sharegroups\/\d+\/images\/[^/]+$/, 'image'],
    ['POST', /^\/images\/upload$/, 'uploadContainer'],
    ['POST', /^\/images$/, 'image'],
    ['GET', /^\/images\/(?!sharegroups$)[^/]+$/, 'image'],
    ['PUT', /^\/images\/(?!sharegroups$)[^/]+$/, 'image'],
    ['DELETE', /^\/images\/(?!sharegroups$)[^/]+$/, 'deleted'],
    ['POST', /^\/images\/[^/]+\/regions$/, 'image'],
    ['GET', /^\/regions$/, 'regionPage'],
    ['GET', /^\/linode\/instances$/, 'linodePage'],
    ['POST', /^\/linode\/instances$/, 'linode'],
    ['GET', /^\/linode\/instances\/\d+$/, 'linode'],
    ['DELETE', /^\/linode\/instances\/\d+$/, 'deleted'],
    ['POST', /^\/linode\/instances\/\d+\/rebuild$/, 'linode'],
    ['GET', /^\/linode\/instances\/\d+\/disks$/, 'diskPage'],
    ['GET', /^\/profile$/, 'profile'],
  ];
  return routes.find(([m, pattern]) => m === method && pattern.test(path))?.[2];
}

/** A short name for messages: `TestImage_Replicate.yaml #3 POST /images/private%2F1/regions`. */
export function describeAnswer(answer: RecordedAnswer): string {
  return `${answer.file} #${answer.index} ${answer.method} ${answer.path}`;
}
