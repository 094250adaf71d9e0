/**
 * A stateless web app: `web` serves `page` with busybox httpd (PID 1, so it ignores SIGTERM and each
 * stop costs its full grace period), healthchecked; with `worker`, a second service that only sleeps.
 * Nothing is stored, so an update of a private deployment runs alongside the running revision.
 */
export function webTemplate(
  image: string,
  options: {
    slug: string;
    version?: string;
    page: string;
    worker?: boolean;
    stopGraceSeconds?: number;
    /** Also serve POST /cgi-bin/size, which answers how many bytes it was sent. */
    countsUploads?: boolean;
  },
) {
  const cgi = options.countsUploads
    ? "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\nwc -c\\n' > /www/cgi-bin/size && chmod +x /www/cgi-bin/size && "
    : '';
  const grace = `    stop_grace_period: ${String(options.stopGraceSeconds ?? 3)}s`;
  const worker = options.worker ? ['  worker:', `    image: ${image}`, '    command: ["sleep", "3600"]', grace] : [];
  return {
    manifest: {
      name: 'Web page',
      slug: options.slug,
      version: options.version ?? '1.0.0',
      description: 'A web page, with nothing stored.',
      category: 'web',
      tags: ['test'],
      icon: '📄',
      price_monthly_cents: 100,
      resources: { cpu_cores: 0.1, memory_mb: 32, disk_mb: 8 },
      primary: { service: 'web', port: 80 },
      variables: [],
      secrets: [],
      notes: '',
    },
    compose: [
      'services:',
      '  web:',
      `    image: ${image}`,
      `    command: ["sh", "-c", "mkdir -p /www && echo ${options.page} > /www/index.html && ${cgi}exec httpd -f -p 80 -h /www"]`,
      '    ports: ["80"]',
      grace,
      '    healthcheck:',
      '      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:80/"]',
      '      interval: 1s',
      '      timeout: 2s',
      '      retries: 20',
      ...worker,
      '',
    ].join('\n'),
  };
}
