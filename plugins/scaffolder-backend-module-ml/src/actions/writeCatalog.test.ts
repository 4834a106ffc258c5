import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAllDocuments } from 'yaml';
import { createWriteCatalogAction } from './writeCatalog';

describe('ml:catalog:write', () => {
  const workspace = createMockDirectory();
  const action = createWriteCatalogAction();

  beforeEach(() => workspace.clear());

  const run = (input: Record<string, unknown>) => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        lifecycle: 'experimental',
        filePath: 'catalog-info.yaml',
        ...input,
      } as any,
    });
    return action.handler(ctx).then(() => ctx);
  };

  it('writes a valid Model and outputs its ref', async () => {
    const ctx = await run({
      kind: 'Model',
      name: 'churn-model',
      title: 'Churn',
      owner: 'group:default/growth-ml',
      spec: {
        task: 'binary-classification',
        trainedOn: ['dataset:default/customers'],
      },
    });
    const written = parseAllDocuments(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).map(d => d.toJS());
    expect(written).toEqual([
      {
        apiVersion: 'ml-marketplace.io/v1alpha1',
        kind: 'Model',
        metadata: { name: 'churn-model', title: 'Churn' },
        spec: {
          task: 'binary-classification',
          trainedOn: ['dataset:default/customers'],
          owner: 'group:default/growth-ml',
          lifecycle: 'experimental',
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'model:default/churn-model',
    );
  });

  it('applies the defaults of lifecycle and filePath itself', async () => {
    // The scaffolder passes inputs without the schema's defaults.
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        kind: 'Model',
        name: 'churn-model',
        owner: 'group:default/growth-ml',
      } as any,
    });
    await action.handler(ctx);
    const written = parseAllDocuments(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).map(d => d.toJS());
    expect(written[0].spec.lifecycle).toBe('experimental');
    expect(ctx.output).toHaveBeenCalledWith('filePath', 'catalog-info.yaml');
  });

  it('appends a second entity to an existing file as a new YAML document', async () => {
    await run({
      kind: 'Dataset',
      name: 'scores',
      owner: 'team-a',
      spec: { type: 'table' },
    });
    await run({
      kind: 'Model',
      name: 'scorer',
      owner: 'team-a',
      spec: { trainedOn: ['scores'] },
    });
    const docs = parseAllDocuments(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).map(d => d.toJS());
    expect(docs.map(d => `${d.kind}:${d.metadata.name}`)).toEqual([
      'Dataset:scores',
      'Model:scorer',
    ]);
  });

  it('fails before writing anything when a form value is invalid, naming the field', async () => {
    await expect(
      run({
        kind: 'Model',
        name: 'churn model',
        owner: 'team-a',
        spec: { trainedOn: [42] },
      }),
    ).rejects.toThrow(
      /ml:catalog:write: Model default\/churn model: metadata\.name must be 1-63 characters.*; spec\.trainedOn\[0\] must be an entity ref like "dataset:default\/customers", got 42/,
    );
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(
      false,
    );
  });

  it.each([
    ['../outside.yaml'],
    ['/etc/catalog-info.yaml'],
    ['a/../../outside.yaml'],
  ])('rejects filePath %s that leaves the workspace', async filePath => {
    await expect(
      run({
        kind: 'Dataset',
        name: 'd',
        owner: 'team-a',
        spec: { type: 'table' },
        filePath,
      }),
    ).rejects.toThrow(
      /filePath must (stay inside|be relative to) the workspace/,
    );
  });

  it('rejects a symlink that points out of the workspace', async () => {
    const outside = createMockDirectory();
    fs.symlinkSync(outside.path, path.join(workspace.path, 'escape'));
    await expect(
      run({
        kind: 'Dataset',
        name: 'd',
        owner: 'team-a',
        spec: { type: 'table' },
        filePath: 'escape/catalog-info.yaml',
      }),
    ).rejects.toThrow(
      'filePath goes through a symlink that leaves the workspace, got "escape/catalog-info.yaml"',
    );
    expect(fs.readdirSync(outside.path)).toEqual([]);
  });

  it('refuses to overwrite a file it cannot read', async () => {
    const target = path.join(workspace.path, 'catalog-info.yaml');
    fs.mkdirSync(target); // a directory where the file should be: reading fails with EISDIR
    await expect(
      run({
        kind: 'Dataset',
        name: 'd',
        owner: 'team-a',
        spec: { type: 'table' },
      }),
    ).rejects.toThrow(/EISDIR/);
    expect(fs.statSync(target).isDirectory()).toBe(true);
  });

  it('rejects values that still hold a template expression', async () => {
    await expect(
      run({
        kind: 'Dataset',
        name: 'd',
        owner: '${{ secrets.token }}',
        spec: { type: 'table' },
      }),
    ).rejects.toThrow('input.owner must not contain a template expression');
  });
});
