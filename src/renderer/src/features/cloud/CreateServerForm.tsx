import type { CloudCatalog, CloudProviderStatus } from '@shared/contract/cloud';
import type { SshKey } from '@shared/contract/keys';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import type { ErrorView } from '../../store/slice';
import { costSummary, sizeOptionLabel } from './cloud-format';
import { nameProblem, sizesIn, type CreateServerForm } from './create-server-model';
import styles from './cloud.module.css';

export interface CreateServerFormProps {
  /** Only the providers with a saved token. */
  providers: CloudProviderStatus[];
  keys: SshKey[];
  /** Names of nodes and servers the new one must not take. */
  taken: readonly string[];
  form: CreateServerForm;
  catalog: CloudCatalog | null;
  catalogError: ErrorView | null;
  /** The currency node costs are counted in (Settings → Billing). */
  billingCurrency: string;
  onChange: (form: CreateServerForm) => void;
}

/** What stands in for the form when a server cannot be created yet: no token, or no key. */
export function CreateBlocked({
  reason,
  onGoToSettings,
  onGoToKeys,
}: {
  reason: 'no-token' | 'no-key';
  onGoToSettings: () => void;
  onGoToKeys: () => void;
}) {
  if (reason === 'no-token') {
    return (
      <div data-testid="create-server-blocked">
        <p>
          No cloud provider has a token yet. Add a DigitalOcean or Hetzner Cloud API token in Settings first.
        </p>
        <button type="button" className="primary" onClick={onGoToSettings}>
          Open Settings → Cloud providers
        </button>
      </div>
    );
  }
  return (
    <div data-testid="create-server-blocked">
      <p>Add an SSH key first: the new server trusts its public half, and the app connects with it.</p>
      <button type="button" className="primary" onClick={onGoToKeys}>
        Open Keys
      </button>
    </div>
  );
}

function CatalogFields({
  form,
  catalog,
  onChange,
}: {
  form: CreateServerForm;
  catalog: CloudCatalog;
  onChange: (form: CreateServerForm) => void;
}) {
  const sizes = sizesIn(catalog, form.region);
  return (
    <>
      <Field label="Region">
        {(id) => (
          <select id={id} value={form.region} onChange={(e) => onChange({ ...form, region: e.target.value })}>
            {catalog.regions.map((region) => (
              <option key={region.id} value={region.id}>
                {region.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Size"
        error={sizes.length === 0 ? 'This region offers no size the app can use: pick another region.' : null}
      >
        {(id) => (
          <select id={id} value={form.size} onChange={(e) => onChange({ ...form, size: e.target.value })}>
            {sizes.map((size) => (
              <option key={size.id} value={size.id}>
                {sizeOptionLabel(size, form.region)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Image" hint="Docker is installed from the distribution's own packages.">
        {(id) => (
          <select id={id} value={form.image} onChange={(e) => onChange({ ...form, image: e.target.value })}>
            {catalog.images.map((image) => (
              <option key={image.id} value={image.id}>
                {image.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

type PickProps<T> = T & { form: CreateServerForm; onChange: (form: CreateServerForm) => void };

function ProviderField({ providers, form, onChange }: PickProps<{ providers: CloudProviderStatus[] }>) {
  return (
    <Field label="Provider">
      {(id) => (
        <select
          id={id}
          value={form.provider ?? ''}
          onChange={(e) =>
            onChange({
              ...form,
              provider: providers.find((p) => p.provider === e.target.value)?.provider ?? null,
            })
          }
        >
          {providers.map((p) => (
            <option key={p.provider} value={p.provider}>
              {p.name}
              {p.account ? ` (${p.account.label})` : ''}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function KeyField({ keys, form, onChange }: PickProps<{ keys: SshKey[] }>) {
  return (
    <Field label="SSH key" hint="The server trusts this key's public half; the app connects with it.">
      {(id) => (
        <select id={id} value={form.keyId} onChange={(e) => onChange({ ...form, keyId: e.target.value })}>
          {keys.map((key) => (
            <option key={key.id} value={key.id}>
              {key.name} ({key.type})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Provider, region, size with its monthly price, image, key and name; then what it costs and how the first contact is made. */
export function CreateServerFormView({
  providers,
  keys,
  taken,
  form,
  catalog,
  catalogError,
  billingCurrency,
  onChange,
}: CreateServerFormProps) {
  const size = catalog?.sizes.find((s) => s.id === form.size);
  return (
    <div className={styles.createForm}>
      <ProviderField providers={providers} form={form} onChange={onChange} />
      <ErrorBanner error={catalogError} />
      {catalog ? <CatalogFields form={form} catalog={catalog} onChange={onChange} /> : null}
      {!catalog && !catalogError ? <p className="muted">Reading regions, sizes and prices…</p> : null}
      <KeyField keys={keys} form={form} onChange={onChange} />
      <Field label="Name" error={nameProblem(form.name, taken)}>
        {(id) => (
          <input
            id={id}
            value={form.name}
            spellCheck={false}
            onChange={(e) => onChange({ ...form, name: e.target.value, isNameEdited: true })}
          />
        )}
      </Field>
      {size && form.provider ? (
        <p className={styles.summary} data-testid="create-server-cost">
          {costSummary(form.provider, size, form.region)}
          {size.currency === billingCurrency ? null : (
            <span className="muted" data-testid="create-server-currency">
              {' '}
              Node costs are counted in {billingCurrency} (Settings → Billing): edit the node&apos;s cost after if
              you want it converted.
            </span>
          )}
        </p>
      ) : null}
      <p className="muted">
        First contact: the app makes the server&apos;s SSH host key itself and pins it: no trust-on-first-use.
      </p>
    </div>
  );
}
