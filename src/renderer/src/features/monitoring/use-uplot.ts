import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * Mounts a uPlot chart in the returned element, as wide as the element, and builds it anew when
 * `build` changes (new data, range or series). uPlot draws on a canvas and sets its sizes through
 * the CSSOM, which the page's CSP (no inline styles in markup) allows.
 */
export function useUplot(build: (width: number) => { options: Options; data: AlignedData } | null) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const made = build(element.clientWidth);
    if (!made) return;
    const chart = new uPlot(made.options, made.data, element);
    const observer = new ResizeObserver(() => {
      chart.setSize({ width: element.clientWidth, height: made.options.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [build]);
  return ref;
}
