/**
 * A two-service template that runs anywhere the rig's busybox image is: `web` serves a page it fetched
 * from `content` by its compose alias, so the page only appears when service-name networking works.
 */
export function busyboxTemplate(
  image: string,
  options: { slug?: string; version?: string; page?: string; contentCommand?: string } = {},
) {
  const page = options.page ?? 'hello from content';
  const contentCommand =
    options.contentCommand ??
    `mkdir -p /www && echo "$$GREETING" > /www/index.html && exec httpd -f -p 8080 -h /www`;
  return {
    manifest: {
      name: 'Busybox pair',
      slug: options.slug ?? 'busybox-pair',
      version: options.version ?? '1.0.0',
      description: 'Two busybox services: content serves a page, web fetches it by alias and serves it.',
      category: 'web',
      tags: ['test'],
      icon: '📦',
      price_monthly_cents: 300,
      resources: { cpu_cores: 0.1, memory_mb: 64, disk_mb: 16 },
      primary: { service: 'web', port: 80 },
      variables: [{ name: 'GREETING', label: 'Greeting', type: 'text', default: page, required: true }],
      secrets: [{ name: 'API_TOKEN', kind: 'hex', bytes: 16 }],
      notes: 'Open the app to see the greeting.',
    },
    compose: [
      'services:',
      '  web:',
      `    image: ${image}`,
      '    command: ["sh", "-c", "mkdir -p /www && wget -q -O /www/index.html http://content:8080/index.html && exec httpd -f -p 80 -h /www"]',
      '    ports: ["80"]',
      '    restart: unless-stopped',
      '    stop_grace_period: 2s',
      '    depends_on:',
      '      content:',
      '        condition: service_healthy',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:80/"]',
      '      interval: 1s',
      '      timeout: 2s',
      '      retries: 20',
      '  content:',
      `    image: ${image}`,
      `    command: ["sh", "-c", ${JSON.stringify(contentCommand)}]`,
      '    environment:',
      '      GREETING: ${GREETING}',
      '      API_TOKEN: ${API_TOKEN}',
      '    volumes: ["data:/data"]',
      '    restart: unless-stopped',
      '    stop_grace_period: 2s',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"]',
      '      interval: 1s',
      '      timeout: 2s',
      '      retries: 20',
      'volumes:',
      '  data: {}',
      '',
    ].join('\n'),
  };
}
