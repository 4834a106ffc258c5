import { assetNameProblems, suggestAssetName } from './names';

describe('assetNameProblems', () => {
  it('accepts a name that follows the form', () => {
    expect(assetNameProblems('churn-model-2', { python: true })).toEqual([]);
  });

  it('explains the form in words, says what to change and suggests a name', () => {
    const [problem] = assetNameProblems('My Model!');
    expect(problem).toBe(
      'may use lowercase letters, digits and single dashes and must start with a letter (lowercase letters only, dashes instead of spaces, no !), e.g. my-model',
    );
    expect(problem).not.toMatch(/\^|\$|\[a-z/);
    expect(assetNameProblems('2fast')[0]).toContain('a letter first');
    expect(assetNameProblems('churn--model')[0]).toContain(
      'single dashes between words',
    );
    expect(assetNameProblems('churn_model')[0]).toContain(
      '(dashes instead of underscores), e.g. churn-model',
    );
  });

  it('refuses Python keywords and reserved imports only when the rules say so', () => {
    expect(assetNameProblems('class')).toEqual([]);
    expect(assetNameProblems('class', { python: true })).toEqual([
      '"class" is a Python keyword, and the name also names the Python package; try class-model or another word',
    ]);
    expect(assetNameProblems('mlflow', { reserved: ['mlflow'] })[0]).toContain(
      'is already used inside the project',
    );
  });

  it('counts the length against the limit', () => {
    expect(assetNameProblems('a'.repeat(64))).toEqual([
      'is 64 characters long; use at most 63',
    ]);
    expect(assetNameProblems('a'.repeat(20), { maxLength: 10 })[0]).toContain(
      'at most 10',
    );
    expect(assetNameProblems('')).toEqual(['is required']);
  });
});

describe('suggestAssetName', () => {
  it('turns what people type into a name that follows the form', () => {
    expect(suggestAssetName('Churn Model v2')).toBe('churn-model-v2');
    expect(suggestAssetName('  42 things ')).toBe('things');
    expect(suggestAssetName('!!!')).toBeUndefined();
  });
});
