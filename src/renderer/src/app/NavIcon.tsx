import type { Page } from '../store/navigation-slice';

/**
 * The sidebar's icons as inline SVG (24×24, stroked in the text colour): glyphs such as ⧉ render
 * as empty boxes where the font lacks them, and the app bundles no icon font.
 */
const paths: Record<Page, string> = {
  home: 'M3 11l9-7 9 7M5 10v10h5v-6h4v6h5V10',
  marketplace: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  nodes: 'M4 4h16v6H4zM4 14h16v6H4zM8 7h.01M8 17h.01',
  keys: 'M14 10a4 4 0 1 0-3.5 4L12 16h2v2h2v2h4v-4l-6-6',
  deployments: 'M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5',
  backups: 'M4 12a8 8 0 1 0 2.3-5.7M4 4v4h4M12 8v4l3 2',
  monitoring: 'M3 12h4l3-7 4 14 3-7h4',
  billing: 'M3 6h18v12H3zM3 10h18M7 15h3',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 2v3M12 19v3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1L7 17M17 7l2.1-2.1',
};

export function NavIcon({ page }: { page: Page }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      focusable="false"
      data-testid={`nav-icon-${page}`}
    >
      <path d={paths[page]} />
    </svg>
  );
}
