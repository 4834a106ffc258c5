import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The demo's MLflow registry, as `npm run demo` starts it: the portal syncs
 * its versions and discovers its untracked models. Idempotent, so a running
 * demo is reused.
 */
export default function globalSetup() {
  execFileSync(
    'bash',
    [path.resolve(__dirname, '../../../scripts/demo-mlflow.sh')],
    { stdio: 'inherit' },
  );
}
