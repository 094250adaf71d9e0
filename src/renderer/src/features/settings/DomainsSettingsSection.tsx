import { useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import {
  isSameDomainsSettings,
  parseDomainsDraft,
  type DomainsFieldErrors,
  type DomainsSettings,
} from './domains-settings-model';
import styles from './settings.module.css';

interface DraftProps {
  draft: DomainsSettings;
  errors: DomainsFieldErrors;
  setDraft: (draft: DomainsSettings) => void;
}

function CertificateFields({ draft, errors, setDraft }: DraftProps) {
  return (
    <>
      <Field
        label="ACME directory"
        hint="The certificate authority that issues certificates. Let's Encrypt by default; a private CA's directory URL works too."
        error={errors.acmeDirectory}
      >
        {(id) => (
          <input
            id={id}
            type="url"
            spellCheck={false}
            value={draft.acmeDirectory}
            onChange={(event) => setDraft({ ...draft, acmeDirectory: event.target.value })}
          />
        )}
      </Field>
      <Field
        label="Email for the CA (optional)"
        hint="The CA writes here before a certificate expires."
        error={errors.acmeEmail}
      >
        {(id) => (
          <input
            id={id}
            type="email"
            value={draft.acmeEmail}
            onChange={(event) => setDraft({ ...draft, acmeEmail: event.target.value })}
          />
        )}
      </Field>
      <Field
        label="Trusted root for a private CA (PEM)"
        hint="Only for a private CA: the certificate its directory's HTTPS chains to. Leave it empty for Let's Encrypt or any public CA."
        error={errors.acmeTrustedRootPem}
      >
        {(id) => (
          <textarea
            id={id}
            rows={4}
            spellCheck={false}
            className={styles.pem}
            placeholder="-----BEGIN CERTIFICATE-----"
            value={draft.acmeTrustedRootPem}
            onChange={(event) => setDraft({ ...draft, acmeTrustedRootPem: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}

function ProxyFields({ draft, errors, setDraft }: DraftProps) {
  return (
    <>
      <Field
        label="DNS resolver"
        hint="The public resolver the domain check asks, besides this computer's own (host or host:port)."
        error={errors.dnsResolver}
      >
        {(id) => (
          <input
            id={id}
            spellCheck={false}
            value={draft.dnsResolver}
            onChange={(event) => setDraft({ ...draft, dnsResolver: event.target.value })}
          />
        )}
      </Field>
      <Field
        label="Proxy image"
        hint="The image of the proxy each node runs for its domains; pinned by digest once a node has pulled it."
        error={errors.proxyImage}
      >
        {(id) => (
          <input
            id={id}
            spellCheck={false}
            value={draft.proxyImage}
            onChange={(event) => setDraft({ ...draft, proxyImage: event.target.value })}
          />
        )}
      </Field>
      <Field
        label="Proxy listen address"
        hint="The node address the proxy answers on, ports 80 and 443. Empty: every address of the node."
        error={errors.proxyListenAddress}
      >
        {(id) => (
          <input
            id={id}
            spellCheck={false}
            placeholder="every address"
            value={draft.proxyListenAddress}
            onChange={(event) => setDraft({ ...draft, proxyListenAddress: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}

function DomainsForm({ saved }: { saved: DomainsSettings }) {
  const update = useAppStore((s) => s.updateSettings);
  const [draft, setDraft] = useState(saved);
  const [errors, setErrors] = useState<DomainsFieldErrors>({});
  const saving = useAction(async () => {
    const parsed = parseDomainsDraft(draft);
    setErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    setDraft({ ...draft, ...parsed.value });
    await update({ domains: parsed.value });
  });
  const isSaved = isSameDomainsSettings(draft, saved);
  return (
    <form
      className={styles.settingsForm}
      aria-label="Domains and HTTPS"
      onSubmit={(event) => {
        event.preventDefault();
        void saving.run();
      }}
    >
      <CertificateFields draft={draft} errors={errors} setDraft={setDraft} />
      <ProxyFields draft={draft} errors={errors} setDraft={setDraft} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={isSaved || saving.isPending}>
          {saving.isPending ? 'Saving…' : 'Save'}
        </button>
        <span className="muted" data-testid="domains-settings-state">
          {isSaved ? 'Saved' : 'Not saved yet'}
        </span>
      </div>
    </form>
  );
}

/** How domains get their certificates and how each node's proxy runs. */
export function DomainsSettingsSection() {
  const saved = useAppStore((s) => s.settings?.domains);
  const error = useAppStore((s) => s.settingsError);
  return (
    <section className="card" aria-labelledby="domains-settings-heading">
      <h2 id="domains-settings-heading">Domains and HTTPS</h2>
      <p className="muted">
        Each node with a domain runs one proxy that answers on ports 80 and 443 and gets certificates over
        ACME.
      </p>
      <ErrorBanner error={error} />
      {saved ? <DomainsForm saved={saved} /> : <p className="muted">Loading…</p>}
    </section>
  );
}
