import type { CloudImage } from '@shared/contract/cloud';

/** The distributions whose packages the app installs Docker from; null for any other. */
export const knownDistribution = (name: string): CloudImage['distribution'] | null =>
  name === 'debian' || name === 'ubuntu' ? name : null;
