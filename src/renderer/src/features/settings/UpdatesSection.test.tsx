import { describe, expect, it } from 'vitest';
import type { UpdateState } from '@shared/contract/updates';
import { updateLine } from './UpdatesSection';

const base: UpdateState = {
  currentVersion: '1.0.0',
  isSupported: true,
  unsupportedReason: null,
  status: 'idle',
  lastCheckedAt: null,
  available: null,
  progressPercent: null,
  error: null,
};

describe('updateLine', () => {
  it('says what the updater is doing in words', () => {
    expect(updateLine(base)).toBe('Version 1.0.0. Updates are checked at start and once a day.');
    const available = { version: '1.1.0', releaseNotes: null, releaseDate: null };
    expect(updateLine({ ...base, status: 'downloading', available, progressPercent: 41.6 })).toBe(
      'Downloading 1.1.0: 42 %.',
    );
    expect(updateLine({ ...base, status: 'ready', available })).toBe(
      '1.1.0 is downloaded: it installs when you quit, or now with Restart.',
    );
    expect(updateLine({ ...base, status: 'error', error: 'net::ERR_INTERNET_DISCONNECTED' })).toBe(
      'The last check failed: net::ERR_INTERNET_DISCONNECTED.',
    );
  });
});
