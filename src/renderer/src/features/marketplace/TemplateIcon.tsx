import { canShowEmoji, hueOf, monogramOf } from './emoji-support';
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

/**
 * A template's icon: its emoji (or the symbol of a named icon) where this machine has an emoji font,
 * else a monogram of its name on a colour of its own, which renders everywhere.
 */
export function TemplateIcon({ icon, name }: { icon: string; name: string }) {
  const isName = /^[a-z][a-z0-9-]*$/.test(icon);
  const glyph = isName ? named[icon] : icon;
  if (glyph && canShowEmoji())
    return (
      <span className={styles.templateIcon} aria-hidden>
        {glyph}
      </span>
    );
  return (
    <span
      className={`${styles.templateIcon} ${styles.monogram}`}
      style={{ backgroundColor: `hsl(${hueOf(name)} 45% 40%)` }}
      aria-hidden
    >
      {monogramOf(name)}
    </span>
  );
}
