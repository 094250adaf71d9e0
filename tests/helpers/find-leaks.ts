/**
 * Where a secret (a private key's text, a passphrase) or a PEM private-key marker appears in the
 * database, the logs, an answer or an event. Public keys (` AAAA…` tokens) are taken out first:
 * an OpenSSH private key file carries its public half in the clear, and that part is not secret.
 */
export function findLeaks(test: { transcript: () => string; databaseText: () => string }, secrets: string[]): string[] {
  const places = { database: test.databaseText(), 'logs, answers and events': test.transcript() };
  const leaks: string[] = [];
  for (const [place, text] of Object.entries(places)) {
    if (text.includes('PRIVATE KEY')) leaks.push(`a PEM private key marker in the ${place}`);
    const haystack = text.replace(/(?<=[\s"])AAAA[0-9A-Za-z+/]+=*/g, '').replace(/\\n|\s+/g, '');
    for (const [index, secret] of secrets.entries()) {
      const body = secret.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      const needles = body.length > 120 ? [body.slice(0, 40), body.slice(body.length / 2, body.length / 2 + 40), body.slice(-60, -20)] : [body];
      if (needles.some((needle) => needle.length >= 8 && haystack.includes(needle))) leaks.push(`secret #${index + 1} in the ${place}`);
    }
  }
  return leaks;
}
