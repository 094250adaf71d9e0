import type { DeploymentSettings } from '@shared/contract/deployment-settings';
import type { Mount, NormalizedCompose, TemplateManifest } from '@shared/contract/template-model';
import { secretNamesOf } from './deployment-secrets';
import { applySettings } from './service-settings';

/** What a secret's value shows as in a preview: the renderer never sees one. */
export const MASK = '********';

/** Values to render a preview with: every secret (generated or a password variable) masked. */
export const maskedValues = (
  manifest: TemplateManifest,
  values: Record<string, string>,
  secretNames: readonly string[],
): Record<string, string> => {
  const masked = new Set([...secretNamesOf(manifest), ...secretNames]);
  return {
    ...values,
    ...Object.fromEntries([...masked].map((name) => [name, MASK])),
  };
};

const mountText = (mount: Mount): string =>
  mount.type === 'tmpfs'
    ? `tmpfs:${mount.target}`
    : `${mount.source ?? '(anonymous)'}:${mount.target}${mount.readOnly ? ':ro' : ''}`;

const quoted = (value: string) => JSON.stringify(value);

/**
 * The compose as a deployment runs it with `settings`, in compose's own words and in a stable
 * order, so two of them compare line by line: image, ports, volumes, environment, replicas, limits.
 */
export function effectiveCompose(
  compose: NormalizedCompose,
  manifest: TemplateManifest,
  settings: DeploymentSettings,
  nodeCpus: number | null = null,
): string {
  const lines = ['services:'];
  for (const service of applySettings(compose, manifest, settings, nodeCpus).services) {
    lines.push(`  ${service.name}:`, `    image: ${service.image}`);
    if (service.ports.length > 0) {
      lines.push('    ports:');
      for (const port of service.ports)
        lines.push(
          `      - ${port.published === null ? '' : `${port.published}:`}${port.target}/${port.protocol}`,
        );
    }
    if (service.mounts.length > 0) {
      lines.push('    volumes:');
      for (const mount of service.mounts) lines.push(`      - ${mountText(mount)}`);
    }
    const environment = Object.entries(service.environment).sort(([a], [b]) => a.localeCompare(b));
    if (environment.length > 0) {
      lines.push('    environment:');
      for (const [name, value] of environment) lines.push(`      ${name}: ${quoted(value)}`);
    }
    const memoryMb = Math.round((service.limits.memoryBytes ?? 0) / (1024 * 1024));
    lines.push(
      '    deploy:',
      `      replicas: ${settings.services[service.name]?.replicas ?? 1}`,
      '      resources:',
      '        limits:',
      `          cpus: ${quoted(String(service.limits.cpus))}`,
      `          memory: ${memoryMb}M`,
    );
  }
  return `${lines.join('\n')}\n`;
}
