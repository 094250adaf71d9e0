/**
 * A two-service app with data, on the rig's busybox image: `db` keeps a "database" (a file in its
 * volume) that its template dumps and restores by command, as a real database template would;
 * `files` keeps plain files in a volume of its own, copied as they are. Both sleep otherwise.
 */
export function backupTemplate(image: string, options: { slug: string; version?: string }) {
  return {
    manifest: {
      name: 'Data pair',
      slug: options.slug,
      version: options.version ?? '1.0.0',
      description: 'A database with a dump command and a service with a plain volume.',
      category: 'database',
      tags: ['test'],
      icon: '💾',
      price_monthly_cents: 0,
      resources: { cpu_cores: 0.1, memory_mb: 32, disk_mb: 64 },
      secrets: [{ name: 'DB_PASSWORD', kind: 'hex', bytes: 16 }],
      backups: [
        {
          service: 'db',
          // The dump names the password it was made under, so a restore elsewhere proves the secrets came along.
          dump: ['sh', '-c', 'echo "password=$DB_PASSWORD"; cat /data/db.txt'],
          restore: ['sh', '-c', 'read -r header; test "$header" = "password=$DB_PASSWORD" && cat > /data/db.txt'],
        },
      ],
    },
    compose: [
      'services:',
      '  db:',
      `    image: ${image}`,
      '    command: ["sh", "-c", "test -f /data/db.txt || echo initial > /data/db.txt; exec sleep 86400"]',
      '    environment:',
      '      DB_PASSWORD: ${DB_PASSWORD}',
      '    volumes: ["dbdata:/data"]',
      '    stop_grace_period: 1s',
      '  files:',
      `    image: ${image}`,
      '    command: ["sh", "-c", "exec sleep 86400"]',
      '    volumes: ["files:/files"]',
      '    stop_grace_period: 1s',
      'volumes:',
      '  dbdata: {}',
      '  files: {}',
      '',
    ].join('\n'),
  };
}
