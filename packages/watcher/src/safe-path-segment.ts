/**
 * Makes one path segment valid on both Windows and POSIX file systems: a library is often a
 * network share or a disk moved between machines, so the strictest rules of both apply.
 */

/** Longest segment in bytes: ext4, btrfs, NTFS (in UTF-16 units, which UTF-8 bytes bound) and APFS stop at 255. */
export const MAX_SEGMENT_BYTES = 255

/** Names Windows reserves for devices, with or without an extension ("CON.mkv" too). */
const reservedNames = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i

const encoder = new TextEncoder()

/** Bytes of a string in UTF-8. */
export function byteLength(text: string): number {
  return encoder.encode(text).length
}

/** Replaces what Windows or POSIX refuse in a name; path separators in a value never make folders. */
function replaceIllegal(text: string): string {
  return (
    text
      .normalize('NFC')
      // "Thor: Ragnarok" reads best as "Thor - Ragnarok", as media managers name it.
      .replace(/\s*:\s+/g, ' - ')
      .replace(/:/g, '-')
      .replace(/[/\\|]/g, '-')
      .replace(/"/g, "'")
      .replace(/[<>?*]/g, '')
      // Control characters (C0, DEL, C1) and lone surrogates.
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/\s+/g, ' ')
  )
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character or a grapheme. */
export function truncateBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text
  let kept = ''
  let bytes = 0
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = byteLength(segment)
    if (bytes + size > maxBytes) break
    kept += segment
    bytes += size
  }
  return kept
}

/** Trims what Windows drops or hides: trailing dots and spaces, leading spaces and dots (a hidden name). */
function trimEnds(text: string): string {
  return text.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '')
}

/**
 * A valid name from any text: illegal characters replaced, ends trimmed, a reserved device name
 * suffixed with `_`, at most `maxBytes` of UTF-8. An empty result becomes `fallback`.
 * @param maxBytes default {@link MAX_SEGMENT_BYTES}.
 * @param fallback default `'_'`.
 */
export function safeSegment(text: string, maxBytes = MAX_SEGMENT_BYTES, fallback = '_'): string {
  let name = trimEnds(truncateBytes(trimEnds(replaceIllegal(text)), maxBytes))
  if (name === '') name = fallback
  const stem = name.split('.')[0] ?? name
  if (reservedNames.test(stem.trim())) name = truncateBytes(`${stem}_${name.slice(stem.length)}`, maxBytes)
  return name
}

/** Cleans a value before it goes into a template: no separators, no control characters, one line. */
export function safeValue(value: string): string {
  return replaceIllegal(value).trim()
}
