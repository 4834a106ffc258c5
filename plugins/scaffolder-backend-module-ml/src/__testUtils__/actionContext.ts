import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/**
 * A mock action context whose checkpoints are kept in `store`, as the
 * scaffolder keeps them per task: running a handler twice with the same store
 * is a retried task.
 */
export function actionContext<I extends Record<string, any>>(options: {
  input: I;
  workspacePath?: string;
  isDryRun?: boolean;
  checkpoints?: Map<string, unknown>;
  user?: Parameters<typeof createMockActionContext>[0] extends infer O
    ? O extends { user?: infer U }
      ? U
      : never
    : never;
}): ActionContext<I, any> {
  const store = options.checkpoints ?? new Map<string, unknown>();
  const ctx = createMockActionContext({
    input: options.input as any,
    workspacePath: options.workspacePath,
    user: options.user,
  });
  return {
    ...ctx,
    isDryRun: options.isDryRun ?? false,
    async checkpoint<T>(opts: { key: string; fn: () => Promise<T> | T }) {
      if (store.has(opts.key)) return store.get(opts.key) as T;
      const value = await opts.fn();
      store.set(opts.key, value);
      return value;
    },
    // The test utils may carry an older copy of the scaffolder-node types.
  } as unknown as ActionContext<I, any>;
}
