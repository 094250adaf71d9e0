import { useState } from 'react';
import type { Node } from '@shared/contract/nodes';
import { useAppStore } from '../../../store';
import { canPrepare } from './prepare-model';
import { PrepareServerDialog } from './PrepareServerDialog';

/**
 * On a node's page when its Docker step failed: what preparing does, and the button that opens the
 * dialog. The dialog stays open through the run, also once the node turns online and this card goes.
 */
export function PrepareServer({ node }: { node: Node }) {
  const lastTest = useAppStore((s) => s.nodeTests[node.id]);
  const [isOpen, setOpen] = useState(false);
  if (isOpen) return <PrepareServerDialog node={node} onClose={() => setOpen(false)} />;
  if (!canPrepare(node, lastTest)) return null;
  return (
    <section className="card" aria-labelledby="prepare-heading" data-testid="prepare-server">
      <h2 id="prepare-heading">No Docker engine answers on this server</h2>
      <p className="muted">
        The app can install Docker from the server’s own packages, start it, and test it. It shows the exact
        commands first and runs nothing until you say so.
      </p>
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Prepare this server…
      </button>
    </section>
  );
}
