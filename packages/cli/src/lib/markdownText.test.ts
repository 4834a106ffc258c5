import {
  firstSentence,
  isPlaceholder,
  listItems,
  markdownBlocks,
  plainText,
  unfence,
} from './markdownText';

describe('markdown helpers', () => {
  it('takes the first sentence, not stopping at abbreviations or decimals', () => {
    expect(
      firstSentence('Scores 0.93 on IMDb, e.g. for reviews. Second sentence.'),
    ).toBe('Scores 0.93 on IMDb, e.g. for reviews.');
    expect(
      firstSentence(
        'A [linked](https://x.test) **bold** `model` without a full stop',
      ),
    ).toBe('A linked bold model without a full stop');
  });

  it('cuts a long first sentence at a word, within 200 characters', () => {
    const sentence = firstSentence(`${'word '.repeat(60)}end.`);
    expect(sentence.length).toBeLessThanOrEqual(200);
    expect(sentence).toMatch(/word…$/);
  });

  it('recognises what an unfilled HF template leaves behind', () => {
    expect(isPlaceholder('[More Information Needed]')).toBe(true);
    expect(isPlaceholder('More information needed')).toBe(true);
    expect(isPlaceholder('- **Developed by:** [More Information Needed]')).toBe(
      true,
    );
    expect(isPlaceholder('{{ model_summary | default("", true) }}')).toBe(true);
    expect(isPlaceholder('Trained on more information than needed.')).toBe(
      false,
    );
  });

  it('splits blocks at blank lines, keeping a fenced code block with blank lines whole', () => {
    const blocks = markdownBlocks(
      'Para one\ncontinues.\n\n- a\n- b\n  wraps\n\n```py\nx = 1\n\ny = 2\n```\n\n[More Information Needed]',
    );
    expect(blocks.map(b => b.kind)).toEqual(['paragraph', 'list', 'code']);
    expect(listItems(blocks[1])).toEqual(['a', 'b wraps']);
    expect(unfence(blocks[2].text)).toBe('x = 1\n\ny = 2');
  });

  it('reduces markdown to plain words', () => {
    expect(plainText('![img](a.png) <b>Hi</b> __there__')).toBe('img Hi there');
  });
});
