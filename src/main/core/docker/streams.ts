export interface LogLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Splits Docker's multiplexed log stream (8-byte frame headers) into stdout and stderr lines. */
export function demuxLogs(buffer: Buffer): LogLine[] {
  const lines: LogLine[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    const stream = kind === 2 ? 'stderr' : 'stdout';
    for (const text of payload.split('\n')) if (text.length > 0) lines.push({ stream, text });
    offset += 8 + size;
  }
  return lines;
}

export interface PullProgress {
  /** Bytes downloaded over bytes to download, across the layers seen so far. */
  fraction: number | undefined;
  layers: number;
  status: string;
}

interface PullEvent {
  status?: string;
  id?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

type Layers = Map<string, { current: number; total: number }>;
const LAYER_DONE = new Set(['Download complete', 'Pull complete', 'Already exists']);

/** Folds one progress line into the per-layer byte counts and says how far the pull is. */
function progressAfter(layers: Layers, event: PullEvent): PullProgress {
  if (event.id && event.progressDetail?.total) {
    layers.set(event.id, { current: event.progressDetail.current ?? 0, total: event.progressDetail.total });
  } else if (event.id && LAYER_DONE.has(event.status ?? '')) {
    const layer = layers.get(event.id);
    if (layer) layer.current = layer.total;
  }
  let current = 0;
  let total = 0;
  for (const layer of layers.values()) {
    current += layer.current;
    total += layer.total;
  }
  return {
    fraction: total > 0 ? Math.min(1, current / total) : undefined,
    layers: layers.size,
    status: event.status ?? '',
  };
}

/**
 * Reads a `POST /images/create` stream to its end. Errors arrive inside the stream as `{error}` lines
 * with a 200 status, so they are checked here (Hoster's pull silently succeeded on them).
 */
export function readPullStream(
  stream: NodeJS.ReadableStream,
  onProgress: (progress: PullProgress) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const layers: Layers = new Map();
    let buffer = '';
    let failure: Error | null = null;
    const onAbort = () => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(signal.reason as Error);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        const event = JSON.parse(line) as PullEvent;
        if (event.error) failure = new Error(event.error);
        else onProgress(progressAfter(layers, event));
      }
    });
    stream.on('error', (error: Error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    stream.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolve();
    });
  });
}
