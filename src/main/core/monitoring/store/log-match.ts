/**
 * The line-by-line half of a search. The full-text index finds the chunks holding every word; here a
 * line matches as SQLite's phrase query over that line matched it: unicode61's tokens (runs of
 * letters, numbers and private-use characters), folded to lower case without Latin diacritics, the
 * words in a row, the last one a prefix. Text without any word is matched as LIKE did: a substring,
 * ASCII letters in either case.
 */
const TOKEN_CHAR = '[\\p{L}\\p{N}\\p{Co}]';
const SEPARATOR = '[^\\p{L}\\p{N}\\p{Co}]';
const TOKEN = new RegExp(`${TOKEN_CHAR}+`, 'gu');
const LATIN_WITH_MARKS = /[\u00c0-\u024f\u1e00-\u1eff]/gu;
const MARKS = /\p{M}/gu;

function fold(text: string): string {
  return text.toLowerCase().replace(LATIN_WITH_MARKS, (c) => c.normalize('NFD').replace(MARKS, ''));
}

// Folding keeps token boundaries (a Latin letter stays a letter), so the text is folded once, whole.
const tokensOf = (text: string): string[] => fold(text).match(TOKEN) ?? [];

const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The test a stored line must pass, or null when nothing is searched. */
export function lineMatcher(search: string): ((text: string) => boolean) | null {
  const trimmed = search.trim();
  if (!trimmed) return null;
  const words = tokensOf(trimmed);
  if (words.length === 0) {
    const needle = asciiLower(trimmed);
    return (text) => asciiLower(text).includes(needle);
  }
  // The words as whole tokens in a row (any separators between), the last one a prefix; the words
  // hold letters and numbers only, so they need no escaping.
  const phrase = new RegExp(`(?<!${TOKEN_CHAR})${words.join(`${SEPARATOR}+`)}`, 'u');
  return (text) => phrase.test(fold(text));
}

/** The chunk index query: every word in the chunk, the last one a prefix (positions are not kept). */
export function chunkQuery(search: string): string | null {
  const words = search.match(TOKEN);
  if (!words) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' AND ');
}
