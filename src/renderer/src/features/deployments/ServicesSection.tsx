import { useCallback, useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { ServiceState } from '@shared/contract/services';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useApi } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { unreachableReason } from './deployment-format';
import { serviceBlocker, stateBadge, stateText, stopConsequence } from './service-format';
import styles from './operate.module.css';

type Verb = 'restart' | 'stop' | 'start';

/** The services as the node has them, loaded again whenever the deployment's history or job changes. */
function useServices(detail: DeploymentDetail) {
  const api = useApi();
  const [services, setServices] = useState<ServiceState[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const load = useCallback(
    () =>
      api['services:list']({ id: detail.id }).then(
        (answer) => {
          setServices(answer);
          setError(null);
        },
        (failure: unknown) => setError(errorViewOf(failure)),
      ),
    [api, detail.id],
  );
  const changedAt = detail.transitions[0]?.at;
  useEffect(() => void load(), [load, changedAt, detail.activeJobId, detail.status]);
  return { services, error };
}

function ServiceRow(props: {
  service: ServiceState;
  blocker: string | null;
  onAct: (verb: Verb) => void;
  onLogs: () => void;
}) {
  const { service, blocker } = props;
  const isUp = service.state === 'running';
  const act = (verb: Verb, label: string, tone = '') => (
    <button
      type="button"
      className={tone}
      disabled={blocker !== null}
      title={blocker ?? undefined}
      aria-label={`${label} ${service.service}`}
      onClick={() => props.onAct(verb)}
    >
      {label}
    </button>
  );
  return (
    <tr data-testid="service-row" data-service={service.service} data-state={service.state}>
      <td className="mono">
        {service.service}
        {service.copies > 1 ? <span className="muted"> × {service.copies}</span> : null}
      </td>
      <td>
        <span className={`badge ${stateBadge(service)}`}>{stateText(service)}</span>
        <div className="muted">{service.status}</div>
      </td>
      <td className="mono">{service.image}</td>
      <td className="cell-actions">
        {isUp ? act('restart', 'Restart') : null}{' '}
        {isUp ? act('stop', 'Stop…', 'danger') : act('start', 'Start')}{' '}
        <button type="button" aria-label={`Logs of ${service.service}`} onClick={props.onLogs}>
          Logs
        </button>
      </td>
    </tr>
  );
}

function ServicesTable(props: {
  services: ServiceState[];
  blocker: string | null;
  onAct: (service: ServiceState) => (verb: Verb) => void;
  onLogs: (service: string) => void;
}) {
  return (
    <table className="table" aria-label="Services">
      <thead>
        <tr>
          <th>Service</th>
          <th>State</th>
          <th>Image</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {props.services.map((service) => (
          <ServiceRow
            key={service.service}
            service={service}
            blocker={props.blocker}
            onAct={props.onAct(service)}
            onLogs={() => props.onLogs(service.service)}
          />
        ))}
      </tbody>
    </table>
  );
}

/**
 * Each service of the app with its container's state, image and health; restart, stop (asked first)
 * or start one, and open its logs. Each action is a job on the deployment, so its progress shows above.
 */
export function ServicesSection({
  detail,
  onLogs,
}: {
  detail: DeploymentDetail;
  onLogs: (service: string) => void;
}) {
  const api = useApi();
  const { services, error } = useServices(detail);
  const [stopping, setStopping] = useState<ServiceState | null>(null);
  const act = useAction((verb: Verb, service: string) => api[`services:${verb}`]({ id: detail.id, service }));
  const unreachable = unreachableReason(detail, detail.nodeName);
  const blocker = serviceBlocker(detail, unreachable);
  const onAct = (service: ServiceState) => (verb: Verb) =>
    verb === 'stop' ? setStopping(service) : void act.run(verb, service.service);
  return (
    <section className="card" aria-labelledby="services-heading" data-testid="services-section">
      <h2 id="services-heading">Services</h2>
      {unreachable ? (
        <p className="muted" data-testid="services-unreachable">
          {unreachable} The states below are the last ones seen.
        </p>
      ) : (
        <ErrorBanner error={error ?? act.error} />
      )}
      {services?.length === 0 ? (
        <p className="muted">This app has not run yet: no services to show.</p>
      ) : null}
      {services && services.length > 0 ? (
        <>
          <ServicesTable services={services} blocker={blocker} onAct={onAct} onLogs={onLogs} />
          <p className={styles.hint}>
            Restarting a service leaves the services that depend on it running: they may lose their connection
            to it for a moment. A service you stop stays down, without making the app count as failing, until
            you start it or start the whole app.
          </p>
        </>
      ) : null}
      {!services && !error ? <p className="muted">Loading…</p> : null}
      {stopping ? (
        <ConfirmDialog
          title={`Stop ${stopping.service}?`}
          confirmLabel={`Stop ${stopping.service}`}
          pendingLabel="Stopping…"
          action={() => api['services:stop']({ id: detail.id, service: stopping.service })}
          onClose={() => setStopping(null)}
        >
          <p data-testid="service-stop-consequence">{stopConsequence(stopping)}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
