import { headingKey, parseHfCard } from './hfCard';

describe('parseHfCard', () => {
  it('splits the header from sections with their line numbers, ignoring headings in code and comments', () => {
    const card = parseHfCard(
      'README.md',
      [
        '---',
        'license: mit',
        '---',
        '# Title',
        'Intro.',
        '<!--',
        '## Not a heading',
        '-->',
        '```sh',
        '# not a heading either',
        '```',
        '## Uses ##',
        'Text.',
      ].join('\n'),
    );
    expect(card.header).toEqual({ license: 'mit' });
    expect(
      card.sections.map(({ heading, level, line }) => ({
        heading,
        level,
        line,
      })),
    ).toEqual([
      { heading: '', level: 0, line: 4 },
      { heading: 'Title', level: 1, line: 4 },
      { heading: 'Uses', level: 2, line: 12 },
    ]);
    expect(card.sections[1].body).toBe(
      'Intro.\n\n\n\n```sh\n# not a heading either\n```',
    );
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    expect(
      parseHfCard('README.md', '\uFEFF---\r\nlicense: mit\r\n---\r\n').header,
    ).toEqual({ license: 'mit' });
  });

  it.each([
    ['Bias, Risks, and Limitations', 'bias risks and limitations'],
    ['Out-of-Scope Use', 'out of scope use'],
    ['Intended uses & limitations', 'intended uses and limitations'],
    ['Citation [optional]', 'citation'],
    ['**Training Data**', 'training data'],
  ])('normalises the heading %j to %j', (heading, key) => {
    expect(headingKey(heading)).toBe(key);
  });
});
