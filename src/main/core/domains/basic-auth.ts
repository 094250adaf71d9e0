import type Docker from 'dockerode';
import type { SecretStore } from '../secrets/secret-store';
import { hashPassword } from './proxy-container';

/** A password-protected domain's secret: the password (to show or rehash) and its bcrypt hash (for the proxy). */
interface StoredAuth {
  password: string;
  hash: string;
}

const account = (domainId: string) => `domain-auth:${domainId}`;

/** Hashes the password in the node's proxy and keeps both in the keychain. */
export async function storeAuth(secrets: SecretStore, docker: Docker, domainId: string, password: string) {
  const stored: StoredAuth = { password, hash: await hashPassword(docker, password) };
  await secrets.set(account(domainId), JSON.stringify(stored));
}

/** The hash the proxy checks against, or null when none is stored yet (the domain is then not routed). */
export async function authHashOf(secrets: SecretStore, domainId: string): Promise<string | null> {
  const text = await secrets.get(account(domainId));
  return text ? (JSON.parse(text) as StoredAuth).hash : null;
}

export const forgetAuth = (secrets: SecretStore, domainId: string) => secrets.delete(account(domainId));
