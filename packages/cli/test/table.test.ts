import { describe, expect, it } from 'vitest'
import { formatTable } from '../src/table.js'

describe('formatTable', () => {
  it('aligns by width on screen: wide (CJK) titles keep the columns after them straight', () => {
    const lines = formatTable(
      [{ header: 'TITLE' }, { header: 'YEAR', align: 'right' }, { header: 'ID' }],
      [
        ['千と千尋の神隠し', '2001', 'tmdb:129'],
        ['Fight Club', '1999', 'tmdb:550'],
      ],
    )
    expect(lines).toEqual(['TITLE             YEAR  ID', '千と千尋の神隠し  2001  tmdb:129', 'Fight Club        1999  tmdb:550'])
  })

  it('cuts a cell to its maximum width on screen, with an ellipsis', () => {
    const [, wide, latin] = formatTable([{ header: 'TITLE', maxWidth: 7 }, { header: 'ID' }], [['千と千尋の神隠し', 'a'], ['Fight  Club\nextended', 'b']])
    expect(wide).toBe('千と千…  a')
    expect(latin).toBe('Fight …  b')
  })
})
