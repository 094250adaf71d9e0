import { Readable } from 'node:stream';
import { maxComposeBytes } from '@shared/contract/template-model';
import type { RemoteFile } from '@shared/contract/template-remote';
import { isComposeText } from '../templates';

export interface RemoteFileOptions {
  /**
   * Tests only (HOSTER_RAW_FILES_BASE): every address is fetched from this base instead, as
   * `https://host/path` → `<base>/host/path`. Unset in production, where addresses are fetched as given.
   */
  rawFilesBase?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface RemoteFetchResult {
  files: RemoteFile[];
  failures: { url: string; message: string }[];
}

export const rawFilesBaseFromEnv = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env.HOSTER_RAW_FILES_BASE === '' ? undefined : env.HOSTER_RAW_FILES_BASE;

type Settings = Required<Omit<RemoteFileOptions, 'rawFilesBase'>> & { rawFilesBase: string | undefined };

/** A refusal worded for the user; anything else thrown while fetching is reported by its kind. */
class FetchRefusal extends Error {}

const PARALLEL = 4;

/** The https address asked for, or where tests serve it from. */
function targetOf(address: string, base: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new FetchRefusal('This is not a web address.');
  }
  if (url.protocol !== 'https:') throw new FetchRefusal('Only https addresses are fetched.');
  if (url.username !== '' || url.password !== '')
    throw new FetchRefusal('An address with a user name or password is not fetched.');
  return base === undefined
    ? url
    : new URL(`${base.replace(/\/+$/, '')}/${url.host}${url.pathname}${url.search}`);
}

/** Reads at most `maxBytes` of the body; a longer file is refused before more of it is read. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  const tooLarge = `The file is larger than ${Math.round(maxBytes / 1024)} KB, more than a compose file needs.`;
  if (declared > maxBytes) throw new FetchRefusal(tooLarge);
  if (response.body === null) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of Readable.fromWeb(response.body)) {
    const bytes = Buffer.from(chunk as Uint8Array);
    size += bytes.byteLength;
    if (size > maxBytes) throw new FetchRefusal(tooLarge);
    chunks.push(bytes);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** Follows at most `maxRedirects` redirects, each to https (or, in tests, under the base). */
async function fetchFollowing(address: string, options: Settings, signal: AbortSignal): Promise<Response> {
  let target = targetOf(address, options.rawFilesBase);
  for (let hop = 0; ; hop += 1) {
    const response = await options.fetch(target, { redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (!REDIRECT.has(response.status) || location === null) return response;
    await response.body?.cancel();
    if (hop >= options.maxRedirects)
      throw new FetchRefusal(`The address redirected more than ${options.maxRedirects} times.`);
    const next = new URL(location, target);
    const base = options.rawFilesBase;
    if (base === undefined ? next.protocol !== 'https:' : !next.href.startsWith(base))
      throw new FetchRefusal('The address redirected away from https.');
    target = next;
  }
}

function failureMessage(error: unknown, timeoutMs: number): string {
  if (error instanceof FetchRefusal) return error.message;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `No answer within ${Math.round(timeoutMs / 1000)} s; try again later, or download the file and pick it.`;
  const cause =
    error instanceof Error && error.cause instanceof Error
      ? (error.cause.message.split('\n')[0] ?? '').slice(0, 200)
      : '';
  return `The file could not be downloaded${cause === '' ? '' : ` (${cause})`}; check your connection, or download it and pick it.`;
}

async function fetchOne(
  url: string,
  options: Settings,
): Promise<RemoteFile | { url: string; message: string }> {
  try {
    const response = await fetchFollowing(url, options, AbortSignal.timeout(options.timeoutMs));
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchRefusal(
        response.status === 404
          ? 'Not found (404): the repository or the stack file path has changed; download the file and pick it.'
          : `The server answered ${response.status}; try again later, or download the file and pick it.`,
      );
    }
    const text = await readCapped(response, options.maxBytes);
    if (!isComposeText(text))
      throw new FetchRefusal('This is not a compose file (it has no services); check the stack file path.');
    return { url, text };
  } catch (error) {
    return { url, message: failureMessage(error, options.timeoutMs) };
  }
}

/**
 * Downloads Portainer stack files. Each address gets its own answer: the file, or a failure saying
 * why (not https, not found, too large, too slow, too many redirects, not a compose file). Nothing
 * is stored.
 */
export function createRemoteFileFetcher(
  options: RemoteFileOptions = {},
): (urls: readonly string[]) => Promise<RemoteFetchResult> {
  const settings: Settings = {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxBytes: options.maxBytes ?? maxComposeBytes,
    maxRedirects: options.maxRedirects ?? 3,
    rawFilesBase: options.rawFilesBase,
  };
  return async (urls) => {
    const unique = [...new Set(urls)];
    const results: (RemoteFile | { url: string; message: string })[] = [];
    for (let at = 0; at < unique.length; at += PARALLEL)
      results.push(
        ...(await Promise.all(unique.slice(at, at + PARALLEL).map((url) => fetchOne(url, settings)))),
      );
    return {
      files: results.filter((r): r is RemoteFile => 'text' in r),
      failures: results.filter((r): r is { url: string; message: string } => 'message' in r),
    };
  };
}
