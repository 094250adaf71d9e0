import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '@shared/contract/monitoring';
import { formatClock, highlightParts } from './monitoring-format';
import { BLOCK, useLogRows, type LogFilterState } from './use-log-rows';
import styles from './monitoring.module.css';

/** Every row has this height, so a row's place is its index times it: nothing is measured. */
export const ROW_HEIGHT = 18;
const VIEW_HEIGHT = 520;
const OVERSCAN = 15;

const LogRow = memo(function LogRow({
  index,
  line,
  search,
  isSelected,
  onSelect,
}: {
  index: number;
  line: LogLine | undefined;
  search: string;
  isSelected: boolean;
  onSelect: (line: LogLine) => void;
}) {
  const style = { top: index * ROW_HEIGHT, height: ROW_HEIGHT };
  if (!line) {
    return (
      <div className={`${styles.logRow} ${styles.logRowPending}`} style={style}>
        …
      </div>
    );
  }
  const className = `log-row${line.stream === 'stderr' ? ' log-row-stderr' : ''}${isSelected ? ' log-row-selected' : ''}`;
  return (
    <div
      className={className}
      style={style}
      data-testid="log-row"
      data-stream={line.stream}
      title={new Date(line.at).toLocaleString()}
      onClick={() => onSelect(line)}
    >
      <span className={styles.logTime}>{formatClock(line.at)}</span>
      <span className={styles.logService}>{line.service}</span>
      <span className={styles.logText}>
        {search
          ? highlightParts(line.text, search).map((part, i) =>
              part.isMatch ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
            )
          : line.text}
      </span>
    </div>
  );
});

export interface LogViewerProps {
  filter: LogFilterState;
  isFollowing: boolean;
  onFollowingChange: (isFollowing: boolean) => void;
  /** Scrolls to this line index; `seq` makes the same index scroll again. */
  jump: { index: number; seq: number } | null;
  onTotal?: (total: number | null) => void;
}

/** The viewport's scroll position, kept at the end while following and moved to a jump's line. */
function useViewportScroll(
  count: number,
  props: Pick<LogViewerProps, 'isFollowing' | 'onFollowingChange' | 'jump'>,
) {
  const { isFollowing, onFollowingChange, jump } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || !isFollowing) return;
    element.scrollTop = element.scrollHeight;
    setScrollTop(element.scrollTop);
  }, [isFollowing, count]);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || !jump) return;
    element.scrollTop = Math.max(0, jump.index * ROW_HEIGHT - VIEW_HEIGHT / 3);
    setScrollTop(element.scrollTop);
  }, [jump]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onScroll = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const element = viewport.current;
      if (!element) return;
      setScrollTop(element.scrollTop);
      const isAtEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT * 2;
      if (isFollowing && !isAtEnd) onFollowingChange(false);
    });
  }, [isFollowing, onFollowingChange]);
  return { viewport, scrollTop, onScroll };
}

function NoLines({ filter }: { filter: LogFilterState }) {
  return (
    <p className={`${styles.logEmpty} muted`}>
      No lines{' '}
      {filter.search || filter.services.length > 0 || filter.streams.length > 0
        ? 'match these filters'
        : 'stored yet'}
      .
    </p>
  );
}

function SelectedLine({ line, onClose }: { line: LogLine; onClose: () => void }) {
  return (
    <div className={styles.logSelected} data-testid="log-selected">
      <div className={styles.logSelectedHead}>
        <span className="muted">
          {new Date(line.at).toLocaleString()} · {line.service} · {line.stream}
        </span>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
      <pre>{line.text}</pre>
    </div>
  );
}

/**
 * A virtualised log: only the rows in view (plus a few) exist in the page, placed by index, so
 * 200,000 lines scroll as smoothly as 200. While following, it stays at the newest line.
 */
export function LogViewer(props: LogViewerProps) {
  const { filter, onTotal } = props;
  const { total, error, rowAt, ensure } = useLogRows(filter);
  const [selected, setSelected] = useState<LogLine | null>(null);
  const count = total ?? 0;
  const { viewport, scrollTop, onScroll } = useViewportScroll(count, props);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    // Fetches half a block beyond what is drawn, so a steady scroll finds its rows already there.
    ensure(Math.max(0, first - BLOCK / 2), last + BLOCK / 2);
  }, [ensure, first, last]);
  useEffect(() => {
    onTotal?.(total);
  }, [onTotal, total]);

  const indexes: number[] = [];
  for (let index = first; index <= last; index += 1) indexes.push(index);

  return (
    <div>
      {error ? <p className="field-error">{error}</p> : null}
      <div
        ref={viewport}
        className={styles.logViewport}
        style={{ height: VIEW_HEIGHT }}
        onScroll={onScroll}
        data-testid="log-viewport"
        role="log"
        aria-label="Log lines"
        tabIndex={0}
      >
        <div className={styles.logCanvas} style={{ height: count * ROW_HEIGHT }}>
          {indexes.map((index) => {
            const line = rowAt(index);
            return (
              <LogRow
                key={index}
                index={index}
                line={line}
                search={filter.search}
                isSelected={selected !== null && line?.id === selected.id}
                onSelect={setSelected}
              />
            );
          })}
        </div>
        {total === 0 ? <NoLines filter={filter} /> : null}
      </div>
      {selected ? <SelectedLine line={selected} onClose={() => setSelected(null)} /> : null}
    </div>
  );
}
