import { settingsSchema, type Settings, type SettingsPatch } from '@shared/contract/settings';
import type { EventBus } from '../events/event-bus';
import type { SettingsStore } from './settings-store';

export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
}

export function createSettingsService(store: SettingsStore, events: EventBus): SettingsService {
  const parsed = settingsSchema.safeParse(store.read());
  let current: Settings = parsed.success ? parsed.data : settingsSchema.parse({});

  return {
    get: () => current,
    update(patch) {
      const merged: Record<string, unknown> = { ...current };
      for (const section of Object.keys(patch) as (keyof Settings)[]) {
        merged[section] = { ...current[section], ...patch[section] };
      }
      current = settingsSchema.parse(merged);
      store.write(current);
      events.emit('settings:changed', current);
      return current;
    },
  };
}
