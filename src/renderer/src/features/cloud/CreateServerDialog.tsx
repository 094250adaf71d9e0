import { useEffect, useMemo, useState } from 'react';
import type { CloudCatalog, CloudProviderId } from '@shared/contract/cloud';
import { AppError } from '@shared/result';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { errorViewOf, type ErrorView } from '../../store/slice';
import { createInputOf, emptyCreateForm, resolveForm } from './create-server-model';
import { CreateBlocked, CreateServerFormView } from './CreateServerForm';
import { CreateProgress } from './CreateProgress';

/** The names a new server should not take: other nodes' and other cloud servers'. */
function useTakenNames(): string[] {
  const nodes = useAppStore((s) => s.nodes);
  const servers = useAppStore((s) => s.cloudServers);
  return useMemo(
    () => [...(nodes ?? []).map((n) => n.name), ...(servers ?? []).map((s) => s.name)],
    [nodes, servers],
  );
}

/** The provider's catalog, read once per provider (the store keeps it), or why it could not be read. */
function useCatalog(provider: CloudProviderId | null) {
  const load = useAppStore((s) => s.loadCloudCatalog);
  const [loaded, setLoaded] = useState<{ catalog: CloudCatalog | null; error: ErrorView | null }>({
    catalog: null,
    error: null,
  });
  useEffect(() => {
    if (!provider) return;
    let isCurrent = true;
    load(provider).then(
      (catalog) => {
        if (isCurrent) setLoaded({ catalog, error: null });
      },
      (failure: unknown) => {
        if (isCurrent) setLoaded({ catalog: null, error: errorViewOf(failure) });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [provider, load]);
  const catalog = loaded.catalog?.provider === provider ? loaded.catalog : null;
  return { catalog, error: catalog ? null : loaded.error };
}

function useCreateSources() {
  const providers = useAppStore((s) => s.cloudProviders);
  const keys = useAppStore((s) => s.keys);
  const loadProviders = useAppStore((s) => s.loadCloudProviders);
  const loadKeys = useAppStore((s) => s.loadKeys);
  const error = useAppStore((s) => s.cloudProvidersError ?? s.keysError);
  useEffect(() => {
    void loadProviders();
    void loadKeys();
  }, [loadProviders, loadKeys]);
  const withToken = useMemo(() => (providers ?? []).filter((p) => p.hasToken), [providers]);
  return { providers: providers ? withToken : null, keys, error };
}

function useCreateForm() {
  const { providers, keys, error } = useCreateSources();
  const taken = useTakenNames();
  const [picked, setPicked] = useState(() => emptyCreateForm(null, ''));
  const fallback = { provider: providers?.[0]?.provider ?? null, keyId: keys?.[0]?.id ?? '' };
  const { catalog, error: catalogError } = useCatalog(picked.provider ?? fallback.provider);
  const form = resolveForm(picked, fallback, catalog, taken);
  return { providers, keys, error, taken, form, setForm: setPicked, catalog, catalogError };
}

function CreateStep({ onCreated, onClose }: { onCreated: (serverId: string) => void; onClose: () => void }) {
  const { providers, keys, error, taken, form, setForm, catalog, catalogError } = useCreateForm();
  const navigate = useAppStore((s) => s.navigate);
  const create = useAppStore((s) => s.createCloudServer);
  const checked = createInputOf(form, taken);
  const billingCurrency = useAppStore((s) => s.settings?.billing.currency ?? 'USD');
  const creating = useAction(async () => {
    if ('problem' in checked) throw new AppError('invalid_input', checked.problem);
    onCreated((await create(checked.input)).id);
  });
  const blocked = !providers || !keys ? null : providers.length === 0 ? 'no-token' : keys.length === 0 ? 'no-key' : null;
  if (!providers || !keys || blocked) {
    // Nothing to fill in yet: what stands in for the form, and a way out of the dialog.
    return (
      <>
        {blocked ? (
          <CreateBlocked
            reason={blocked}
            onGoToSettings={() => navigate({ page: 'settings', id: 'cloud' })}
            onGoToKeys={() => navigate({ page: 'keys' })}
          />
        ) : error ? (
          <ErrorBanner error={error} />
        ) : (
          <p className="muted">Loading…</p>
        )}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void creating.run();
      }}
    >
      <CreateServerFormView
        providers={providers}
        keys={keys}
        taken={taken}
        form={form}
        catalog={catalog}
        catalogError={catalogError}
        billingCurrency={billingCurrency}
        onChange={setForm}
      />
      <ErrorBanner error={creating.error} />
      <DialogActions
        confirmLabel={creating.isPending ? 'Starting…' : 'Create server'}
        isDisabled={creating.isPending || !catalog || 'problem' in checked}
        onConfirm={() => void creating.run()}
        onCancel={onClose}
      />
    </form>
  );
}

/** Nodes → Create a server…: the form, then the create's progress in the same dialog until it ends. */
export function CreateServerDialog({ onClose }: { onClose: () => void }) {
  const navigate = useAppStore((s) => s.navigate);
  const [serverId, setServerId] = useState<string | null>(null);
  return (
    <Dialog title="Create a server" onClose={onClose}>
      {serverId ? (
        <CreateProgress
          serverId={serverId}
          onOpenNode={(nodeId) => {
            onClose();
            navigate({ page: 'nodes', id: nodeId });
          }}
          onClose={onClose}
        />
      ) : (
        <CreateStep onCreated={setServerId} onClose={onClose} />
      )}
    </Dialog>
  );
}
