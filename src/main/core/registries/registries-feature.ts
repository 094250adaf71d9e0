import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { Node } from '@shared/contract/nodes';
import type { RegistryLogin } from '@shared/contract/registries';
import { AppError, isAppError } from '@shared/result';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { engineReason, isRegistryLoginRefused } from '../docker/engine-reason';
import type { NodeConnections } from '../ssh/node-connections';
import type { SecretStore } from '../secrets/secret-store';
import { createRegistryLoginRepository, type RegistryLoginRepository } from './registry-login-repository';
import { authAddressOf, normalizeRegistryHost, registryOfImage } from './registry-host';

const account = (id: string) => `registry-login:${id}`;
const VERIFY_TIMEOUT_MS = 30_000;

export interface RegistriesPorts {
  nodes: { get(nodeId: string): Node | undefined };
  connections: Pick<NodeConnections, 'docker'>;
}

export type RegistriesFeature = Feature<MethodsOf<'registries'>> & {
  /** Credentials for pulling `image`, when a login for its registry is saved; what the deploy's pull step asks. */
  authFor(image: string): Promise<Docker.AuthConfig | undefined>;
};

/**
 * Logins to private container registries. Host and user name in SQLite, the password only in the
 * secret store; a login can be checked from a node's own engine before it is saved.
 */
export function createRegistriesFeature(context: CoreContext, ports: RegistriesPorts): RegistriesFeature {
  const repository = createRegistryLoginRepository(context.db);
  const { secrets } = context;
  const publish = () => context.events.emit('registries:changed', repository.list());

  return {
    handlers: {
      'registries:list': () => repository.list(),

      'registries:save': async ({ host: typed, username, password, verifyOnNodeId }) => {
        const host = normalizeRegistryHost(typed);
        const at = context.clock.now().toISOString();
        const verified =
          verifyOnNodeId === undefined
            ? null
            : await verifyOnNode(ports, verifyOnNodeId, { host, username, password, at });
        const existing = repository.byHost(host);
        const login: RegistryLogin = {
          id: existing?.id ?? `reg_${randomUUID()}`,
          host,
          username,
          createdAt: existing?.createdAt ?? at,
          updatedAt: at,
          verified,
        };
        await storeLogin({ secrets, repository }, login, password, existing === null);
        publish();
        return login;
      },

      'registries:delete': async ({ id }) => {
        const login = repository.get(id);
        if (!login) throw new AppError('not_found', 'That registry login no longer exists.');
        await secrets.delete(account(id));
        repository.remove(id);
        publish();
        return { id };
      },
    },

    async authFor(image) {
      const login = repository.byHost(registryOfImage(image));
      if (!login) return undefined;
      const password = await secrets.get(account(login.id));
      if (password === null)
        throw new AppError(
          'not_found',
          `The password for ${login.host} is missing from the secret store. Enter it again under Keys → Registry logins.`,
        );
      return { username: login.username, password, serveraddress: authAddressOf(login.host) };
    },
  };
}

/** Checks the login from the chosen node's engine; what the saved login records as verified. */
async function verifyOnNode(
  ports: RegistriesPorts,
  nodeId: string,
  login: { host: string; username: string; password: string; at: string },
): Promise<NonNullable<RegistryLogin['verified']>> {
  const node = ports.nodes.get(nodeId);
  if (!node)
    throw new AppError('not_found', 'The node chosen for the check no longer exists.', {
      field: 'verifyOnNodeId',
    });
  await verifyOn(ports.connections, node, login.host, login.username, login.password);
  return { at: login.at, nodeId: node.id, nodeName: node.name };
}

async function verifyOn(
  connections: RegistriesPorts['connections'],
  node: Node,
  host: string,
  username: string,
  password: string,
): Promise<void> {
  const docker = await connections.docker(node.id);
  const signal = AbortSignal.timeout(VERIFY_TIMEOUT_MS);
  try {
    await docker.checkAuth({ username, password, serveraddress: authAddressOf(host), abortSignal: signal });
  } catch (error) {
    if (isAppError(error)) throw error;
    if (signal.aborted)
      throw new AppError(
        'timeout',
        `${node.name} got no answer from ${host} within ${VERIFY_TIMEOUT_MS / 1000} s. Check the address, or save without checking. Nothing was saved.`,
        { field: 'host', cause: error },
      );
    const reason = engineReason(error);
    if (isRegistryLoginRefused(error))
      throw new AppError(
        'auth_failed',
        `${host} refused the password for ${username} (checked from ${node.name}): ${reason}. Nothing was saved.`,
        { field: 'password', cause: error },
      );
    throw new AppError(
      'unavailable',
      `${node.name} could not log in to ${host}: ${reason}. Check the address, or save without checking. Nothing was saved.`,
      { field: 'host', cause: error },
    );
  }
}

/** Writes the password first and the row second; a failed row write puts the old password back. */
async function storeLogin(
  deps: { secrets: SecretStore; repository: RegistryLoginRepository },
  login: RegistryLogin,
  password: string,
  isNew: boolean,
): Promise<void> {
  const { secrets, repository } = deps;
  const previous = isNew ? null : await secrets.get(account(login.id));
  await secrets.set(account(login.id), password);
  try {
    repository.save(login);
  } catch (error) {
    if (previous === null) await secrets.delete(account(login.id));
    else await secrets.set(account(login.id), previous);
    throw error;
  }
}
