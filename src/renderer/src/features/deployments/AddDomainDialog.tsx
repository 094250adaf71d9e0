import { useEffect, useState } from 'react';
import type { DeploymentDetail } from '@shared/contract/deployments';
import type { DnsCheck, DomainKind } from '@shared/contract/domains';
import type { AppError } from '@shared/result';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useApi, useAppStore } from '../../store';
import { basicAuthOf, BasicAuthFields, noAuth, type AuthChoice } from './BasicAuthFields';
import { automaticHostnamePreview, dnsCheckOf, routableServices } from './domain-format';
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
  check,
  onCheck,
  addError,
}: {
  detail: DeploymentDetail;
  hostname: string;
  onHostname: (hostname: string) => void;
  /** The last DNS check of a name: asked for here, or the one a refused add carried. */
  check: DnsCheck | null;
  onCheck: (check: DnsCheck) => void;
  addError: string | null;
}) {
  const checkDns = useAppStore((s) => s.checkDns);
  const checking = useAction(async () => onCheck(await checkDns({ hostname, nodeId: detail.nodeId })));
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
  error,
}: {
  services: string[];
  primary: string | null;
  service: string;
  onService: (service: string) => void;
  error: string | null;
}) {
  return (
    <Field label="Service" hint="The service whose port the domain leads to." error={error} isErrorAlert>
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

/** The add's error where it belongs: under the field it names when that field is shown, else in a banner. */
function placeError(error: AppError | null, shown: { hostname: boolean; service: boolean }) {
  const field = error?.field;
  const isAtField = (field === 'hostname' && shown.hostname) || (field === 'service' && shown.service);
  return {
    banner: isAtField ? null : error,
    hostname: isAtField && field === 'hostname' ? (error?.message ?? null) : null,
    service: isAtField && field === 'service' ? (error?.message ?? null) : null,
  };
}

/** Adds the domain and closes; a custom name refused in DNS shows the check it carried. */
function useAddDomain(
  deploymentId: string,
  choice: { kind: DomainKind; hostname: string; service: string; auth: AuthChoice },
  onCheck: (check: DnsCheck) => void,
  onClose: () => void,
) {
  const add = useAppStore((s) => s.addDomain);
  return useAction(async () => {
    const { kind, hostname, service, auth } = choice;
    const basicAuth = basicAuthOf(auth);
    try {
      await add({
        deploymentId,
        kind,
        ...(kind === 'custom' ? { hostname } : {}),
        ...(service ? { service } : {}),
        ...(basicAuth ? { basicAuth } : {}),
      });
    } catch (failure) {
      const found = dnsCheckOf(failure);
      if (found) onCheck(found);
      throw failure;
    }
    onClose();
  });
}

/** Adds a name to the deployment: automatic by default, or one the user owns, checked in DNS on demand. */
export function AddDomainDialog({ detail, onClose }: { detail: DeploymentDetail; onClose: () => void }) {
  const node = useAppStore((s) => s.deployTargets?.nodes.find((n) => n.id === detail.nodeId));
  const [kind, setKind] = useState<DomainKind>('automatic');
  const [hostname, setHostname] = useState('');
  const [service, setService] = useState('');
  const [check, setCheck] = useState<DnsCheck | null>(null);
  const [auth, setAuth] = useState<AuthChoice>(noAuth);
  const services = routableServices(detail);
  const primary = usePrimaryService(detail, services.length > 1);
  const adding = useAddDomain(detail.id, { kind, hostname, service, auth }, setCheck, onClose);
  const errors = placeError(adding.error, { hostname: kind === 'custom', service: services.length > 1 });
  return (
    <Dialog title="Add domain" onClose={onClose}>
      <ErrorBanner error={errors.banner} />
      <NameChoice
        kind={kind}
        automaticName={automaticHostnamePreview(detail.name, node?.host ?? null)}
        onKind={setKind}
      />
      {kind === 'custom' ? (
        <CustomHostname
          detail={detail}
          hostname={hostname}
          onHostname={setHostname}
          check={check}
          onCheck={setCheck}
          addError={errors.hostname}
        />
      ) : null}
      {services.length > 1 ? (
        <ServiceSelect
          services={services}
          primary={primary}
          service={service}
          onService={setService}
          error={errors.service}
        />
      ) : null}
      <BasicAuthFields choice={auth} onChoice={setAuth} />
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
