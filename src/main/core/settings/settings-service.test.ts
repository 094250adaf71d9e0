import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { createEventBus } from '../events/event-bus';
import { createSettingsService } from './settings-service';
import { createJsonFileSettingsStore } from './settings-store';

describe('settings', () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const file = () => {
    const dir = makeTempDir();
    dirs.push(dir);
    return join(dir.path, 'settings.json');
  };

  it('starts from defaults and persists a change that a new service reads back', () => {
    const path = file();
    const events = createEventBus();
    const changes: unknown[] = [];
    events.on('settings:changed', (s) => changes.push(s));
    const service = createSettingsService(createJsonFileSettingsStore(path), events);
    expect(service.get().appearance.theme).toBe('system');
    service.update({ appearance: { theme: 'dark' } });
    expect(changes).toHaveLength(1);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ appearance: { theme: 'dark' } });
    const reopened = createSettingsService(createJsonFileSettingsStore(path), createEventBus());
    expect(reopened.get()).toMatchObject({ appearance: { theme: 'dark' }, workers: { nodeHealthSeconds: 30 } });
  });

  it('merges a partial section without losing its other values', () => {
    const service = createSettingsService(createJsonFileSettingsStore(file()), createEventBus());
    service.update({ workers: { nodeHealthSeconds: 120 } });
    expect(service.update({ appearance: { theme: 'light' } })).toMatchObject({ appearance: { theme: 'light' }, workers: { nodeHealthSeconds: 120 } });
  });

  it('falls back to defaults when the file is damaged', () => {
    const path = file();
    writeFileSync(path, '{ not json');
    expect(createSettingsService(createJsonFileSettingsStore(path), createEventBus()).get().appearance.theme).toBe('system');
  });
});

describe('away sampling setting', () => {
  it('defaults to slower, takes paused, and refuses anything else without changing what is stored', () => {
    const dir = makeTempDir();
    try {
      const service = createSettingsService(createJsonFileSettingsStore(join(dir.path, 's.json')), createEventBus());
      expect(service.get().monitoring.awaySampling).toBe('slower');
      expect(service.update({ monitoring: { awaySampling: 'paused' } }).monitoring).toMatchObject({
        awaySampling: 'paused',
        backgroundStatsSeconds: 60,
      });
      expect(() => service.update({ monitoring: { awaySampling: 'fast' as 'paused' } })).toThrow();
      expect(service.get().monitoring.awaySampling).toBe('paused');
    } finally {
      dir.remove();
    }
  });
});
