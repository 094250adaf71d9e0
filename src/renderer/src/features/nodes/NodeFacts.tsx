import type { Node } from '@shared/contract/nodes';
import { resourceFacts } from './node-page-model';
import styles from './nodes.module.css';

/** CPU, memory, disk and engine as the node's last check stored them: the figures the node list shows. */
export function NodeFacts({ node }: { node: Node }) {
  const r = node.resources;
  if (!r) return null;
  const facts = resourceFacts(r);
  return (
    <section className="card" aria-labelledby="node-facts-heading">
      <h2 id="node-facts-heading">Resources</h2>
      <dl className={`facts ${styles.nodeFacts}`} data-testid="node-facts">
        <dt>CPU</dt>
        <dd>{facts.cpus}</dd>
        <dt>Memory</dt>
        <dd>{facts.memory}</dd>
        <dt>Disk ({r.dockerRootDir})</dt>
        <dd>{facts.disk}</dd>
        <dt>Engine</dt>
        <dd>{facts.engine}</dd>
        <dt>System</dt>
        <dd>{facts.system}</dd>
        <dt>Containers</dt>
        <dd>{facts.containersRunning}</dd>
      </dl>
    </section>
  );
}
