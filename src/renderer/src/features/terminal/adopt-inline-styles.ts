/**
 * xterm's DOM renderer writes its cell sizes and theme into <style> elements it adds inside the
 * terminal. The app's Content-Security-Policy (`style-src 'self'`, no inline styles) stops the page
 * from applying those, so the grid would collapse. Rules given through the CSSOM are not inline
 * styles: this copies the text of every <style> under `root` into one constructed stylesheet
 * adopted by the document, and again whenever xterm rewrites them. Returns what stops it.
 */
export function adoptInlineStyles(root: HTMLElement): () => void {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const copy = () => {
    const text = [...root.querySelectorAll('style')].map((style) => style.textContent).join('\n');
    sheet.replaceSync(text);
  };
  const observer = new MutationObserver(copy);
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  copy();
  return () => {
    observer.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
  };
}
