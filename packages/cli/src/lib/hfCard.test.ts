import { headingKey, parseHfCard, symlinkTarget } from './hfCard';

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

  it('accepts blank lines before the header and counts lines from the file start', () => {
    const card = parseHfCard(
      'README.md',
      '\n\n---\nlicense: mit\n---\n# Title\n',
    );
    expect(card.header).toEqual({ license: 'mit' });
    expect(card.warnings).toEqual([]);
    expect(card.sections[1]).toMatchObject({ heading: 'Title', line: 6 });
    expect(() =>
      parseHfCard('README.md', '\n---\nlicense: [mit\n---\n'),
    ).toThrow(/^README\.md:3:\d+: broken YAML in the front matter/);
  });

  it('reads headings underlined with === and ---, but not a rule after a paragraph of several lines', () => {
    const card = parseHfCard(
      'README.md',
      [
        'My model',
        '========',
        '',
        'Intro.',
        '',
        'Training data',
        '-------------',
        'Text.',
        'More text.',
        '---',
        '- a list item',
        '---',
      ].join('\n'),
    );
    expect(
      card.sections.map(({ heading, level, line }) => ({
        heading,
        level,
        line,
      })),
    ).toEqual([
      { heading: '', level: 0, line: 1 },
      { heading: 'My model', level: 1, line: 1 },
      { heading: 'Training data', level: 2, line: 6 },
    ]);
    expect(card.sections[2].body).toBe(
      'Text.\nMore text.\n---\n- a list item\n---',
    );
  });

  it.each([
    ['../common/README.md', '../common/README.md'],
    ['  docs/card.md\n', 'docs/card.md'],
    ['README_en.md', 'README_en.md'],
    ['# Title', undefined],
    ['Hello', undefined],
    ['https://huggingface.co/bert-base-uncased', undefined],
    ['see ../common/README.md', undefined],
    ['../a.md\n# b', undefined],
  ])('takes %j for a symlink target: %j', (source, target) => {
    expect(symlinkTarget(source)).toBe(target);
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
