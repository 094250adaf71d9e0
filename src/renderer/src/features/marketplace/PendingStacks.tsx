import type { PendingStack } from '@shared/contract/template-model';
import type { RemoteFile } from '@shared/contract/template-remote';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { ErrorBanner } from '../../components/ErrorBanner';
import { usePendingStacks } from './use-pending-stacks';
import styles from './marketplace.module.css';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function AskToGoOnline({ stacks }: { stacks: ReturnType<typeof usePendingStacks> }) {
  const count = stacks.fetchable.length;
  return (
    <Dialog title="Fetch the stack files?" onClose={stacks.cancel}>
      <p>
        This goes online: Hoster downloads {plural(count, 'file')} over https from {stacks.hosts.join(', ')}.
        Nothing is sent but the addresses, and nothing is kept except the templates the import makes, as
        drafts you can review.
      </p>
      <DialogActions
        confirmLabel={`Fetch ${plural(count, 'file')}`}
        onConfirm={stacks.fetchAll}
        onCancel={stacks.cancel}
      />
    </Dialog>
  );
}

function PendingRow({ stack, stacks }: { stack: PendingStack; stacks: ReturnType<typeof usePendingStacks> }) {
  const failure = stacks.failures.get(stack.url);
  return (
    <tr>
      <td>{stack.subject}</td>
      <td className="mono">
        {stack.repository}
        {stack.repository === stack.stackfile ? null : <div>{stack.stackfile}</div>}
      </td>
      <td>
        {failure ??
          (stack.canFetch ? 'Not fetched yet' : 'Unknown host: download it and choose it as a file')}
      </td>
      <td>
        <label className={styles.pickFile} aria-disabled={stacks.isBusy}>
          Choose file…
          <input
            type="file"
            accept=".yml,.yaml,.txt"
            aria-label={`Compose file for ${stack.subject}`}
            disabled={stacks.isBusy}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) stacks.pick(stack, file);
              event.target.value = '';
            }}
          />
        </label>
      </td>
    </tr>
  );
}

/**
 * The stacks of a Portainer list whose compose files are in repositories: fetch them all (after a
 * yes to going online) or choose each file; either way the import runs again for those stacks.
 */
export function PendingStacks({
  pending,
  importFiles,
}: {
  pending: readonly PendingStack[];
  importFiles: (files: RemoteFile[]) => Promise<void>;
}) {
  const stacks = usePendingStacks(pending, importFiles);
  if (pending.length === 0) return null;
  const count = stacks.fetchable.length;
  return (
    <section className={styles.pendingStacks} aria-label="Stacks waiting for their compose file">
      <h3>
        {pending.length === 1
          ? '1 stack still needs its compose file'
          : `${pending.length} stacks still need their compose file`}
      </h3>
      <p>
        Their compose files live in repositories. Fetch them, or download each one and choose it here; each
        stack then joins the review below.
      </p>
      <ErrorBanner error={stacks.error} />
      {count > 0 ? (
        <button
          type="button"
          className="primary"
          disabled={stacks.isBusy}
          aria-busy={stacks.isFetching}
          onClick={stacks.ask}
        >
          {stacks.isFetching
            ? `Fetching ${plural(count, 'file')}…`
            : `Fetch ${plural(count, 'file')} from their repositories`}
        </button>
      ) : null}
      <table className="table">
        <thead>
          <tr>
            <th>Stack</th>
            <th>Repository and file</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {pending.map((stack) => (
            <PendingRow key={stack.url} stack={stack} stacks={stacks} />
          ))}
        </tbody>
      </table>
      {stacks.isAsking ? <AskToGoOnline stacks={stacks} /> : null}
    </section>
  );
}
