import { useEffect, useState } from 'react';
import type { SamplingRate } from '@shared/contract/sampling';
import type { Settings } from '@shared/contract/settings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useApi, useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { samplingRateText } from './sampling-rate-text';

type AwaySampling = Settings['monitoring']['awaySampling'];
const modes: { value: AwaySampling; label: string }[] = [
  { value: 'normal', label: 'Sample as usual' },
  { value: 'slower', label: 'Sample 4× less often' },
  { value: 'paused', label: 'Pause stats (logs still collected)' },
];
/** The rate line is read again this often while Settings is open (battery and window change on their own). */
const RATE_REFRESH_MS = 10_000;

/** The current sampling rate, or what keeps it from showing. */
export function SamplingRateLine({ rate, error }: { rate: SamplingRate | null; error: ErrorView | null }) {
  if (error) return <ErrorBanner error={error} />;
  return (
    <p className="muted" data-testid="sampling-rate">
      {rate ? samplingRateText(rate) : 'Reading the current rate…'}
    </p>
  );
}

function useSamplingRate(awaySampling: AwaySampling | undefined) {
  const api = useApi();
  const [rate, setRate] = useState<SamplingRate | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  useEffect(() => {
    const load = () =>
      api['sampling:rate']({}).then(
        (next) => {
          setRate(next);
          setError(null);
        },
        (e: unknown) => setError(errorViewOf(e)),
      );
    void load();
    const timer = setInterval(() => void load(), RATE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [api, awaySampling]);
  return { rate, error };
}

/** Settings: how monitoring samples while the user is away, and how often it samples now. */
export function SamplingSettings() {
  const awaySampling = useAppStore((s) => s.settings?.monitoring.awaySampling);
  const update = useAppStore((s) => s.updateSettings);
  const { rate, error } = useSamplingRate(awaySampling);
  return (
    <section className="card" aria-labelledby="sampling-heading" data-testid="sampling-settings">
      <h2 id="sampling-heading">Monitoring rate</h2>
      <p className="muted">
        What is on screen is read every few seconds, the rest less often; a container whose figures do not
        change is read less and less often, up to every 5 minutes. Alerts (crash loops, failing healthchecks,
        node down) come from events and keep their speed whatever is chosen here.
      </p>
      <p>
        <strong>When on battery or the window has been hidden for a while</strong>
      </p>
      <fieldset className="segmented" aria-label="When on battery or the window has been hidden for a while">
        <legend>When on battery or the window has been hidden for a while</legend>
        {modes.map((option) => (
          <label key={option.value} className={awaySampling === option.value ? 'segment selected' : 'segment'}>
            <input
              type="radio"
              name="away-sampling"
              value={option.value}
              checked={awaySampling === option.value}
              disabled={awaySampling === undefined}
              onChange={() => void update({ monitoring: { awaySampling: option.value } })}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <SamplingRateLine rate={rate} error={error} />
    </section>
  );
}
