import type { TemplateManifest } from '@shared/contract/template-model';
import type { SecretStore } from '../secrets/secret-store';

const account = (deploymentId: string) => `deployment-secrets:${deploymentId}`;

/** Generated secrets and password-type variables: the only values of a deployment kept in the keychain. */
export const secretNamesOf = (manifest: TemplateManifest): Set<string> =>
  new Set([
    ...manifest.secrets.map((s) => s.name),
    ...manifest.variables.filter((v) => v.type === 'password').map((v) => v.name),
  ]);

export function splitValues(
  manifest: TemplateManifest,
  values: Record<string, string>,
): { plain: Record<string, string>; secret: Record<string, string> } {
  const secretNames = secretNamesOf(manifest);
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) (secretNames.has(name) ? secret : plain)[name] = value;
  return { plain, secret };
}

export function createDeploymentSecrets(store: SecretStore) {
  return {
    async read(deploymentId: string): Promise<Record<string, string>> {
      const text = await store.get(account(deploymentId));
      return text ? (JSON.parse(text) as Record<string, string>) : {};
    },
    write: (deploymentId: string, values: Record<string, string>) =>
      store.set(account(deploymentId), JSON.stringify(values)),
    remove: (deploymentId: string) => store.delete(account(deploymentId)),
  };
}

export type DeploymentSecrets = ReturnType<typeof createDeploymentSecrets>;
