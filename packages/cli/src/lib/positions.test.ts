import { LineCounter, parseDocument } from 'yaml';
import { locate, locateDocument } from './positions';

const SOURCE = `# leading comment
apiVersion: ml-marketplace.io/v1alpha1
kind: Model
metadata: { name: churn }
spec:
  owner:
  trainedOn: [customers, 42]
  evaluation:
    - metric: auc
      value: "0.9"
`;

describe('locate', () => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(SOURCE, { lineCounter });
  const at = (segments: Array<string | number>, pointAtKey = false) =>
    locate(doc, lineCounter, segments, { pointAtKey });

  it('points at a value in block and flow collections', () => {
    expect(at(['spec', 'trainedOn', 1])).toEqual({ line: 7, column: 26 });
    expect(at(['spec', 'evaluation', 0, 'value'])).toEqual({
      line: 10,
      column: 14,
    });
    expect(at(['metadata', 'name'])).toEqual({ line: 4, column: 19 });
  });

  it('points at the key itself when asked, for unknown keys', () => {
    expect(at(['spec', 'trainedOn'], true)).toEqual({ line: 7, column: 3 });
  });

  it('points at the key of an empty value', () => {
    expect(at(['spec', 'owner'])).toEqual({ line: 6, column: 3 });
  });

  it('points at the closest existing parent key when the field is missing', () => {
    expect(at(['spec', 'lifecycle'])).toEqual({ line: 5, column: 1 });
    expect(at(['spec', 'evaluation', 0, 'dataset'])).toEqual({
      line: 9,
      column: 7,
    });
    expect(at(['spec', 'evaluation', 3, 'metric'])).toEqual({
      line: 8,
      column: 3,
    });
  });

  it('points at the document start, after comments, when nothing on the path exists', () => {
    expect(at(['status', 'phase'])).toEqual({ line: 2, column: 1 });
    expect(locateDocument(doc, lineCounter)).toEqual({ line: 2, column: 1 });
  });
});
