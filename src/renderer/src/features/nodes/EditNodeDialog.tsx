import { useState } from 'react';
import type { Node } from '@shared/contract/nodes';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';
import { fromNode, toNodeFields, type NodeFormValues } from './node-form-model';
import { NodeForm } from './NodeForm';

export function EditNodeDialog({ node, onClose }: { node: Node; onClose: () => void }) {
  const update = useAppStore((s) => s.updateNode);
  const [values, setValues] = useState<NodeFormValues>(fromNode(node));
  const saving = useAction(update);
  const fields = toNodeFields(values);
  const isMoving = node.kind === 'ssh' && (fields.host !== node.host || fields.port !== node.port);

  const save = async () => {
    const { name, tags, monthlyCostCents, dockerSocket } = fields;
    const saved = await saving.run(
      node.id,
      node.kind === 'local' ? { name, tags, monthlyCostCents, dockerSocket } : fields,
    );
    if (saved) onClose();
  };

  return (
    <Dialog title={`Edit ${node.name}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <NodeForm
          values={values}
          onChange={setValues}
          nodeId={node.id}
          isLocal={node.kind === 'local'}
          error={saving.error}
        />
        {isMoving ? (
          <p className="banner banner-warn">
            A new address may be a different server: its host key will have to be checked and trusted again.
          </p>
        ) : null}
        <p className="muted">
          Saving drops this node&apos;s connection; the next use connects again with the new settings.
        </p>
        <ErrorBanner error={saving.error && !saving.error.field ? saving.error : null} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving.isPending}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
