import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cardCompleteness,
  validateMlEntity,
} from '@ml-marketplace/plugin-ml-common';
import { parse } from 'yaml';
import { metadataIssues } from '../lib/metadataRules';
import { DEFAULT_SCHEMA_PATH } from '../lib/skeletons';
import { linesOf, runCli } from '../__testUtils__/runCli';

const KINDS = ['Model', 'Feature', 'Dataset'];
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ml-init-'));

const skeletonOf = async (kind: string, ...extra: string[]) => {
  const result = await runCli([
    'init',
    '--kind',
    kind,
    '--name',
    'churn-model',
    '--owner',
    'group:default/growth-ml',
    '--output',
    '-',
    ...extra,
  ]);
  expect(result.code).toBe(0);
  return result.stdout;
};

/** The skeleton with every commented-out field line turned back into YAML. */
const uncommented = (skeleton: string) => {
  const lines = skeleton.split('\n');
  const body = lines.findIndex(line => line.startsWith('apiVersion:'));
  return [
    ...lines.slice(0, body),
    ...lines.slice(body).map(line => line.replace(/^(\s*)# /, '$1')),
  ].join('\n');
};

describe('ml-marketplace init', () => {
  it.each(KINDS)(
    'writes a %s skeleton that passes validateMlEntity and the catalog metadata rules with zero issues',
    async kind => {
      const entity = parse(await skeletonOf(kind));
      expect(entity.kind).toBe(kind);
      expect(entity.metadata.name).toBe('churn-model');
      expect(entity.spec).toMatchObject({
        owner: 'group:default/growth-ml',
        lifecycle: 'experimental',
      });
      expect(validateMlEntity(entity)).toEqual([]);
      expect(metadataIssues(entity)).toEqual([]);
    },
  );

  it.each(KINDS)(
    'keeps the %s skeleton valid when every commented-out field is uncommented',
    async kind => {
      const entity = parse(uncommented(await skeletonOf(kind)));
      expect(validateMlEntity(entity)).toEqual([]);
      expect(metadataIssues(entity)).toEqual([]);
    },
  );

  it.each(KINDS)(
    'has every recommended %s field in the skeleton, filled or commented out',
    async kind => {
      const entity = parse(uncommented(await skeletonOf(kind)));
      expect(cardCompleteness(entity).missing).toEqual([]);
    },
  );

  it('starts with the yaml-language-server line, pointing at the installed schema unless --schema says otherwise', async () => {
    expect(linesOf(await skeletonOf('Model'))[0]).toBe(
      `# yaml-language-server: $schema=${DEFAULT_SCHEMA_PATH}`,
    );
    expect(
      linesOf(
        await skeletonOf('Model', '--schema', './ml-entities.schema.json'),
      )[0],
    ).toBe('# yaml-language-server: $schema=./ml-entities.schema.json');
  });

  it('explains every commented-out field on its line', async () => {
    const skeleton = await skeletonOf('Dataset');
    const topLevelFields = linesOf(skeleton).filter(line =>
      /^ {2}# [a-zA-Z]+:/.test(line),
    );
    expect(topLevelFields.length).toBeGreaterThan(5);
    for (const line of topLevelFields) expect(line).toMatch(/ {3}# \S/);
  });

  it('quotes a name or owner that YAML would read as something other than a string', async () => {
    const result = await runCli([
      'init',
      '--kind',
      'Feature',
      '--name',
      'true',
      '--owner',
      '1e3',
      '--output',
      '-',
    ]);
    const entity = parse(result.stdout);
    expect(entity.metadata.name).toBe('true');
    expect(entity.spec.owner).toBe('1e3');
    expect(validateMlEntity(entity)).toEqual([]);
  });

  it('writes catalog-info.yaml by default, which validate then accepts with only the owner warning', async () => {
    const dir = tempDir();
    const result = await runCli(
      [
        'init',
        '--kind',
        'dataset',
        '--name',
        'customers',
        '--owner',
        'data-engineering',
      ],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'Wrote catalog-info.yaml (Dataset customers)',
    );
    const validated = await runCli(['validate', 'catalog-info.yaml'], dir);
    expect(linesOf(validated.stdout)).toEqual([
      'catalog-info.yaml:13:10  dataset:default/customers  spec.owner  warning: refers to group:default/data-engineering, which is not defined in the given files (it may live in another repository)',
      '0 errors, 1 warning in 1 file (1 entity)',
    ]);
    expect(validated.code).toBe(0);
  });

  it('refuses to overwrite an existing file without --force', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      'hand-written: true\n',
    );
    const refused = await runCli(
      ['init', '--kind', 'Model', '--name', 'm', '--owner', 'g'],
      dir,
    );
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ml-marketplace init: catalog-info.yaml already exists; pass --force to overwrite it, or --output to write another file\n',
    });
    expect(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8')).toBe(
      'hand-written: true\n',
    );

    const forced = await runCli(
      ['init', '--kind', 'Model', '--name', 'm', '--owner', 'g', '--force'],
      dir,
    );
    expect(forced.code).toBe(0);
    expect(
      parse(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8'))
        .metadata.name,
    ).toBe('m');
  });

  it('refuses to write to a directory, suggesting a file in it', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'catalog'));
    expect(
      await runCli(
        [
          'init',
          '--kind',
          'Model',
          '--name',
          'm',
          '--owner',
          'g',
          '--output',
          'catalog',
        ],
        dir,
      ),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ml-marketplace init: --output catalog is a directory; name a file such as catalog/catalog-info.yaml\n',
    });
  });

  it('writes --output into a new directory and names it in the validate hint', async () => {
    const dir = tempDir();
    const result = await runCli(
      [
        'init',
        '--kind',
        'Feature',
        '--name',
        'activity',
        '--owner',
        'g',
        '--output',
        'features/activity.yaml',
      ],
      dir,
    );
    expect(result.code).toBe(0);
    const written = fs.readFileSync(
      path.join(dir, 'features/activity.yaml'),
      'utf8',
    );
    expect(written).toContain('#   npx ml-marketplace validate activity.yaml');
  });

  it.each([
    [
      ['--kind', 'Pipeline', '--name', 'x', '--owner', 'g'],
      'ml-marketplace init: --kind must be one of Dataset, Feature, Model, got "Pipeline"\n',
    ],
    [
      ['--kind', 'Model', '--name', 'Churn Model', '--owner', 'g'],
      'ml-marketplace init: --name must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit, e.g. "churn-model"; got "Churn Model"\n',
    ],
    [
      ['--kind', 'Model', '--name', 'x', '--owner', 'growth ml'],
      'ml-marketplace init: --owner must be an entity ref like "group:default/ml-platform", got "growth ml"; pass the owning team, e.g. --owner group:default/ml-platform\n',
    ],
    [
      ['--kind', 'Model', '--name', 'x', '--owner', 'component:default/x'],
      'ml-marketplace init: --owner must refer to group or user, e.g. "group:default/ml-platform", got "component:default/x"; pass the owning team, e.g. --owner group:default/ml-platform\n',
    ],
  ])(
    'rejects bad input %j with an error naming the flag and the fix',
    async (args, stderr) => {
      const dir = tempDir();
      expect(await runCli(['init', ...args], dir)).toEqual({
        code: 1,
        stdout: '',
        stderr,
      });
      expect(fs.readdirSync(dir)).toEqual([]);
    },
  );

  it('says which required flag is missing', async () => {
    const result = await runCli(['init', '--kind', 'Model', '--name', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "required option '--owner <ref>' not specified",
    );
  });
});
