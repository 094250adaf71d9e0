import type { Handlers as AllHandlers } from '@shared/contract';
import type { MethodsOf } from '../core-context';
import type { MonitoringParts } from './monitoring-parts';

/** `sampling:*`: the rate shown in Settings, and pages telling whether they are visible. */
export function samplingHandlers(parts: MonitoringParts): Pick<AllHandlers, MethodsOf<'sampling'>> {
  return {
    'sampling:rate': () => parts.pace.summary(),
    'sampling:visibility': ({ clientId, isVisible }) => {
      parts.pace.setPageVisible(clientId, isVisible);
      return {};
    },
  };
}
