import { useEffect, useMemo, useState } from 'react';
import type { LogStream } from '@shared/contract/monitoring';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { LogViewer } from './LogViewer';
import type { LogFilterState } from './use-log-rows';
import { localInputValue } from './monitoring-format';
import styles from './monitoring.module.css';

const SEARCH_DELAY_MS = 300;

function saveText(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The search as typed, applied once typing pauses. */
function useSettledSearch(typed: string) {
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  return search;
}

interface LogFiltersProps {
  services: string[];
  service: string;
  setService: (service: string) => void;
  stream: LogStream | '';
  setStream: (stream: LogStream | '') => void;
  typed: string;
  setTyped: (typed: string) => void;
  isFollowing: boolean;
  setFollowing: (isFollowing: boolean) => void;
}

function LogFilters(props: LogFiltersProps) {
  const { services, service, setService, stream, setStream, typed, setTyped, isFollowing, setFollowing } =
    props;
  return (
    <div className={styles.monitoringToolbar}>
      <h2 id="logs-heading">Logs</h2>
      <label className={styles.toolbarField}>
        Service
        <select value={service} onChange={(e) => setService(e.target.value)} data-testid="log-service">
          <option value="">All services</option>
          {services.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.toolbarField}>
        Stream
        <select
          value={stream}
          onChange={(e) =>
            setStream(e.target.value === 'stdout' || e.target.value === 'stderr' ? e.target.value : '')
          }
          data-testid="log-stream"
        >
          <option value="">stdout and stderr</option>
          <option value="stdout">stdout</option>
          <option value="stderr">stderr</option>
        </select>
      </label>
      <label className={`${styles.toolbarField} ${styles.grow}`}>
        Search
        <input
          type="search"
          value={typed}
          placeholder="Words in the line"
          onChange={(e) => setTyped(e.target.value)}
          data-testid="log-search"
        />
      </label>
      <label className={styles.toolbarCheck}>
        <input
          type="checkbox"
          checked={isFollowing}
          onChange={(e) => setFollowing(e.target.checked)}
          data-testid="log-follow"
        />
        Follow
      </label>
    </div>
  );
}

interface LogJumpBarProps {
  filter: LogFilterState;
  total: number | null;
  /** Called with the index of the first line at or after the chosen time. */
  onJump: (index: number) => void;
}

function LogJumpBar({ filter, total, onJump }: LogJumpBarProps) {
  const locate = useAppStore((s) => s.locateLog);
  const download = useAppStore((s) => s.downloadLogs);
  const [jumpAt, setJumpAt] = useState(() => localInputValue(new Date()));
  const jumpTo = useAction(async () =>
    onJump(await locate({ ...filter, at: new Date(jumpAt).toISOString() })),
  );
  const save = useAction(async () => {
    const file = await download(filter);
    saveText(file.fileName, file.text);
  });
  const error = jumpTo.error ?? save.error;
  return (
    <>
      <div className={styles.monitoringToolbar}>
        <label className={styles.toolbarField}>
          Jump to
          <input
            type="datetime-local"
            value={jumpAt}
            onChange={(e) => setJumpAt(e.target.value)}
            data-testid="log-jump-at"
          />
        </label>
        <button type="button" onClick={() => void jumpTo.run()} disabled={jumpTo.isPending || !jumpAt}>
          Go
        </button>
        <button
          type="button"
          onClick={() => void save.run()}
          disabled={save.isPending}
          data-testid="log-download"
        >
          {save.isPending ? 'Preparing…' : 'Download'}
        </button>
        <span className={`muted ${styles.growRight}`} data-testid="log-total">
          {total === null ? 'Loading…' : `${total.toLocaleString()} line${total === 1 ? '' : 's'}`}
        </span>
      </div>
      {error ? <p className="field-error">{error.message}</p> : null}
    </>
  );
}

/** Stored logs of a deployment: filter by service and stream, search, jump to a time, follow, download. */
export function LogsTab({
  deploymentId,
  services,
  initialService = '',
}: {
  deploymentId: string;
  services: string[];
  initialService?: string | undefined;
}) {
  const [service, setService] = useState(initialService);
  const [stream, setStream] = useState<LogStream | ''>('');
  const [typed, setTyped] = useState('');
  const search = useSettledSearch(typed);
  const [isFollowing, setFollowing] = useState(true);
  const [jump, setJump] = useState<{ index: number; seq: number } | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const filter = useMemo(
    () => ({ deploymentId, services: service ? [service] : [], streams: stream ? [stream] : [], search }),
    [deploymentId, service, stream, search],
  );
  const onJump = (index: number) => {
    setFollowing(false);
    setJump((previous) => ({ index, seq: (previous?.seq ?? 0) + 1 }));
  };
  return (
    <section className="card" aria-labelledby="logs-heading" data-testid="monitoring-logs">
      <LogFilters
        {...{ services, service, setService, stream, setStream, typed, setTyped, isFollowing, setFollowing }}
      />
      <LogJumpBar filter={filter} total={total} onJump={onJump} />
      <LogViewer
        filter={filter}
        isFollowing={isFollowing}
        onFollowingChange={setFollowing}
        jump={jump}
        onTotal={setTotal}
      />
    </section>
  );
}
