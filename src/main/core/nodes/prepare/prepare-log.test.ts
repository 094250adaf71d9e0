import { describe, expect, it } from 'vitest';
import { createPrepareLogs, lastLines } from './prepare-log';

describe('createPrepareLogs', () => {
  it('keeps the latest run of each node, cut from the front past its limit', () => {
    const logs = createPrepareLogs(10);
    expect(logs.get('n1')).toEqual({ nodeId: 'n1', jobId: null, text: '' });
    logs.append('n1', 'lost: no run yet');
    logs.begin('n1', 'job-1');
    logs.append('n1', 'abcdef');
    logs.append('n1', 'ghijkl');
    expect(logs.get('n1')).toEqual({ nodeId: 'n1', jobId: 'job-1', text: 'cdefghijkl' });
    logs.begin('n1', 'job-2');
    expect(logs.get('n1')).toEqual({ nodeId: 'n1', jobId: 'job-2', text: '' });
    expect(logs.get('n2').jobId).toBeNull();
  });
});

describe('lastLines', () => {
  it('gives the last non-empty lines, whatever the line ends', () => {
    expect(lastLines('a\r\nb\n\n c  \rd\n', 3)).toBe('b\n c\nd');
    expect(lastLines('', 3)).toBe('');
  });
});
