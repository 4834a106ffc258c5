import {
  escapeData,
  escapeProperty,
  formatText,
  githubAnnotation,
} from './reportFormats';

describe('GitHub annotations', () => {
  it('escapes %, CR and LF in the message, and also ":" and "," in properties', () => {
    expect(escapeData('100% sure\r\nnext: a, b')).toBe(
      '100%25 sure%0D%0Anext: a, b',
    );
    expect(escapeProperty('model:default/a,b 50%')).toBe(
      'model%3Adefault/a%2Cb 50%25',
    );
  });

  it('leaves out the title when the problem concerns no entity', () => {
    expect(
      githubAnnotation({
        file: 'x.yaml',
        line: 1,
        column: 1,
        message: 'no such file',
        severity: 'error',
      }),
    ).toBe('::error file=x.yaml,line=1,col=1::no such file');
  });

  it('escapes a file name with a comma', () => {
    expect(
      githubAnnotation({
        file: 'a,b.yaml',
        line: 3,
        column: 5,
        entityRef: 'model:default/m',
        field: 'spec.owner',
        message: 'two\nlines',
        severity: 'warning',
      }),
    ).toBe(
      '::warning file=a%2Cb.yaml,line=3,col=5,title=model%3Adefault/m spec.owner::two%0Alines',
    );
  });
});

describe('text format', () => {
  it('pluralises the summary line', () => {
    expect(formatText({ files: 1, entities: 1, problems: [] })).toBe(
      '0 errors, 0 warnings in 1 file (1 entity)\n',
    );
  });
});
