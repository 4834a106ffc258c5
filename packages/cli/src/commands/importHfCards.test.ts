import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateMlEntity } from '@ml-marketplace/plugin-ml-common';
import { parse } from 'yaml';
import { MAX_ANNOTATION_CHARS } from '../lib/hfImport';
import { metadataIssues } from '../lib/metadataRules';
import { HF_FIXTURES, linesOf, runCli } from '../__testUtils__/runCli';

// Cards as they are found in the wild: no header, hand-written markdown, odd
// line ends and headers, git symlinks, kilobytes of widget examples.

const importCard = async (card: string, cwd = HF_FIXTURES) => {
  const result = await runCli(['import-hf', card], cwd);
  const entity = result.code === 0 ? parse(result.stdout) : undefined;
  if (entity) {
    expect(validateMlEntity(entity)).toEqual([]);
    expect(metadataIssues(entity)).toEqual([]);
  }
  return { ...result, entity };
};

const warningsOf = (stderr: string) =>
  linesOf(stderr)
    .filter(line => line.startsWith('ml-marketplace import-hf: warning: '))
    .map(line => line.replace('ml-marketplace import-hf: warning: ', ''));

const tempCard = (name: string, content: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-hf-'));
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), content);
  return dir;
};

describe('ml-marketplace import-hf: cards without a YAML header', () => {
  it('imports from the markdown alone, with a warning first on stderr', async () => {
    const { code, entity, stderr } = await importCard('no-front-matter.md');
    expect(code).toBe(0);
    expect(entity.metadata).toEqual({
      name: 'sentiment-model',
      description: 'Classifies reviews as positive or negative.',
    });
    expect(entity.spec.modelCard).toEqual({
      summary: 'Classifies reviews as positive or negative.',
      intendedUse: 'English reviews only.',
    });
    expect(linesOf(stderr)[0]).toBe(
      'ml-marketplace import-hf: warning: no-front-matter.md has no YAML header (front matter): imported from the markdown alone. Add spec.license, metadata.tags and spec.evaluation by hand',
    );
    expect(linesOf(stderr)[1]).toBe(
      'Imported no-front-matter.md as model:default/sentiment-model. Review before committing:',
    );
  });

  it('maps a hand-written card: an underlined title, its first paragraph and the known sections', async () => {
    const { entity, stderr } = await importCard('hand-written.md');
    expect(entity.metadata).toEqual({
      name: 'review-sentiment-english',
      title: 'Review sentiment (English)',
      description:
        'A logistic regression over TF-IDF features that labels product reviews positive or negative.',
    });
    expect(entity.spec.modelCard).toEqual({
      summary:
        'A logistic regression over TF-IDF features that labels product reviews positive or negative. Trained in 2019, before the team adopted model cards.',
      intendedUse:
        'Routing negative reviews to the support queue. Not for reviews in other\nlanguages.',
      trainingData:
        '120,000 reviews from the shop, 2016-2018, balanced by label.',
      quantitativeAnalysis:
        'Accuracy 0.89 on 10,000 held-out reviews from 2018.',
      limitations: [
        'Sarcasm is mostly read as positive.',
        'Reviews under five words are often wrong.',
        'Reviews written in dialect are labelled negative more often.',
      ],
    });
    expect(warningsOf(stderr)).toHaveLength(1);
    expect(stderr).toContain(
      '  - sections with no model-card field, not imported:\n      "Contact" (line 30)\n',
    );
  });

  it("names a repository's README.md after its folder when the card names nothing", async () => {
    const { code, entity, stderr } = await importCard(
      'Tiny_BERT.German-v2/README.md',
    );
    expect(code).toBe(0);
    expect(entity.metadata.name).toBe('tiny_bert.german-v2');
    expect(stderr).toContain(
      '  - metadata.name "tiny_bert.german-v2" made from the card\'s folder name; pass --name to choose another\n',
    );
    expect(
      (
        await runCli(
          [
            'import-hf',
            'Tiny_BERT.German-v2/README.md',
            '--name',
            'gbert-tiny',
          ],
          HF_FIXTURES,
        )
      ).stdout,
    ).toContain('  name: gbert-tiny\n');
  });

  it('asks for --name when neither the card nor its folder gives a name', async () => {
    const dir = tempCard('🤗/README.md', 'Just a paragraph.\n');
    expect(await runCli(['import-hf', '🤗/README.md'], dir)).toMatchObject({
      code: 1,
      stderr:
        'ml-marketplace import-hf: 🤗/README.md has no model_name, "# title", model-index name or folder name with a letter or digit to make an entity name of; pass --name\n',
    });
  });

  it('fails on an empty file', async () => {
    const dir = tempCard('README.md', '\n\n');
    expect((await runCli(['import-hf', 'README.md'], dir)).stderr).toBe(
      'ml-marketplace import-hf: README.md is empty: there is no model card to import\n',
    );
  });
});

describe('ml-marketplace import-hf: headers as real cards write them', () => {
  it('reads a header after blank lines, without a warning', async () => {
    const { entity, stderr } = await importCard('blank-lines-before-header.md');
    expect(entity.metadata).toMatchObject({
      name: 'blank-line-card',
      tags: ['text-classification'],
    });
    expect(entity.spec.license).toBe('mit');
    expect(warningsOf(stderr)).toEqual([]);
  });

  it('reads a card with CRLF line ends', async () => {
    expect(
      fs.readFileSync(path.join(HF_FIXTURES, 'crlf-line-ends.md'), 'utf8'),
    ).toContain('---\r\nlicense: apache-2.0\r\n');
    const { entity, stderr } = await importCard('crlf-line-ends.md');
    expect(entity.spec).toMatchObject({
      license: 'apache-2.0',
      task: 'summarization',
      modelCard: {
        languages: ['en'],
        trainingData: '40,000 tickets with agent-written summaries.',
      },
    });
    expect(entity.metadata.title).toBe('CRLF summarizer');
    expect(warningsOf(stderr)).toEqual([]);
  });

  it('warns about a header that is a YAML list and imports the markdown', async () => {
    const { entity, stderr } = await importCard('list-front-matter.md');
    expect(entity.metadata.name).toBe('list-header-ner');
    expect(entity.spec.license).toBeUndefined();
    expect(warningsOf(stderr)).toEqual([
      'list-front-matter.md:2: the YAML front matter is a list, not a mapping of keys such as license and tags: ignored it and imported from the markdown alone',
    ]);
  });

  it('warns about an empty header and imports the markdown', async () => {
    const dir = tempCard('card.md', '---\n---\n# Empty header\n\nText.\n');
    const { entity, stderr } = await importCard('card.md', dir);
    expect(entity.metadata.name).toBe('empty-header');
    expect(warningsOf(stderr)).toEqual([
      'card.md:1: the YAML front matter is empty: imported from the markdown alone',
    ]);
  });

  it('imports a card that is only a header, warning that the model card is empty', async () => {
    const { entity, stderr } = await importCard('header-only.md');
    expect(entity.metadata).toEqual({ name: 'header-only', tags: ['vision'] });
    expect(entity.spec).toEqual({
      owner: 'group:default/CHANGE-ME',
      lifecycle: 'experimental',
      license: 'cc-by-4.0',
      task: 'image-classification',
    });
    expect(warningsOf(stderr)).toEqual([
      'header-only.md has a YAML header but no markdown after it: the model card (description, intended use, limitations) is left empty',
    ]);
  });

  it('refuses a header whose aliases would expand without end, quickly', async () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const [prev, next] = ['abcdefghi'[i - 1], 'abcdefghi'[i]];
      levels.push(
        `${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`,
      );
    }
    const dir = tempCard('card.md', `---\n${levels.join('\n')}\n---\n# Bomb\n`);
    const result = await runCli(['import-hf', 'card.md'], dir);
    expect(result.stderr).toBe(
      'ml-marketplace import-hf: card.md:2: the YAML front matter uses too many aliases (*name) to be read; write the repeated values out\n',
    );
  });
});

describe('ml-marketplace import-hf: what a card must not bring in', () => {
  it('says a card that is only a relative path is a git symlink, and names the file to pass', async () => {
    expect(
      await runCli(['import-hf', 'symlink-as-text.md'], HF_FIXTURES),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ml-marketplace import-hf: symlink-as-text.md holds only the path "../common/README.md": it is a symbolic link that git checked out as a plain file (core.symlinks is off, as on Windows). Pass the file it points to instead: ml-marketplace import-hf ../common/README.md\n',
    });
    const dir = tempCard('models/churn/README.md', 'docs/card.md\n');
    expect(
      (await runCli(['import-hf', 'models/churn/README.md'], dir)).stderr,
    ).toMatch(
      /Pass the file it points to instead: ml-marketplace import-hf models\/churn\/docs\/card\.md\n$/,
    );
  });

  it('drops a widget block of kilobytes with a warning instead of copying it into an annotation', async () => {
    const { entity, stdout, stderr } = await importCard('huge-widget.md');
    expect(entity.metadata.annotations).toEqual({
      'ml-marketplace.io/hf-thumbnail': 'https://acme.example/router.png',
    });
    expect(stdout.length).toBeLessThan(1000);
    expect(warningsOf(stderr)).toEqual([
      `header key "widget" has no Model field, and holds 10.4 KB: not imported (an annotation holds at most ${MAX_ANNOTATION_CHARS} characters; the card keeps it)`,
    ]);
  });

  it('still keeps a small widget block as an annotation', async () => {
    const { entity } = await importCard('unmappable-keys.md');
    expect(entity.metadata.annotations['ml-marketplace.io/hf-widget']).toBe(
      '[{"text":"My card was charged twice","example_title":"Billing"}]',
    );
  });
});
