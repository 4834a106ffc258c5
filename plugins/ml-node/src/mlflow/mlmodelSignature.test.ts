import { signatureOfMlmodel, versionsForSignature } from './mlmodelSignature';

describe('signatureOfMlmodel', () => {
  it('reads column, array and tensor specs in MLflow words', () => {
    const text = [
      'signature:',
      `  inputs: '[{"type": "long", "name": "sessions_30d", "required": true}, {"type": "array", "items": {"type": "double"}, "name": "embedding"}]'`,
      `  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 2]}}]'`,
    ].join('\n');
    expect(signatureOfMlmodel(text)).toEqual({
      inputs: [
        { name: 'sessions_30d', type: 'long' },
        { name: 'embedding', type: 'array<double>' },
      ],
      outputs: [{ type: 'tensor<float32>', shape: [-1, 2] }],
    });
  });

  it('has no signature when the model was logged without one', () => {
    expect(
      signatureOfMlmodel('flavors: {}\nsignature: null\n'),
    ).toBeUndefined();
    expect(signatureOfMlmodel('flavors: {}\n')).toBeUndefined();
  });

  it('says in words what is wrong with an unreadable file', () => {
    expect(() => signatureOfMlmodel('signature: [oops')).toThrow(
      'its MLmodel file is not YAML',
    );
    expect(() => signatureOfMlmodel('- a list')).toThrow('not a mapping');
    expect(() =>
      signatureOfMlmodel(`signature:\n  inputs: '{not json'\n`),
    ).toThrow('its signature inputs are not JSON');
    expect(() =>
      signatureOfMlmodel(`signature:\n  inputs: '[{"name": "x"}]'\n`),
    ).toThrow('not a list of column or tensor specs');
  });
});

describe('versionsForSignature', () => {
  const v = (version: string, extra: object = {}) => ({
    name: 'm',
    version,
    status: 'READY',
    source: `models:/m-${version}`,
    ...extra,
  });

  it('asks for what serves and the newest, not history', () => {
    const chosen = versionsForSignature(
      [
        v('1'),
        v('2', { current_stage: 'Production' }),
        v('3'),
        v('4'),
        v('5', { source: 'gs://bucket/m/5' }),
      ],
      { champion: '3' },
    );
    // 5 is newest but stored at a raw cloud URI; 4 is neither newest nor serving.
    expect(chosen.map(c => c.version)).toEqual(['2', '3']);
  });

  it('leaves out versions that failed to register', () => {
    expect(
      versionsForSignature([v('1', { status: 'FAILED_REGISTRATION' })], {}),
    ).toEqual([]);
  });
});
