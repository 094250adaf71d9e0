export interface ServiceSpec {
  /** A shell script (`$` written as `$$`, as compose wants). */
  script: string;
  restart?: 'no' | 'unless-stopped';
  tty?: boolean;
  /** A shell test Docker runs every second; one failure makes the container unhealthy. */
  healthcheck?: string;
}

/** A template of busybox services that run the given scripts: what each monitoring test deploys. */
export function scriptTemplate(image: string, slug: string, services: Record<string, ServiceSpec>) {
  const lines = ['services:'];
  for (const [name, spec] of Object.entries(services)) {
    lines.push(
      `  ${name}:`,
      `    image: ${image}`,
      `    command: ["sh", "-c", ${JSON.stringify(spec.script)}]`,
      `    restart: ${spec.restart ?? 'unless-stopped'}`,
      '    stop_grace_period: 1s',
    );
    if (spec.tty) lines.push('    tty: true');
    if (spec.healthcheck)
      lines.push(
        '    healthcheck:',
        `      test: ["CMD-SHELL", ${JSON.stringify(spec.healthcheck)}]`,
        '      interval: 1s',
        '      timeout: 2s',
        '      retries: 1',
      );
  }
  return {
    manifest: {
      name: `Monitoring ${slug}`,
      slug,
      version: '1.0.0',
      description: 'Busybox services for the monitoring tests.',
      category: 'web',
      tags: ['test'],
      icon: '📦',
      price_monthly_cents: 0,
      // The declared resources become each service's Docker limits: a whole core, so a busy loop shows as busy.
      resources: { cpu_cores: 1, memory_mb: 32, disk_mb: 8 },
    },
    compose: `${lines.join('\n')}\n`,
  };
}
