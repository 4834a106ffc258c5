/*
 * The demo portal's backend: every ML marketplace plugin wired into a stock
 * Backstage backend. Adopters copy the `backend.add(...)` lines they need from
 * the plugin READMEs; this file only starts the list in `features.ts`.
 */
import { createBackend } from '@backstage/backend-defaults';
import { backendFeatures } from './features';

const backend = createBackend();
for (const feature of backendFeatures) {
  backend.add(feature);
}
backend.start();
