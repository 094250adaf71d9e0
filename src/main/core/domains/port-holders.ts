/**
 * Who listens on ports 80 and 443, from `ss -Hltnp` lines ("LISTEN 0 511 0.0.0.0:80 0.0.0.0:*
 * users:(("nginx",pid=812,fd=6))"), in words: `nginx (pid 812) on port 80`. Without root, ss shows
 * no process for others' sockets: then only the port is named.
 */
export function describePortHolders(ssOutput: string): string {
  const found: string[] = [];
  for (const line of ssOutput.split('\n')) {
    const port = /[:\]](80|443)\s/.exec(line)?.[1];
    if (!port) continue;
    const process = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    const who = process ? `${process[1] ?? ''} (pid ${process[2] ?? ''})` : 'a program';
    const said = `${who} on port ${port}`;
    if (!found.includes(said)) found.push(said);
  }
  return found.join(' and ');
}

/** The command that lists the listeners on 80 and 443 (iproute2's ss, present on most servers). */
export const PORT_HOLDERS_COMMAND = "ss -Hltnp '( sport = :80 or sport = :443 )' 2>/dev/null || true";
