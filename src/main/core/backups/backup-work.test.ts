import { describe, expect, it } from 'vitest';
import { sourcesOf } from './backup-work';
import type { DataTarget } from './ports';

const volume = (name: string) => ({ name, dockerName: `app_${name}`, labels: {}, driverOpts: {} });
const target: DataTarget = {
  id: 'd1',
  name: 'app',
  nodeId: 'n1',
  status: 'running',
  templateId: 't',
  templateVersion: '1.0.0',
  diskMb: 10,
  backupCommands: [{ service: 'db', dump: ['pg_dumpall'], restore: ['psql'] }],
  services: [
    { service: 'db', containerName: 'app-db-1', image: 'postgres', volumes: ['pgdata', 'shared'] },
    { service: 'web', containerName: 'app-web-1', image: 'web', volumes: ['uploads', 'shared'] },
  ],
  volumes: [volume('pgdata'), volume('uploads'), volume('shared'), volume('unused')],
};

const describeSources = (sources: ReturnType<typeof sourcesOf>) => ({
  dumps: sources.dumps.map((d) => d.service),
  volumes: sources.volumes.map((v) => `${v.volume.name}@${v.service}`),
});

describe('what a backup takes', () => {
  it('dumps a running database instead of copying the volume only it uses; copies every other volume', () => {
    expect(describeSources(sourcesOf(target, true))).toEqual({
      dumps: ['db'],
      volumes: ['uploads@web', 'shared@db', 'unused@db'],
    });
  });

  it('copies the database’s files when it is not running, since a dump needs it up', () => {
    expect(describeSources(sourcesOf(target, false))).toEqual({
      dumps: [],
      volumes: ['pgdata@db', 'uploads@web', 'shared@db', 'unused@db'],
    });
  });
});
