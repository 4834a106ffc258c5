import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { parseAllDocuments } from 'yaml';

const EXAMPLES = path.resolve(resolvePackagePath('backend'), '../../examples');

/** Every entity in the example catalog's ML files, read straight from YAML. */
export function exampleMlEntities(): Array<{
  kind: string;
  metadata: { name: string };
}> {
  return fs
    .readdirSync(path.join(EXAMPLES, 'ml'))
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(
        fs.readFileSync(path.join(EXAMPLES, 'ml', f), 'utf8'),
      ).map(d => d.toJS()),
    );
}

/** `{ Model: 6, Feature: 6, Dataset: 10 }` for the example catalog. */
export function exampleKindCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of exampleMlEntities())
    counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}
