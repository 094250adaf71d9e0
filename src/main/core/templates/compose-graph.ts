import type { NormalizedService } from '@shared/contract/template-model';

/** What a service must wait for: its depends_on, and services whose namespaces it joins. */
export function startDependencies(service: NormalizedService): string[] {
  const joined = [service.networkMode, service.pid, service.ipc].flatMap((mode) =>
    mode?.startsWith('service:') ? [mode.slice('service:'.length)] : [],
  );
  return [...new Set([...service.dependsOn.map((d) => d.service), ...joined])];
}

/** The first dependency cycle found, as a closed walk such as `['web', 'db', 'web']`, or null. Iterative, for long chains. */
export function findDependencyCycle(services: readonly NormalizedService[]): string[] | null {
  const edges = new Map(services.map((s) => [s.name, startDependencies(s)]));
  const state = new Map<string, 'open' | 'done'>();
  for (const root of services) {
    if (state.has(root.name)) continue;
    const path: string[] = [root.name];
    const cursors: number[] = [0];
    state.set(root.name, 'open');
    while (path.length > 0) {
      const name = path[path.length - 1] ?? '';
      const next = (edges.get(name) ?? [])[cursors[cursors.length - 1] ?? 0];
      if (next === undefined) {
        state.set(name, 'done');
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1] = (cursors[cursors.length - 1] ?? 0) + 1;
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (state.has(next)) continue;
      state.set(next, 'open');
      path.push(next);
      cursors.push(0);
    }
  }
  return null;
}
