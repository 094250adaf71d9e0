import { describe, expect, it } from 'vitest';
import {
  describeEvent,
  isoOfNano,
  nanoOfIso,
  sinceOfNano,
  splitEventStream,
  type DockerEvent,
} from './docker-event';

const line = (action: string, nano: string, attributes: Record<string, string> = {}) =>
  JSON.stringify({
    Type: 'container',
    Action: action,
    id: 'c1',
    Actor: { ID: 'abcdef0123456789', Attributes: attributes },
    time: 1,
    timeNano: 0,
  }).replace('"timeNano":0', `"timeNano":${nano}`);

describe('docker events', () => {
  it('splits the stream, keeps a partial object for later and the exact nanoseconds', () => {
    const text = `${line('start', '1795687793587686886')}\n${line('die', '1795687794590000001', { exitCode: '3' })}\n{"Type":"cont`;
    const { events, rest } = splitEventStream(text);
    expect(events.map((e) => [e.action, e.timeNano])).toEqual([
      ['start', 1795687793587686886n],
      ['die', 1795687794590000001n],
    ]);
    expect(rest).toBe('{"Type":"cont');
  });

  it('tells a crash from a stop someone asked for', () => {
    const die = (nano: bigint): DockerEvent => ({
      timeNano: nano,
      action: 'die',
      containerId: 'abcdef0123456789',
      attributes: { exitCode: '143' },
    });
    const crash = describeEvent(die(100_000_000_000n), 'web', undefined);
    expect(crash?.event).toMatchObject({
      kind: 'die',
      severity: 'error',
      exitCode: 143,
      crashes: 1,
      message: 'web exited with code 143',
      containerId: 'abcdef012345',
    });
    const stop = describeEvent(die(100_000_000_000n), 'web', 90_000_000_000n);
    expect(stop?.event).toMatchObject({
      severity: 'warning',
      crashes: 0,
      message: 'web stopped (exit code 143)',
    });
    expect(describeEvent({ ...die(1n), action: 'health_status: unhealthy' }, 'web', undefined)).toMatchObject(
      {
        event: { kind: 'health_status', severity: 'error' },
        change: { health: 'unhealthy' },
      },
    );
    expect(describeEvent({ ...die(1n), action: 'exec_start: sh' }, 'web', undefined)).toBeNull();
  });

  it('converts between Docker times, ISO and since values', () => {
    expect(sinceOfNano(1795687793000000005n)).toBe('1795687793.000000005');
    expect(nanoOfIso('2026-11-26T10:09:56.405424527Z')).toBe(1795687796405424527n);
    expect(isoOfNano(1795687796405424527n)).toBe('2026-11-26T10:09:56.405Z');
  });
});
