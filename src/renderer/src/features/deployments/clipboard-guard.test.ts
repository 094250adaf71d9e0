import { describe, expect, it } from 'vitest';
import { CLEAR_AFTER_SECONDS, clearIfStill, copyForAWhile, type ClipboardLike } from './clipboard-guard';

/** A clipboard that holds one text; `canRead: false` refuses reads as Electron's permission handler does. */
function clipboard(canRead = true): ClipboardLike & { text: string } {
  const board = {
    text: 'before',
    writeText: (text: string) => {
      board.text = text;
      return Promise.resolve();
    },
    readText: () => (canRead ? Promise.resolve(board.text) : Promise.reject(new Error('denied'))),
  };
  return board;
}

/** A schedule that runs only when the test says so, remembering the delay asked for. */
function manualSchedule() {
  const pending: { ms: number; run: () => void; isCancelled: boolean }[] = [];
  return {
    pending,
    schedule: (ms: number, run: () => void) => {
      const entry = { ms, run, isCancelled: false };
      pending.push(entry);
      return () => {
        entry.isCancelled = true;
      };
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('copyForAWhile', () => {
  it('copies the value and empties the clipboard after 30 s when it still holds it', async () => {
    const board = clipboard();
    const { pending, schedule } = manualSchedule();
    await copyForAWhile(board, 's3cret', schedule);
    expect(board.text).toBe('s3cret');
    expect(pending.map((p) => p.ms)).toEqual([CLEAR_AFTER_SECONDS * 1000]);
    pending[0]?.run();
    await flush();
    expect(board.text).toBe('');
  });

  it('leaves alone what the user copied since', async () => {
    const board = clipboard();
    const { pending, schedule } = manualSchedule();
    await copyForAWhile(board, 's3cret', schedule);
    board.text = 'something else';
    pending[0]?.run();
    await flush();
    expect(board.text).toBe('something else');
  });

  it('can be cancelled by a newer copy', async () => {
    const { pending, schedule } = manualSchedule();
    const cancel = await copyForAWhile(clipboard(), 's3cret', schedule);
    cancel();
    expect(pending[0]?.isCancelled).toBe(true);
  });
});

describe('clearIfStill', () => {
  it('empties a clipboard it cannot read', async () => {
    const board = clipboard(false);
    board.text = 'anything';
    expect(await clearIfStill(board, 's3cret')).toBe('cleared');
    expect(board.text).toBe('');
  });
});
