/** A one-service busybox app that idles, with maintenance commands: one that succeeds, one that fails on stderr. */
export function terminalTemplate(image: string, slug = 'terminal-box') {
  return {
    manifest: {
      name: 'Terminal box',
      slug,
      version: '1.0.0',
      description: 'A busybox container that idles, to open terminals in.',
      category: 'development',
      tags: ['test'],
      icon: '📦',
      price_monthly_cents: 0,
      resources: { cpu_cores: 0.1, memory_mb: 32, disk_mb: 8 },
      commands: [
        { name: 'Say hello', service: 'box', command: ['sh', '-c', 'echo "hello from $(hostname)"; echo "héllo wörld"'] },
        { name: 'Fail loudly', service: 'box', command: ['sh', '-c', 'echo "about to fail"; echo "no such table" >&2; exit 3'] },
      ],
    },
    compose: [
      'services:',
      '  box:',
      `    image: ${image}`,
      '    command: ["sh", "-c", "trap \'exit 0\' TERM; while true; do sleep 1; done"]',
      '    restart: unless-stopped',
      '    stop_grace_period: 2s',
      '',
    ].join('\n'),
  };
}
