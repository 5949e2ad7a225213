/**
 * Reduces a title to a comparison key, so that two spellings of one title compare equal:
 * - Unicode compatibility form, accents removed ("Rêves" = "Reves"), lower case;
 * - "&" read as "and"; apostrophes dropped ("Howl's" = "Howls");
 * - every other run of punctuation or whitespace is one space, none at either end;
 * - single letters in a row are one word ("R.I.P.D." = "R I P D" = "RIPD").
 *
 * Used to score the parser against expected titles and to compare a parsed title with a
 * provider's. It is a key, not a display form.
 *
 * @example normalizeTitle('Thor: The Dark World') === normalizeTitle('thor.the.dark.world') // true
 */
export function normalizeTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
  const joined: string[] = []
  let run = ''
  for (const word of words) {
    if (/^\p{L}$/u.test(word)) {
      run += word
      continue
    }
    if (run) joined.push(run)
    run = ''
    joined.push(word)
  }
  if (run) joined.push(run)
  return joined.join(' ')
}
