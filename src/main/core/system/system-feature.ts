import type { SystemInfo } from '@shared/contract/system';
import type { CoreContext, Feature, MethodsOf } from '../core-context';
import { AppError } from '@shared/result';
import { createSystemService } from './system-service';
import type { UpdatesPort } from './updates-port';

export function createSystemFeature(
  context: CoreContext,
  info: { appVersion: string; mode: SystemInfo['mode']; databaseFile: string; schemaVersion: number },
  updates: UpdatesPort,
): Feature<MethodsOf<'system' | 'settings' | 'jobs' | 'workers' | 'updates'>> {
  updates.onChange((state) => context.events.emit('updates:changed', state));
  const system = createSystemService({
    ...info,
    dataDir: context.dataDir,
    schemaVersion: () => info.schemaVersion,
    secrets: context.secrets,
  });
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
      'updates:status': () => updates.state(),
      'updates:check': () => updates.check(),
      'updates:restart': () => {
        if (updates.state().status !== 'ready')
          throw new AppError('conflict', 'No update is downloaded yet: check for updates first.');
        updates.restart();
        return {};
      },
    },
  };
}
