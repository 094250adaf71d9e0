import { Resolver } from 'node:dns/promises';
import type { DnsCheck } from '@shared/contract/domains';

/** A resolver to ask, as the user reads it, and how. */
export interface NamedResolver {
  label: string;
  servers: string[] | null;
}

async function addressesFrom(resolver: NamedResolver, hostname: string): Promise<DnsCheck['answers'][number]> {
  const dns = new Resolver({ timeout: 3000, tries: 2 });
  if (resolver.servers) dns.setServers(resolver.servers);
  const settled = await Promise.allSettled([dns.resolve4(hostname), dns.resolve6(hostname)]);
  const addresses = settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const code = (failure?.reason as { code?: string } | undefined)?.code;
  return {
    resolver: resolver.label,
    addresses,
    error: addresses.length > 0 ? null : code === 'ENOTFOUND' || code === 'ENODATA' ? 'no such name' : (code ?? 'no answer'),
  };
}

/**
 * Resolves the name over every resolver given and compares with the node's addresses. It passes
 * when the public resolver (the last one) answers only the node's addresses; otherwise the advice
 * says exactly which record to create or change.
 */
export async function checkDns(hostname: string, expected: string[], resolvers: NamedResolver[]): Promise<DnsCheck> {
  const answers = await Promise.all(resolvers.map((resolver) => addressesFrom(resolver, hostname)));
  const judged = answers.at(-1);
  const wrong = judged?.addresses.filter((address) => !expected.includes(address)) ?? [];
  const isOk = Boolean(judged && judged.addresses.length > 0 && wrong.length === 0);
  const record = expected.map((address) => `${address.includes(':') ? 'AAAA' : 'A'} ${hostname} → ${address}`).join(' and ');
  const advice = isOk
    ? null
    : judged && judged.addresses.length > 0
      ? `${hostname} points to ${wrong.join(', ')}, not to this node. At your DNS provider, change it to ${record}, wait for the change to spread, and check again.`
      : `${hostname} does not resolve yet. At your DNS provider, create the record ${record}, wait a few minutes, and check again.`;
  return { hostname, expected, answers, isOk, advice };
}
