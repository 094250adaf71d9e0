import { useEffect, useState } from 'react';
import { useApi } from '../../store';

/** Whether the app stays up during an update to `version`, as the core would carry it out; quiet while unknown. */
export function UpdateImpact({ deploymentId, version }: { deploymentId: string; version: string }) {
  const api = useApi();
  const [impact, setImpact] = useState<{ version: string; staysUp: boolean; reason: string | null } | null>(null);
  useEffect(() => {
    let isCurrent = true;
    api['deployments:update-preview']({ id: deploymentId, version }).then(
      (preview) => {
        if (isCurrent) setImpact({ version, ...preview });
      },
      // No preview (the version vanished, the core is busy): the dialog still updates, and says nothing here.
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [api, deploymentId, version]);
  if (impact?.version !== version) return null;
  return (
    <p className="muted" data-testid="update-impact">
      {impact.staysUp
        ? 'The app stays up: the new revision starts next to the running one and takes over once it is healthy.'
        : `The app stops while it updates (${impact.reason ?? 'the two revisions cannot run together'}); its services stop together and it is back once the new revision is healthy.`}
    </p>
  );
}
