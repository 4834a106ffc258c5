/*
 * The ml plugin's scheduled tasks, run on demand: benches configure them
 * with `frequency: { trigger: manual }`, so nothing runs in the background
 * while they measure, and start them through the scheduler's REST API. (An
 * initialDelay cannot be used for that: a global task's worker sleeps
 * through its initial delay in process and does not pick up a trigger until
 * it wakes.) `api` is a backendClient (http.js).
 */
const { performance } = require('node:perf_hooks');
const { sleep } = require('./http');

const TASKS = '/api/ml/.backstage/scheduler/v1/tasks';

/** A task's schedule in the app-config: run only when triggered, time out after `minutes`. */
const manualSchedule = minutes => ({
  frequency: { trigger: 'manual' },
  timeout: { minutes },
});

async function taskState(api, id) {
  const { tasks } = await api.get(TASKS);
  const task = tasks.find(t => t.taskId === id);
  if (!task) throw new Error(`No scheduled task ${id}`);
  return task;
}

/** Triggers a task, retrying while it still runs (409). */
async function triggerTask(api, id) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { status } = await api.request('POST', `${TASKS}/${id}/trigger`, {
      allow: [409],
    });
    if (status === 200) return;
    await sleep(500);
  }
  throw new Error(`Could not trigger ${id}: it kept running`);
}

/**
 * Triggers a task and waits for that run to end, polling every `pollMs`.
 * Returns its duration in seconds two ways: `running`, from when it was
 * first seen running (the closest to the run itself), and `sinceTrigger`,
 * which includes the scheduler's pickup.
 */
async function runTask(
  api,
  id,
  { timeoutMs = 30 * 60_000, pollMs = 100 } = {},
) {
  await triggerTask(api, id);
  const t0 = performance.now();
  let startedSeen;
  for (;;) {
    const { taskState: state, workerState } = await taskState(api, id);
    const running =
      state?.status === 'running' || workerState?.status === 'running';
    if (running && !startedSeen) startedSeen = performance.now();
    // A manual task's next start is cleared when the triggered run ends.
    if (!running && !state?.startsAt) {
      if (state?.lastRunError) {
        throw new Error(`${id} failed: ${state.lastRunError}`);
      }
      const now = performance.now();
      return {
        // A run shorter than one poll may not be seen running at all.
        running: startedSeen ? (now - startedSeen) / 1000 : 0.1,
        sinceTrigger: (now - t0) / 1000,
      };
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`${id} timed out`);
    await sleep(pollMs);
  }
}

module.exports = { TASKS, manualSchedule, triggerTask, runTask };
