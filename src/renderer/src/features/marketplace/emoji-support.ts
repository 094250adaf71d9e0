/**
 * Whether this machine has a colour emoji font. Where none is installed (many Linux desktops and
 * servers running browser mode), an emoji renders as an empty box; a template icon then shows its
 * monogram instead.
 */

/** True when any drawn pixel has colour: a colour emoji font was used, not a monochrome missing-glyph box. */
export function hasColouredPixel(rgba: ArrayLike<number>): boolean {
  for (let i = 0; i + 3 < rgba.length; i += 4) {
    const [r, g, b, a] = [rgba[i] ?? 0, rgba[i + 1] ?? 0, rgba[i + 2] ?? 0, rgba[i + 3] ?? 0];
    if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) return true;
  }
  return false;
}

let answer: boolean | null = null;

/** Draws one emoji on a small canvas once and remembers whether it came out in colour. */
export function canShowEmoji(): boolean {
  if (answer !== null) return answer;
  const canvas = typeof document === 'undefined' ? null : document.createElement('canvas');
  const context = canvas?.getContext('2d', { willReadFrequently: true });
  if (!canvas || !context) return (answer = false);
  canvas.width = canvas.height = 24;
  context.textBaseline = 'top';
  context.font = '20px sans-serif';
  context.fillText('🐘', 0, 0);
  answer = hasColouredPixel(context.getImageData(0, 0, 24, 24).data);
  return answer;
}

/** Up to two letters for a name's monogram: "Uptime Kuma" → "UK", "grafana" → "G". */
export function monogramOf(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : (words[0]?.[0] ?? '?');
  return letters.toUpperCase();
}

/** A hue from the name, so each template keeps its own colour. */
export function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}
