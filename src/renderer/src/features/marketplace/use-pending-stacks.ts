import { useState } from 'react';
import type { PendingStack } from '@shared/contract/template-model';
import { maxComposeBytes } from '@shared/contract/template-model';
import type { RemoteFile } from '@shared/contract/template-remote';
import { useAction } from '../../components/use-action';
import { useAppStore } from '../../store';

const hostsOf = (stacks: readonly PendingStack[]): string[] =>
  [...new Set(stacks.map((stack) => new URL(stack.url).host))].sort();

/**
 * Completes the stacks an import left pending: fetches their files (after the user said yes to
 * going online) or reads a file the user picked, then reviews the import again with those files.
 */
export function usePendingStacks(
  pending: readonly PendingStack[],
  importFiles: (files: RemoteFile[]) => Promise<void>,
) {
  const fetchStackFiles = useAppStore((s) => s.fetchStackFiles);
  const [isAsking, setIsAsking] = useState(false);
  const [failures, setFailures] = useState<ReadonlyMap<string, string>>(new Map());
  const fetchable = pending.filter((stack) => stack.canFetch);
  const fetching = useAction(async () => {
    setIsAsking(false);
    const result = await fetchStackFiles(fetchable.map((stack) => stack.url));
    setFailures(new Map(result.failures.map((failure) => [failure.url, failure.message])));
    if (result.files.length > 0) await importFiles(result.files);
  });
  const picking = useAction(async (stack: PendingStack, file: File) => {
    if (file.size > maxComposeBytes)
      throw new Error(
        `${file.name} is larger than ${maxComposeBytes / 1024} KB, more than a compose file needs; choose the stack's compose file.`,
      );
    await importFiles([{ url: stack.url, text: await file.text() }]);
  });
  return {
    fetchable,
    hosts: hostsOf(fetchable),
    failures,
    isAsking,
    ask: () => setIsAsking(true),
    cancel: () => setIsAsking(false),
    fetchAll: () => void fetching.run(),
    pick: (stack: PendingStack, file: File) => void picking.run(stack, file),
    isBusy: fetching.isPending || picking.isPending,
    isFetching: fetching.isPending,
    error: fetching.error ?? picking.error,
  };
}
