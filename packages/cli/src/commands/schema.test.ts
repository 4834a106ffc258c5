import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../__testUtils__/runCli';

const COMMITTED_SCHEMA = path.join(
  REPO_ROOT,
  'plugins/ml-common/schema/ml-entities.schema.json',
);

describe('ml-marketplace schema', () => {
  it('prints the same JSON Schema that plugin-ml-common commits', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(fs.readFileSync(COMMITTED_SCHEMA, 'utf8'));
    expect(JSON.parse(result.stdout).definitions).toHaveProperty('Model');
  });

  it('writes it to --output, replacing an older copy', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-schema-'));
    fs.writeFileSync(path.join(dir, 'ml-entities.schema.json'), '{}');
    const result = await runCli(
      ['schema', '--output', 'ml-entities.schema.json'],
      dir,
    );
    expect(result).toEqual({
      code: 0,
      stdout: 'Wrote ml-entities.schema.json\n',
      stderr: '',
    });
    expect(
      fs.readFileSync(path.join(dir, 'ml-entities.schema.json'), 'utf8'),
    ).toBe(fs.readFileSync(COMMITTED_SCHEMA, 'utf8'));
  });
});
