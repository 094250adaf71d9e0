import { useState } from 'react';
import { useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import styles from './deployments.module.css';

/** Asks the core for the app's address (a local SSH forward for private ports), then opens it. */
export function OpenAppButton({
  id,
  label = 'Open app',
  showUrl = false,
  isPrimary = false,
  disabledReason = null,
}: {
  id: string;
  label?: string;
  showUrl?: boolean;
  isPrimary?: boolean;
  /** Why the app cannot be opened now (its node is unreachable): the button is disabled and says so. */
  disabledReason?: string | null;
}) {
  const open = useAppStore((s) => s.openDeployment);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const openApp = async () => {
    setIsBusy(true);
    setError(null);
    try {
      const address = await open(id);
      setUrl(address);
      window.open(address, '_blank', 'noopener');
    } catch (failure) {
      setError(errorViewOf(failure));
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <span className={styles.openApp}>
      <button
        type="button"
        className={isPrimary ? 'primary' : undefined}
        disabled={isBusy || disabledReason !== null}
        title={disabledReason ?? undefined}
        onClick={() => void openApp()}
      >
        {isBusy ? 'Opening…' : label}
      </button>
      {showUrl && url ? (
        <a href={url} target="_blank" rel="noreferrer" className="mono" data-testid="app-url">
          {url}
        </a>
      ) : null}
      {error ? (
        <span className="field-error" role="alert">
          {error.message}
        </span>
      ) : null}
    </span>
  );
}
