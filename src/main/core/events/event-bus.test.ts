import type { EventPayload } from '@shared/contract';
import { describe, expect, it } from 'vitest';
import { createEventBus, InvalidEventError } from './event-bus';

const job: EventPayload<'jobs:changed'> = {
  id: 'job_1',
  kind: 'deploy',
  target: null,
  status: 'running',
  progress: null,
  error: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
// What a cast lets through: the types say `status` is one of the job statuses, the value is not.
const lyingJob = { ...job, status: 'exploded' } as unknown as EventPayload<'jobs:changed'>;

describe('event bus', () => {
  it('delivers a payload that matches its schema, unchanged, to listeners of that event and of all', () => {
    const bus = createEventBus({ validatePayloads: true });
    const heard: unknown[] = [];
    const offOne = bus.on('jobs:changed', (payload) => heard.push(payload));
    const offAll = bus.onAny((event, payload) => heard.push([event, payload]));
    bus.on('keys:changed', () => heard.push('wrong event'));
    bus.emit('jobs:changed', job);
    expect(heard).toEqual([job, ['jobs:changed', job]]);
    offOne();
    offAll();
    bus.emit('jobs:changed', job);
    expect(heard).toHaveLength(2);
  });

  it('throws on a payload outside its schema, naming the event and the field, and tells no listener', () => {
    const reported: InvalidEventError[] = [];
    const bus = createEventBus({ validatePayloads: true, onInvalidPayload: (error) => reported.push(error) });
    const heard: unknown[] = [];
    bus.onAny((event) => heard.push(event));
    expect(() => bus.emit('jobs:changed', lyingJob)).toThrow(InvalidEventError);
    expect(() => bus.emit('jobs:changed', lyingJob)).toThrow(
      /^Event jobs:changed does not match its contract: status: /,
    );
    expect(reported.map((error) => [error.event, error.issues.length])).toEqual([
      ['jobs:changed', 1],
      ['jobs:changed', 1],
    ]);
    expect(heard).toEqual([]);
  });

  it('without validation (production), forwards whatever it is given', () => {
    const bus = createEventBus();
    const heard: unknown[] = [];
    bus.on('jobs:changed', (payload) => heard.push(payload));
    bus.emit('jobs:changed', lyingJob);
    expect(heard).toEqual([lyingJob]);
  });

  it('keeps telling the other listeners when one throws, and reports the error', () => {
    const errors: unknown[] = [];
    const bus = createEventBus({ onListenerError: (error) => errors.push(error) });
    const heard: string[] = [];
    bus.on('jobs:changed', () => {
      throw new Error('listener broke');
    });
    bus.on('jobs:changed', (payload) => heard.push(payload.id));
    bus.emit('jobs:changed', job);
    expect(heard).toEqual(['job_1']);
    expect(errors).toEqual([new Error('listener broke')]);
  });
});
