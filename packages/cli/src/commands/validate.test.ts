import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CATALOG_FIXTURES,
  REPO_ROOT,
  linesOf,
  runCli,
} from '../__testUtils__/runCli';

describe('ml-marketplace validate', () => {
  it('reports nothing for a valid multi-document file where every ref resolves', async () => {
    const result = await runCli(['validate', 'valid-multi-doc.yaml']);
    expect(result).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings in 1 file (10 entities)\n',
      stderr: '',
    });
  });

  it('points at the offending value, the unknown key, the parent key or the document start', async () => {
    const result = await runCli(['validate', 'several-errors.yaml']);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      'several-errors.yaml:6:10  model:default/churn-model  metadata.tags[0]  must be lowercase letters, digits, ":", "+" or "#" in words joined by single "-", at most 63 characters, got "Churn Model"; try "churn-model"',
      'several-errors.yaml:9:14  model:default/churn-model  spec.lifecycle  must be one of experimental, production, deprecated, got "retired"',
      'several-errors.yaml:10:3  model:default/churn-model  spec.trainedon  is not a known field; did you mean "trainedOn"?',
      'several-errors.yaml:11:26  model:default/churn-model  spec.trainedOn[1]  must be an entity ref like "dataset:default/customers", got 42',
      'several-errors.yaml:12:15  model:default/churn-model  spec.dependsOn[0]  must name its kind, e.g. "component:default/feature-store"; the catalog rejects a spec.dependsOn ref without one',
      'several-errors.yaml:14:29  model:default/churn-model  spec.evaluation[0].value  must be a number, got "0.9"; write the number without quotes',
      'several-errors.yaml:20:1  dataset:default/customers  spec.owner  is required and must be an entity ref like "group:default/ml-platform"',
      'several-errors.yaml:23:14  dataset:default/customers  spec.freshness  must be an ISO 8601 duration like "P1D" or "PT15M", got "daily"',
      'several-errors.yaml:28:9  feature:default/Customer Activity  metadata.name  must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit, got "Customer Activity"',
      'several-errors.yaml:32:10  feature:default/Customer Activity  spec.store  must be one of online, offline, both, got "redis"',
      'several-errors.yaml:34:1  model:default/fraud-gbm  spec  is required: a mapping with at least owner and lifecycle',
      'several-errors.yaml:40:7  modle:default/typo-kind  kind  must be one of Model, Feature, Dataset, got "Modle"',
      'several-errors.yaml:45:1  -  metadata.name  is required: every catalog entity has apiVersion, kind and metadata.name',
      '13 errors, 0 warnings in 1 file (6 entities)',
    ]);
  });

  it('words odd values for a person: a text spec, .nan, .inf, empty values, quoted numbers and booleans', async () => {
    const result = await runCli(['validate', 'odd-values.yaml']);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      'odd-values.yaml:6:7  model:default/spec-as-text  spec  must be a mapping with at least owner and lifecycle, got "owner is growth-ml, in production"',
      'odd-values.yaml:12:10  model:default/not-numbers  metadata.title  must be text, got 42',
      'odd-values.yaml:14:10  model:default/not-numbers  spec.owner  must be an entity ref like "group:default/ml-platform", got 42',
      'odd-values.yaml:17:29  model:default/not-numbers  spec.evaluation[0].value  is .nan (not a number) but must be a number',
      'odd-values.yaml:18:46  model:default/not-numbers  spec.evaluation[1].threshold  is .inf (infinity) but must be a finite number',
      'odd-values.yaml:19:28  model:default/not-numbers  spec.evaluation[2].value  must be a number, got "0.8"; write the number without quotes',
      'odd-values.yaml:20:7  model:default/not-numbers  spec.evaluation[3]  must be a mapping with at least metric and value, got "auc"',
      'odd-values.yaml:27:3  dataset:default/empty-values  spec.owner  is empty but must be an entity ref like "group:default/ml-platform"',
      'odd-values.yaml:32:43  dataset:default/empty-values  spec.schema.columns[0].pii  must be true or false, got "true"; write true or false without quotes',
      'odd-values.yaml:33:16  dataset:default/empty-values  spec.derivedFrom  is .nan (not a number) but must be a list of entity refs like ["dataset:default/raw-events"]',
      '10 errors, 0 warnings in 1 file (3 entities)',
    ]);
    expect(result.stdout).not.toMatch(
      /Invalid input|received|got (null|undefined)/,
    );
  });

  it('says a YAML alias bomb uses too many aliases and still names the entity', async () => {
    const result = await runCli(['validate', 'alias-bomb.yaml']);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      'alias-bomb.yaml:8:12  model:default/laughing-model  -  uses too many YAML aliases: expanded, they would repeat their values so often that the document cannot be read. Write the repeated values out, or use fewer *aliases',
      '1 error, 0 warnings in 1 file (1 entity)',
    ]);
  });

  it('reports a YAML syntax error at its position and still validates the other documents', async () => {
    const result = await runCli(['validate', 'syntax-error.yaml']);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      'syntax-error.yaml:5:16  dataset:default/events  -  YAML syntax error: Nested mappings are not allowed in compact mappings',
      'syntax-error.yaml:16:1  dataset:default/clicks  spec.type  is required and must be the dataset type, e.g. "table", "files" or "stream"',
      'syntax-error.yaml:17:10  dataset:default/clicks  spec.owner  warning: refers to group:default/data, which is not defined in the given files (it may live in another repository)',
      '2 errors, 1 warning in 1 file (2 entities)',
    ]);
  });

  it('reports a duplicate across files at the second occurrence, naming the first, ignoring case', async () => {
    const result = await runCli([
      'validate',
      'duplicates-a.yaml',
      'duplicates-b.yaml',
    ]);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      'duplicates-b.yaml:5:9  dataset:default/Customers  metadata.name  duplicates dataset:default/customers, first defined at duplicates-a.yaml:4',
      '1 error, 0 warnings in 2 files (3 entities)',
    ]);
  });

  it('names each derivedFrom cycle at the ref that closes it, including a self-reference', async () => {
    const result = await runCli(['validate', 'derivation-cycle.yaml']);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      'derivation-cycle.yaml:19:29  dataset:default/order-lines  spec.derivedFrom[1]  makes a derivedFrom cycle: dataset:default/order-lines -> dataset:default/orders -> dataset:default/order-lines',
      'derivation-cycle.yaml:38:17  dataset:default/snapshots  spec.derivedFrom[0]  makes a derivedFrom cycle: dataset:default/snapshots -> dataset:default/snapshots',
      '2 errors, 0 warnings in 1 file (5 entities)',
    ]);
  });

  it("warns about refs to entities outside the given files, resolved with the field's default kind and the entity's namespace", async () => {
    const result = await runCli(['validate', 'dangling-refs.yaml']);
    expect(result.code).toBe(0);
    expect(linesOf(result.stdout)).toEqual([
      'dangling-refs.yaml:8:10  model:growth/churn-model  spec.owner  warning: refers to group:default/growth-ml, which is not defined in the given files (it may live in another repository)',
      'dangling-refs.yaml:10:11  model:growth/churn-model  spec.system  warning: refers to system:growth/retention, which is not defined in the given files (it may live in another repository)',
      'dangling-refs.yaml:11:15  model:growth/churn-model  spec.trainedOn[0]  warning: refers to dataset:growth/customers, which is not defined in the given files (it may live in another repository)',
      'dangling-refs.yaml:11:26  model:growth/churn-model  spec.trainedOn[1]  warning: refers to dataset:default/customers, which is not defined in the given files (it may live in another repository)',
      'dangling-refs.yaml:12:22  model:growth/churn-model  spec.consumesFeatures[0]  warning: refers to feature:growth/customer-activity, which is not defined in the given files (it may live in another repository)',
      '0 errors, 5 warnings in 1 file (1 entity)',
    ]);
  });

  it('makes dangling refs errors with --strict', async () => {
    const result = await runCli(['validate', '--strict', 'dangling-refs.yaml']);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)[0]).toBe(
      'dangling-refs.yaml:8:10  model:growth/churn-model  spec.owner  refers to group:default/growth-ml, which is not defined in the given files (it may live in another repository)',
    );
    expect(linesOf(result.stdout).pop()).toBe(
      '5 errors, 0 warnings in 1 file (1 entity)',
    );
  });

  it('resolves refs across files, so the warning goes away when the target file is given too', async () => {
    const alone = await runCli(['validate', 'duplicates-a.yaml']);
    expect(alone.stdout).toContain('warning: refers to group:default/data');
    const together = await runCli([
      'validate',
      'duplicates-a.yaml',
      'derivation-cycle.yaml',
    ]);
    expect(together.stdout).not.toContain('warning:');
  });

  it('expands quoted globs itself and reports files in sorted order', async () => {
    const result = await runCli(['validate', '*.yaml']);
    const lines = linesOf(result.stdout);
    expect(lines.pop()).toBe('34 errors, 3 warnings in 9 files (31 entities)');
    const files = lines.map(line => line.split(':')[0]);
    expect(files).toEqual([...files].sort());
    expect(new Set(files).size).toBe(8);
  });

  it('skips node_modules when expanding globs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-validate-'));
    fs.mkdirSync(path.join(dir, 'node_modules/some-package'), {
      recursive: true,
    });
    fs.writeFileSync(
      path.join(dir, 'node_modules/some-package/catalog-info.yaml'),
      'not: [an entity',
    );
    fs.copyFileSync(
      path.join(CATALOG_FIXTURES, 'valid-multi-doc.yaml'),
      path.join(dir, 'catalog-info.yaml'),
    );
    const result = await runCli(['validate', '**/catalog-info.yaml'], dir);
    expect(result).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings in 1 file (10 entities)\n',
      stderr: '',
    });
  });

  it('reports a missing file, a glob that matches nothing and a directory as errors naming them', async () => {
    const result = await runCli([
      'validate',
      'missing.yaml',
      'nothing/**/*.yaml',
      '../catalog',
      'valid-multi-doc.yaml',
    ]);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      'missing.yaml:1:1  -  -  no such file',
      'nothing/**/*.yaml:1:1  -  -  no file matches this pattern',
      '../catalog:1:1  -  -  is a directory; pass its files or a quoted glob such as "../catalog/**/*.yaml"',
      '3 errors, 0 warnings in 1 file (10 entities)',
    ]);
  });

  it('prints one JSON object with --format json', async () => {
    const result = await runCli([
      'validate',
      '--format',
      'json',
      'duplicates-a.yaml',
      'duplicates-b.yaml',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      files: 2,
      entities: 3,
      errors: 1,
      warnings: 0,
      problems: [
        {
          file: 'duplicates-b.yaml',
          line: 5,
          column: 9,
          entityRef: 'dataset:default/Customers',
          field: 'metadata.name',
          message:
            'duplicates dataset:default/customers, first defined at duplicates-a.yaml:4',
          severity: 'error',
        },
      ],
    });
  });

  it('prints GitHub workflow annotations with --format github, escaping ":" and "," in properties', async () => {
    const result = await runCli([
      'validate',
      '--format',
      'github',
      'syntax-error.yaml',
    ]);
    expect(result.code).toBe(1);
    expect(linesOf(result.stdout)).toEqual([
      '::error file=syntax-error.yaml,line=5,col=16,title=dataset%3Adefault/events::YAML syntax error: Nested mappings are not allowed in compact mappings',
      '::error file=syntax-error.yaml,line=16,col=1,title=dataset%3Adefault/clicks spec.type::is required and must be the dataset type, e.g. "table", "files" or "stream"',
      '::warning file=syntax-error.yaml,line=17,col=10,title=dataset%3Adefault/clicks spec.owner::refers to group:default/data, which is not defined in the given files (it may live in another repository)',
      '2 errors, 1 warning in 1 file (2 entities)',
    ]);
  });

  it('rejects an unknown --format with the allowed choices', async () => {
    const result = await runCli([
      'validate',
      '--format',
      'xml',
      'valid-multi-doc.yaml',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Allowed choices are text, json, github');
  });

  it('finds no problem in the repository examples', async () => {
    const result = await runCli(
      ['validate', '--format', 'json', 'examples/**/*.yaml'],
      REPO_ROOT,
    );
    const report = JSON.parse(result.stdout);
    expect(report.problems).toEqual([]);
    expect(report.entities).toBeGreaterThan(10);
    expect(result.code).toBe(0);
  });
});
