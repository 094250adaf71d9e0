import { AppError } from '@shared/result';
import type { CloudImage } from '@shared/contract/cloud';

/** The distributions whose packages the app installs Docker from; null for any other. */
export const knownDistribution = (name: string): CloudImage['distribution'] | null =>
  name === 'debian' || name === 'ubuntu' ? name : null;

/** The user data as the provider takes it, refused here when over its size limit (KiB, per its API docs). */
export function userDataWithin(provider: string, userData: string, limitKib: number): string {
  const bytes = Buffer.byteLength(userData, 'utf8');
  if (bytes > limitKib * 1024)
    throw new AppError(
      'invalid_input',
      `The cloud-init user data is ${Math.ceil(bytes / 1024)} KiB; ${provider} takes at most ${limitKib} KiB.`,
      { field: 'userData' },
    );
  return userData;
}
