import type { SystemInfo } from '@shared/contract/system';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { createSystemService } from './system-service';

export function createSystemFeature(
  context: CoreContext,
  info: { appVersion: string; mode: SystemInfo['mode']; databaseFile: string; schemaVersion: number },
): Feature<MethodsOf<'system' | 'settings' | 'jobs' | 'workers'>> {
  const system = createSystemService({ ...info, dataDir: context.dataDir, schemaVersion: () => info.schemaVersion, secrets: context.secrets });
  return {
    handlers: {
      'system:info': () => system.info(),
      'settings:get': () => context.settings.get(),
      'settings:update': (patch) => context.settings.update(patch),
      'jobs:list': (filter) => context.jobs.list(filter),
      'jobs:get': ({ id }) => context.jobs.get(id),
      'jobs:cancel': ({ id }) => context.jobs.cancel(id),
      'workers:list': () => context.scheduler.list(),
      'workers:run': ({ name }) => context.scheduler.runNow(name),
    },
  };
}
