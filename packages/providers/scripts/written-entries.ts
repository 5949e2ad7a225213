/**
 * Replay entries written by hand for the movies the demo, the examples and the docs use (Fight Club,
 * Rock Crystal): their Wikidata sitelinks, Wikipedia searches and summaries, and OMDb ratings. No
 * public test suite records these for films, so they are written in the real shape of each API
 * (shape references: siznax/wptools tests for Wikipedia and Wikidata, stringparser/omdbapi-app for
 * OMDb, see shared/fixtures/PROVENANCE.md) with content in cinelayer's own words.
 */
import type { ReplayEntry } from '../src/replay-entry.js'

const source = 'cinelayer/cinelayer packages/providers/scripts/written-entries.ts'
const license = 'MIT'

function written(request: ReplayEntry['request'], body: unknown, note: string): ReplayEntry {
  return { request, response: { status: 200, body }, meta: { origin: 'written', sources: [source], license, note } }
}

function summary(language: string, title: string, fields: { description: string; extract: string; wikibaseItem?: string }) {
  const canonical = title.replace(/ /g, '_')
  const page = `https://${language}.wikipedia.org/wiki/${encodeURIComponent(canonical).replace(/%28/g, '(').replace(/%29/g, ')')}`
  return {
    type: 'standard',
    title,
    displaytitle: title,
    namespace: { id: 0, text: '' },
    ...(fields.wikibaseItem ? { wikibase_item: fields.wikibaseItem } : {}),
    titles: { canonical, normalized: title, display: title },
    lang: language,
    dir: 'ltr',
    description: fields.description,
    description_source: 'local',
    content_urls: {
      desktop: { page, revisions: `${page}?action=history`, edit: `${page}?action=edit`, talk: `https://${language}.wikipedia.org/wiki/Talk:${canonical}` },
      mobile: { page: page.replace('.wikipedia.org', '.m.wikipedia.org') },
    },
    extract: fields.extract,
    extract_html: `<p>${fields.extract}</p>`,
  }
}

function search(language: string, text: string, titles: readonly string[]) {
  return {
    request: { source: 'wikipedia', site: language, path: '/w/api.php', query: { action: 'query', list: 'search', srsearch: text, srlimit: 5, format: 'json' } },
    body: { batchcomplete: '', query: { searchinfo: { totalhits: titles.length }, search: titles.map((title) => ({ ns: 0, title })) } },
  }
}

function omdb(imdbId: string, fields: Record<string, string>, rating: string, votes: string) {
  return {
    request: { source: 'omdb', path: '/', query: { i: imdbId } },
    body: { ...fields, Ratings: [{ Source: 'Internet Movie Database', Value: `${rating}/10` }], imdbRating: rating, imdbVotes: votes, imdbID: imdbId, Type: 'movie', Response: 'True' },
  }
}

const fightClubExtract =
  "Fight Club is a 1999 American film directed by David Fincher, written by Jim Uhls from Chuck Palahniuk's 1996 novel of the same name. " +
  'Edward Norton plays an unnamed, sleepless narrator who starts an underground fighting club with the soap maker Tyler Durden (Brad Pitt); ' +
  'Helena Bonham Carter co-stars. The club grows into something far more dangerous. A disappointment at the box office, the film later became a cult classic.'

const bergkristallExtract =
  'Bergkristall ist ein deutscher Spielfilm von Joseph Vilsmaier aus dem Jahr 2004 nach der gleichnamigen Erzählung von Adalbert Stifter. ' +
  'Ein Pfarrer erzählt einer Urlauberfamilie die Geschichte der verfeindeten Bergdörfer Gschaid und Millsdorf, deren Streit erst endet, ' +
  'als sich zwei Kinder am Heiligen Abend im Schnee verirren.'

/** The written entries, by file under `replay/`. */
export function writtenEntries(): Array<[string, ReplayEntry]> {
  const rockCrystalEn = search('en', 'Rock Crystal 2004', [])
  const rockCrystalDe = search('de', 'Bergkristall 2004', ['Bergkristall (Film)', 'Bergkristall'])
  const fightClubOmdb = omdb('tt0137523', { Title: 'Fight Club', Year: '1999', Runtime: '139 min', Director: 'David Fincher' }, '8.8', '2,400,000')
  const rockCrystalOmdb = omdb('tt0409732', { Title: 'Bergkristall', Year: '2004', Runtime: '92 min', Director: 'Joseph Vilsmaier' }, '6.0', '310')
  return [
    [
      'wikidata/Q190050.json',
      written(
        { source: 'wikidata', path: '/w/api.php', query: { action: 'wbgetentities', ids: 'Q190050', props: 'sitelinks', format: 'json' } },
        { entities: { Q190050: { type: 'item', id: 'Q190050', sitelinks: { enwiki: { site: 'enwiki', title: 'Fight Club', badges: [] } } } }, success: 1 },
        'Fight Club (Q190050): only the English Wikipedia sitelink is written, so other languages fall back to English.',
      ),
    ],
    [
      'wikipedia/en/Fight_Club.json',
      written(
        { source: 'wikipedia', site: 'en', path: '/api/rest_v1/page/summary/Fight_Club' },
        summary('en', 'Fight Club', { description: '1999 film by David Fincher', extract: fightClubExtract, wikibaseItem: 'Q190050' }),
        'REST page summary in the current format, written by hand: the extract is a short factual summary in cinelayer\'s own words, not Wikipedia\'s text.',
      ),
    ],
    [
      'wikipedia/en/search-rock-crystal-2004.json',
      written(
        rockCrystalEn.request,
        rockCrystalEn.body,
        'Rock Crystal has no usable Wikidata id in the TMDB data, so it is searched. Written as no hit: the dataset has no English article for the 2004 film, and the enricher then tries the original language (de).',
      ),
    ],
    [
      'wikipedia/de/search-bergkristall-2004.json',
      written(
        rockCrystalDe.request,
        rockCrystalDe.body,
        'Written search answer: the film article first, then the article on the mineral of the same name (which the enricher must not take).',
      ),
    ],
    [
      'wikipedia/de/Bergkristall_(Film).json',
      written(
        { source: 'wikipedia', site: 'de', path: '/api/rest_v1/page/summary/Bergkristall_(Film)' },
        summary('de', 'Bergkristall (Film)', { description: 'Film von Joseph Vilsmaier (2004)', extract: bergkristallExtract }),
        'REST page summary written by hand in German: a short factual summary in cinelayer\'s own words, not Wikipedia\'s text.',
      ),
    ],
    [
      'omdb/tt0137523.json',
      written(fightClubOmdb.request, fightClubOmdb.body, 'OMDb answer in its real shape with the fields cinelayer reads; the votes are a rounded figure written by hand, not a recording.'),
    ],
    [
      'omdb/tt0409732.json',
      written(rockCrystalOmdb.request, rockCrystalOmdb.body, 'OMDb answer in its real shape; rating and votes are illustrative figures written by hand, not IMDb\'s.'),
    ],
  ]
}
