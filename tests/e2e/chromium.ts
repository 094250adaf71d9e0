/**
 * How every test and benchmark launches Debian's Chromium (Playwright's own browser download cannot
 * run here): the binary, and flags that keep it from reaching out on its own.
 */
export const chromiumExecutable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
