import { useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { DnsCheck, DomainKind } from '@shared/contract/domains';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useApi, useAppStore } from '../../store';
import { automaticHostnamePreview, routableServices } from './domain-format';
import { DnsCheckView } from './DnsCheckView';
import styles from './domains.module.css';

/**
 * The service the template names as the one to open, for the select's default; null while unknown.
 * Only a label depends on it: left out, the core routes to that same service.
 */
function usePrimaryService(detail: DeploymentDetail, isNeeded: boolean): string | null {
  const api = useApi();
  const [primary, setPrimary] = useState<string | null>(null);
  const { templateId, templateVersion } = detail;
  useEffect(() => {
    if (!isNeeded) return;
    let isCurrent = true;
    api['templates:get']({ id: templateId, version: templateVersion }).then(
      (template) => {
        if (isCurrent) setPrimary(template.selected.manifest.primary?.service ?? null);
      },
      // A template version deleted since the deploy: the option then says "main service" without its name.
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [api, templateId, templateVersion, isNeeded]);
  return primary;
}

function NameChoice({
  kind,
  automaticName,
  onKind,
}: {
  kind: DomainKind;
  automaticName: string;
  onKind: (kind: DomainKind) => void;
}) {
  return (
    <fieldset className={styles.choice}>
      <legend>Name</legend>
      <label className="checkbox">
        <input
          type="radio"
          name="domain-kind"
          checked={kind === 'automatic'}
          onChange={() => onKind('automatic')}
        />
        <span>
          Automatic (no DNS needed): <span className="mono">{automaticName}</span>
        </span>
      </label>
      <label className="checkbox">
        <input
          type="radio"
          name="domain-kind"
          checked={kind === 'custom'}
          onChange={() => onKind('custom')}
        />
        My own domain
      </label>
    </fieldset>
  );
}

function CustomHostname({
  detail,
  hostname,
  onHostname,
  addError,
}: {
  detail: DeploymentDetail;
  hostname: string;
  onHostname: (hostname: string) => void;
  addError: string | null;
}) {
  const checkDns = useAppStore((s) => s.checkDns);
  const [check, setCheck] = useState<DnsCheck | null>(null);
  const checking = useAction(async () => setCheck(await checkDns({ hostname, nodeId: detail.nodeId })));
  const typed = hostname.trim().toLowerCase();
  const fieldError = checking.error?.field === 'hostname' ? checking.error.message : addError;
  return (
    <>
      <div className="form-row">
        <Field
          label="Domain name"
          hint={`A name you own, such as app.example.com, whose A or AAAA record points at ${detail.nodeName}.`}
          error={fieldError}
          isErrorAlert
          className={styles.grow}
        >
          {(id) => (
            <input
              id={id}
              value={hostname}
              spellCheck={false}
              autoComplete="off"
              placeholder="app.example.com"
              onChange={(event) => onHostname(event.target.value)}
            />
          )}
        </Field>
        <button
          type="button"
          disabled={checking.isPending || typed === ''}
          onClick={() => void checking.run()}
        >
          {checking.isPending ? 'Checking…' : 'Check DNS'}
        </button>
      </div>
      {checking.error && checking.error.field !== 'hostname' ? <ErrorBanner error={checking.error} /> : null}
      {check && check.hostname === typed ? <DnsCheckView check={check} /> : null}
    </>
  );
}

function ServiceSelect({
  services,
  primary,
  service,
  onService,
}: {
  services: string[];
  primary: string | null;
  service: string;
  onService: (service: string) => void;
}) {
  return (
    <Field label="Service" hint="The service whose port the domain leads to.">
      {(id) => (
        <select id={id} value={service} onChange={(event) => onService(event.target.value)}>
          <option value="">
            {primary ? `${primary} (the template's main service)` : "The template's main service"}
          </option>
          {services
            .filter((name) => name !== primary)
            .map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
        </select>
      )}
    </Field>
  );
}

/** Adds a name to the deployment: automatic by default, or one the user owns, checked in DNS on demand. */
export function AddDomainDialog({ detail, onClose }: { detail: DeploymentDetail; onClose: () => void }) {
  const node = useAppStore((s) => s.deployTargets?.nodes.find((n) => n.id === detail.nodeId));
  const add = useAppStore((s) => s.addDomain);
  const [kind, setKind] = useState<DomainKind>('automatic');
  const [hostname, setHostname] = useState('');
  const [service, setService] = useState('');
  const services = routableServices(detail);
  const primary = usePrimaryService(detail, services.length > 1);
  const adding = useAction(async () => {
    await add({
      deploymentId: detail.id,
      kind,
      ...(kind === 'custom' ? { hostname } : {}),
      ...(service ? { service } : {}),
    });
    onClose();
  });
  const isHostnameError = kind === 'custom' && adding.error?.field === 'hostname';
  const automaticName = automaticHostnamePreview(detail.name, node?.host ?? '<node address>');
  return (
    <Dialog title="Add domain" onClose={onClose}>
      {isHostnameError ? null : <ErrorBanner error={adding.error} />}
      <NameChoice kind={kind} automaticName={automaticName} onKind={setKind} />
      {kind === 'custom' ? (
        <CustomHostname
          detail={detail}
          hostname={hostname}
          onHostname={setHostname}
          addError={isHostnameError ? (adding.error?.message ?? null) : null}
        />
      ) : null}
      {services.length > 1 ? (
        <ServiceSelect services={services} primary={primary} service={service} onService={setService} />
      ) : null}
      <p className="muted">
        The node&apos;s proxy answers on ports 80 and 443 and gets the certificate; it is installed with the
        first domain on {detail.nodeName}.
      </p>
      <DialogActions
        confirmLabel={adding.isPending ? 'Adding…' : 'Add'}
        isDisabled={adding.isPending || (kind === 'custom' && hostname.trim() === '')}
        onConfirm={() => void adding.run()}
        onCancel={onClose}
      />
    </Dialog>
  );
}
