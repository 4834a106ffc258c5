import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The demo's MLflow registry and Feast feature store, as `npm run demo`
 * starts them: the portal syncs their versions and views and discovers what
 * no repository declares. Idempotent, so a running demo is reused.
 */
export default function globalSetup() {
  for (const script of ['demo-mlflow.sh', 'demo-feast.sh']) {
    execFileSync(
      'bash',
      [path.resolve(__dirname, '../../../scripts', script)],
      { stdio: 'inherit' },
    );
  }
}
