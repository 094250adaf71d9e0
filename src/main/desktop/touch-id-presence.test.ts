import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTouchIdPresence } from './touch-id-presence';

// Electron's binary cannot run in the unit suite: a fake systemPreferences records the prompts and answers as told.
const electron = vi.hoisted(() => ({
  canPrompt: true,
  accepts: true,
  prompts: [] as string[],
}));
vi.mock('electron', () => ({
  systemPreferences: {
    canPromptTouchID: () => electron.canPrompt,
    promptTouchID: (reason: string) => {
      electron.prompts.push(reason);
      return electron.accepts ? Promise.resolve() : Promise.reject(new Error('User canceled'));
    },
  },
}));

describe('createTouchIdPresence', () => {
  beforeEach(() => {
    electron.canPrompt = true;
    electron.accepts = true;
    electron.prompts.length = 0;
  });

  it('asks Touch ID on a Mac that has it, with the reason', async () => {
    const presence = createTouchIdPresence('darwin');
    expect(presence.canAsk()).toBe(true);
    expect(await presence.ask('reveal API_TOKEN of web')).toBe(true);
    expect(electron.prompts).toEqual(['reveal API_TOKEN of web']);
  });

  it('answers false when the user cancels the prompt', async () => {
    electron.accepts = false;
    expect(await createTouchIdPresence('darwin').ask('reveal X')).toBe(false);
  });

  it('cannot ask on a Mac without Touch ID, nor on Linux or Windows', () => {
    electron.canPrompt = false;
    expect(createTouchIdPresence('darwin').canAsk()).toBe(false);
    electron.canPrompt = true;
    expect(createTouchIdPresence('linux').canAsk()).toBe(false);
    expect(createTouchIdPresence('win32').canAsk()).toBe(false);
  });
});
