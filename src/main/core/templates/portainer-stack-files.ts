import type { PendingStack } from '@shared/contract/template-model';
import { isDict, type Dict } from './compose-values';
import type { ImportLog } from './import-report';
import { convertSwarmExternals } from './import-swarm';
import { readYaml } from './safe-yaml';

/** Gitea hosts known by name; a self-hosted one is an unknown host, whose file the user picks. */
const GITEA_HOSTS = new Set(['codeberg.org', 'gitea.com']);
const OWNER_REPO = /^\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/;
const GITLAB_PROJECT = /^\/((?:[\w.-]+\/)+[\w.-]+?)(?:\.git)?\/?$/;

/** A stack file's path inside its repository, each segment encoded; null when it climbs out or is empty. */
function repositoryPath(stackfile: string): string | null {
  const segments = stackfile.replace(/^\.?\/+/, '').split('/');
  if (segments.some((segment) => segment === '' || segment === '..' || segment === '.')) return null;
  return segments.map(encodeURIComponent).join('/');
}

/**
 * The address a stack file can be downloaded from, at the repository's default branch (HEAD):
 * GitHub through raw.githubusercontent.com, GitLab through `/-/raw/`, Gitea and Codeberg through
 * `/raw/` (which falls back to the default branch). Null for an unknown host or an address that is
 * not a repository's, which the user downloads and picks instead.
 */
export function rawStackUrl(repositoryUrl: string, stackfile: string): string | null {
  let url: URL;
  try {
    url = new URL(repositoryUrl);
  } catch {
    return null;
  }
  const path = repositoryPath(stackfile);
  if (url.protocol !== 'https:' || path === null || url.search !== '' || url.username !== '') return null;
  const host = url.hostname.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com') {
    const match = OWNER_REPO.exec(url.pathname);
    return match ? `https://raw.githubusercontent.com/${match[1]}/${match[2]}/HEAD/${path}` : null;
  }
  if (host === 'gitlab.com') {
    const match = GITLAB_PROJECT.exec(url.pathname);
    return match ? `https://gitlab.com/${match[1]}/-/raw/HEAD/${path}` : null;
  }
  if (GITEA_HOSTS.has(host)) {
    const match = OWNER_REPO.exec(url.pathname);
    return match ? `https://${host}/${match[1]}/${match[2]}/raw/${path}` : null;
  }
  return null;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export type StackSource =
  | { kind: 'text'; text: string; origin: string }
  | { kind: 'pending'; stack: Omit<PendingStack, 'subject'> }
  | { kind: 'missing' };

/** Not part of Portainer's format: a few tools put the stack's compose file inline under one of these. */
const INLINE_STACK_KEYS = ['stackfile_content', 'stackFileContent', 'compose'];

/**
 * Where a stack template's compose file is: inline, in `remoteFiles` (by its raw address), or not
 * here yet (pending). Edge stack templates (type 4) name the raw address itself in `stackfile`.
 */
export function stackSource(template: Dict, remoteFiles: ReadonlyMap<string, string>): StackSource {
  const inline = INLINE_STACK_KEYS.map((key) => template[key]).find((value) => typeof value === 'string');
  if (typeof inline === 'string') return { kind: 'text', text: inline, origin: 'inline' };
  const repository = isDict(template.repository) ? template.repository : undefined;
  const repositoryUrl = text(repository?.url);
  const stackfile = text(repository?.stackfile) || text(template.stackfile);
  if (stackfile === '') return { kind: 'missing' };
  const direct = repositoryUrl === '' && /^https:\/\//i.test(stackfile) ? stackfile : null;
  const raw = direct ?? rawStackUrl(repositoryUrl, stackfile);
  const url = raw ?? `${repositoryUrl}#${stackfile}`;
  const found = remoteFiles.get(url);
  if (found !== undefined) return { kind: 'text', text: found, origin: url };
  return {
    kind: 'pending',
    stack: { url, repository: repositoryUrl || stackfile, stackfile, canFetch: raw !== null },
  };
}

/** Whether a downloaded file is a compose file: YAML within the import's limits, with services. */
export function isComposeText(text: string): boolean {
  const read = readYaml(text, 'import');
  return read.ok && isDict(read.value) && isDict(read.value.services);
}

export interface StackContext {
  log: ImportLog;
  subject: string;
  remoteFiles: ReadonlyMap<string, string>;
}

/** A stack (type 2, 3 or 4) as a compose document, or null when its file is missing, pending or unusable. */
export function stackCompose(template: Dict, type: number, context: StackContext): Dict | null {
  const { log, subject } = context;
  const source = stackSource(template, context.remoteFiles);
  if (source.kind === 'missing') {
    log.refused(
      subject,
      'The stack names no compose file (no repository with a stackfile); import its compose file as a Docker Compose file.',
    );
    return null;
  }
  if (source.kind === 'pending') {
    log.pending({ subject, ...source.stack });
    return null;
  }
  const read = readYaml(source.text, 'import');
  if (!read.ok || !isDict(read.value) || !isDict(read.value.services)) {
    const where = source.origin === 'inline' ? 'The inline compose file' : `The file ${source.origin}`;
    log.refused(
      subject,
      `${where} cannot be used: ${read.ok ? 'it has no services' : (read.errors[0]?.message ?? 'unreadable').replace(/\.$/, '')}. Check that it is the stack's compose file.`,
    );
    return null;
  }
  const doc = structuredClone(read.value);
  if (type === 2) convertSwarmExternals(doc, log.scoped(subject));
  return doc;
}

