/** Longest line kept; the rest of a longer line is dropped and the cut is marked. */
export const MAX_LINE_BYTES = 16 * 1024;

export interface LogEntry {
  /** Docker's timestamp of the line's first part: RFC 3339 with nine fractional digits, UTC. */
  ts: string;
  stream: 1 | 2;
  text: string;
}

interface Pending {
  ts: string;
  parts: Buffer[];
  bytes: number;
  dropped: number;
}

// CSI and OSC sequences (colours, cursor moves, titles): noise once stored.
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text that is safe to store, search and draw: valid UTF-8, no escape sequences, no control bytes. */
export function cleanLine(raw: Buffer, dropped: number): string {
  const text = raw.toString('utf8').replace(ANSI, '').replace(CONTROL, '\uFFFD');
  return dropped > 0 ? `${text} … [${dropped} more bytes not kept]` : text;
}

type OnEntry = (stream: 1 | 2, message: Buffer) => void;

/** Adds a part to the stream's pending line, keeping at most MAX_LINE_BYTES and counting the rest. */
function appendPart(pending: Map<1 | 2, Pending>, stream: 1 | 2, ts: string, payload: Buffer): void {
  const line = pending.get(stream) ?? { ts, parts: [], bytes: 0, dropped: 0 };
  const room = MAX_LINE_BYTES - line.bytes;
  if (payload.length <= room) {
    line.parts.push(payload);
    line.bytes += payload.length;
  } else {
    if (room > 0) line.parts.push(payload.subarray(0, room));
    line.bytes += Math.max(0, room);
    line.dropped += payload.length - Math.max(0, room);
  }
  pending.set(stream, line);
}

/** Hands on every whole frame (8-byte header, then the entry); returns what is left of the buffer. */
function drainFrames(buffer: Buffer, onEntry: OnEntry): Buffer {
  let rest = buffer;
  while (rest.length >= 8) {
    const kind = rest[0];
    const size = rest.readUInt32BE(4);
    if (rest.length < 8 + size) return rest;
    onEntry(kind === 2 ? 2 : 1, rest.subarray(8, 8 + size));
    rest = rest.subarray(8 + size);
  }
  return rest;
}

/** Hands on every whole line of a TTY's stream; returns what is left of the buffer. */
function drainTty(buffer: Buffer, onEntry: OnEntry): Buffer {
  const starts: number[] = [];
  for (let at = buffer.indexOf(0x0a); at >= 0; at = buffer.indexOf(0x0a, at + 1)) starts.push(at);
  let from = 0;
  for (const end of starts) {
    onEntry(1, buffer.subarray(from, end + 1));
    from = end + 1;
  }
  return buffer.subarray(from);
}

/**
 * Reads Docker's `logs?timestamps=1` answer as it arrives, in any chunking: the 8-byte frame headers
 * of a non-TTY container, or the raw stream of a TTY one. Docker splits lines over 16 KiB into
 * partial entries sharing one timestamp; they are joined back (up to MAX_LINE_BYTES). A line still
 * being written when the answer ends is not emitted: the next read, from before it, brings it whole.
 */
export function createLogDecoder(options: { isTty: boolean; onLine: (entry: LogEntry) => void }) {
  let buffer: Buffer = Buffer.alloc(0);
  const pending = new Map<1 | 2, Pending>();
  let entries = 0;
  let firstTs: string | null = null;

  const emit = (stream: 1 | 2, line: Pending) => {
    options.onLine({ ts: line.ts, stream, text: cleanLine(Buffer.concat(line.parts), line.dropped) });
  };

  const onEntry = (stream: 1 | 2, message: Buffer) => {
    const space = message.indexOf(0x20);
    const ts = space > 0 ? message.subarray(0, space).toString('latin1') : '';
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(ts)) return;
    entries += 1;
    firstTs ??= ts;
    const body = message.subarray(space + 1);
    // A TTY's lines end in \r\n; several lines may share one entry there.
    const lines = body.includes(0x0a) ? splitLines(body) : [body];
    lines.forEach((part, index) => {
      const isLast = index === lines.length - 1;
      const endsLine = !isLast || body[body.length - 1] === 0x0a;
      if (isLast && part.length === 0 && endsLine) return;
      appendPart(pending, stream, ts, stripCarriageReturn(part));
      if (endsLine) {
        const line = pending.get(stream);
        pending.delete(stream);
        if (line) emit(stream, line);
      }
    });
  };

  return {
    push(chunk: Buffer) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      buffer = options.isTty ? drainTty(buffer, onEntry) : drainFrames(buffer, onEntry);
    },
    /** Entries Docker sent (parts of long lines counted apart), and the timestamp of the first. */
    stats: () => ({ entries, firstTs }),
  };
}

function splitLines(body: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(0x0a); at >= 0; at = body.indexOf(0x0a, from)) {
    parts.push(body.subarray(from, at));
    from = at + 1;
  }
  parts.push(body.subarray(from));
  return parts;
}

const stripCarriageReturn = (part: Buffer): Buffer =>
  part[part.length - 1] === 0x0d ? part.subarray(0, -1) : part;

/** Microseconds since the epoch: the store's ordering key (fits a double exactly). */
export function microsOf(ts: string): number {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(ts);
  return Date.parse(`${match?.[1] ?? ts}Z`) * 1000 + Number((match?.[2] ?? '').padEnd(6, '0').slice(0, 6));
}
