/** How long a copied secret stays on the clipboard. */
export const CLEAR_AFTER_SECONDS = 30;

export interface ClipboardLike {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

export type Schedule = (ms: number, run: () => void) => () => void;

const afterTimeout: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/**
 * Empties the clipboard if it still holds `value`; what the user copied since is left alone. Where
 * the clipboard cannot be read (Electron refuses the permission; a browser without focus), it is
 * emptied anyway: a password left there is worse than losing a later copy the user was told about.
 */
export async function clearIfStill(clipboard: ClipboardLike, value: string): Promise<'cleared' | 'kept'> {
  const current = await clipboard.readText().catch(() => value);
  if (current !== value) return 'kept';
  await clipboard.writeText('');
  return 'cleared';
}

/**
 * Copies a secret and empties the clipboard after CLEAR_AFTER_SECONDS if it still holds it. The timer
 * lives outside any component, so leaving the page does not leave the secret behind. Returns what
 * cancels the clearing (a newer copy takes over).
 */
export async function copyForAWhile(
  clipboard: ClipboardLike,
  value: string,
  schedule: Schedule = afterTimeout,
): Promise<() => void> {
  await clipboard.writeText(value);
  return schedule(
    CLEAR_AFTER_SECONDS * 1000,
    () => void clearIfStill(clipboard, value).catch(() => undefined),
  );
}
