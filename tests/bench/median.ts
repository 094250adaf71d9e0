/** The median time of `runs` runs of `run` (awaited, so a run may be async), in milliseconds. */
export async function medianMs(runs: number, run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}
