import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '@shared/api-client';
import { fakeBridge } from '../../store/test-support';
import { createTerminalLink } from './terminal-link';

const session = { sessionId: 's1', nodeId: 'n1', containerId: 'c1', containerName: 'web-1', shell: 'sh' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function linked() {
  const fake = fakeBridge({ 'terminal:input': () => ({}), 'terminal:close': () => ({}), 'terminal:resize': () => ({}) });
  const written: string[] = [];
  const ended: string[] = [];
  const link = createTerminalLink(createApiClient(fake.bridge), {
    write: (data) => written.push(data),
    ended: (reason) => ended.push(reason),
  });
  return { fake, link, written, ended };
}

afterEach(() => vi.useRealTimers());

describe('createTerminalLink', () => {
  it("writes output pushed before the session's id was known, and only its own", () => {
    const { fake, link, written, ended } = linked();
    fake.emit('terminal:output', { sessionId: 's1', data: '/ # ' });
    fake.emit('terminal:output', { sessionId: 'other', data: 'not mine' });
    expect(written).toEqual([]);
    link.attach(session);
    fake.emit('terminal:output', { sessionId: 's1', data: 'ls' });
    fake.emit('terminal:closed', { sessionId: 's1', reason: 'the container web-1 stopped' });
    expect(written).toEqual(['/ # ', 'ls']);
    expect(ended).toEqual(['the container web-1 stopped']);
  });

  it('sends keystrokes one request at a time, in order, joining what was typed meanwhile', async () => {
    const { fake, link } = linked();
    link.attach(session);
    link.input('e');
    link.input('c');
    link.input('ho\r');
    await settle();
    const inputs = fake.calls.filter((c) => c.method === 'terminal:input').map((c) => c.input);
    expect(inputs).toEqual([
      { sessionId: 's1', data: 'e' },
      { sessionId: 's1', data: 'cho\r' },
    ]);
  });

  it('says every few seconds that the session is wanted, and hangs it up and stops listening when disposed', () => {
    vi.useFakeTimers();
    const { fake, link } = linked();
    link.attach(session);
    vi.advanceTimersByTime(5000);
    expect(fake.calls.filter((c) => c.method === 'terminal:keepalive')).toEqual([
      { method: 'terminal:keepalive', input: { sessionIds: ['s1'] } },
    ]);
    link.dispose();
    expect(fake.calls.at(-1)).toEqual({ method: 'terminal:close', input: { sessionId: 's1' } });
    expect(fake.listening()).toBe(0);
  });
});
