import styles from './marketplace.module.css';
const named: Record<string, string> = {
  database: '🛢',
  globe: '🌐',
  web: '🌐',
  code: '⌨',
  chart: '📈',
  monitor: '📟',
  workflow: '⚙',
  chat: '💬',
  media: '🎞',
  book: '📘',
  storage: '🗄',
  lock: '🔒',
  cloud: '☁',
  mail: '✉',
};

/** A template's icon: its emoji, or a symbol for a named icon, or its initial when the name is unknown. */
export function TemplateIcon({ icon, name }: { icon: string; name: string }) {
  const isName = /^[a-z][a-z0-9-]*$/.test(icon);
  const glyph = isName ? (named[icon] ?? name.charAt(0).toUpperCase()) : icon;
  return (
    <span className={styles.templateIcon} aria-hidden>
      {glyph}
    </span>
  );
}
