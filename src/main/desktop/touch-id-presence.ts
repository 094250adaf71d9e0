import { systemPreferences } from 'electron';
import type { OsPresence } from '../core/secrets/presence';

/**
 * Touch ID before a secret is shown, on a Mac that has it. Elsewhere `canAsk` is false and the
 * core asks for a passphrase instead. macOS words the prompt "Hoster Desktop is trying to <reason>".
 */
export function createTouchIdPresence(platform: NodeJS.Platform = process.platform): OsPresence {
  return {
    canAsk: () => platform === 'darwin' && systemPreferences.canPromptTouchID(),
    // Rejected when the user cancels, fails to match or the sensor is unavailable: all are a refusal.
    ask: (reason) =>
      systemPreferences.promptTouchID(reason).then(
        () => true,
        () => false,
      ),
  };
}
