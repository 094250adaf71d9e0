import type { SessionTab } from './SessionTabs';
import { SessionTabs } from './SessionTabs';

/** A node page's shells, in any of its containers (the app's or not), opened from its inventory. */
export function NodeTerminals({ tabs, onClose }: { tabs: SessionTab[]; onClose: (key: number) => void }) {
  if (tabs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="node-terminal-heading" data-testid="node-terminal">
      <h2 id="node-terminal-heading">Terminal</h2>
      <SessionTabs tabs={tabs} onClose={onClose} />
    </section>
  );
}
