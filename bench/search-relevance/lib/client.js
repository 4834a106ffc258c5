/*
 * The bench's calls to the demo backend, signed in as the demo's reviewer
 * (user:default/ada, a member of the admin group examples/org.yaml names in
 * mlDemo.adminGroups), who may read every entity, restricted data included:
 * both engines are asked as somebody who sees the whole corpus.
 */
const { performance } = require('node:perf_hooks');
const { BACKEND, sleep } = require('../../lib/portal');

let token;

/** "Enter as the reviewer" on the sign-in page; works once the catalog holds Ada. */
async function signIn() {
  const res = await fetch(`${BACKEND}/api/auth/demo-reviewer/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) return false;
  token = (await res.json()).backstageIdentity.token;
  return true;
}

async function call(method, urlPath, body) {
  const res = await fetch(`${BACKEND}${urlPath}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body && { 'Content-Type': 'application/json' }),
    },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(
      `${method} ${urlPath}: ${res.status} ${text.slice(0, 300)}`,
    );
  }
  return text ? JSON.parse(text) : undefined;
}
const get = urlPath => call('GET', urlPath);

/** Expected refs the catalog does not hold (yet). */
async function missingFromCatalog(refs) {
  const missing = [];
  for (let i = 0; i < refs.length; i += 500) {
    const entityRefs = refs.slice(i, i + 500);
    const { items } = await call('POST', '/api/catalog/entities/by-refs', {
      entityRefs,
      fields: ['kind'],
    });
    items.forEach((e, j) => e || missing.push(entityRefs[j]));
  }
  return missing;
}

/** Every entity the catalog holds (templates and locations included). */
async function catalogSize() {
  return (await get('/api/catalog/entities/by-query?limit=1&fields=kind'))
    .totalItems;
}

/** Assets the marketplace lists without a query. */
async function marketplaceTotal() {
  return (await get('/api/ml/marketplace?pageSize=1')).total;
}

/** The entity ref of one search result of the catalog collator. */
function searchResultRef({ document }) {
  // location is /catalog/:namespace/:kind/:name, lower-cased and URI-encoded.
  const [, , namespace, kind, name] = document.location.split('/');
  return `${kind}:${decodeURIComponent(namespace)}/${decodeURIComponent(
    name,
  )}`.toLowerCase();
}

/** Refs of every document in the search index's catalog type. */
async function indexedRefs() {
  const refs = new Set();
  let cursor;
  do {
    // An empty term matches every document.
    const page = await get(
      `/api/search/query?${new URLSearchParams({
        term: '',
        'types[0]': 'software-catalog',
        pageLimit: '100',
        ...(cursor && { pageCursor: cursor }),
      })}`,
    );
    for (const result of page.results) refs.add(searchResultRef(result));
    cursor = page.nextPageCursor;
  } while (cursor);
  return refs;
}

/** One GET timed to its parsed body. */
async function timed(urlPath) {
  const t0 = performance.now();
  const body = await get(urlPath);
  return { ms: performance.now() - t0, body };
}

/** The marketplace's top 10 for a query: refs and milliseconds. */
async function marketplaceTop10(q) {
  const { ms, body } = await timed(
    `/api/ml/marketplace?${new URLSearchParams({ q, pageSize: '10' })}`,
  );
  return { ms, refs: body.items.map(a => a.ref), total: body.total };
}

/** Backstage search's top 10 among catalog documents: refs and milliseconds. */
async function backstageTop10(q) {
  const { ms, body } = await timed(
    `/api/search/query?${new URLSearchParams({
      term: q,
      'types[0]': 'software-catalog',
      pageLimit: '10',
    })}`,
  );
  return {
    ms,
    refs: body.results.slice(0, 10).map(searchResultRef),
    total: body.numberOfResults ?? body.results.length,
  };
}

const TASKS = plugin => `/api/${plugin}/.backstage/scheduler/v1/tasks`;

async function taskState(plugin, id) {
  const { tasks } = await get(TASKS(plugin));
  const task = tasks.find(t => t.taskId === id);
  if (!task) throw new Error(`No scheduled task ${id} in ${plugin}`);
  return {
    running:
      task.taskState?.status === 'running' ||
      task.workerState?.status === 'running',
    endedAt: task.taskState?.lastRunEndedAt,
    error: task.taskState?.lastRunError,
  };
}

/**
 * Triggers a task and waits for that run to end: until its last run's end
 * (kept to the second) changes and falls on or after the trigger.
 */
async function runTask(plugin, id, timeoutMs = 5 * 60_000) {
  const before = (await taskState(plugin, id)).endedAt;
  const t0 = Date.now();
  for (;;) {
    const res = await fetch(`${BACKEND}${TASKS(plugin)}/${id}/trigger`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.ok) break;
    // 409 while it still runs: retry.
    if (res.status !== 409 || Date.now() - t0 > timeoutMs) {
      throw new Error(`Triggering ${id}: ${res.status} ${await res.text()}`);
    }
    await sleep(500);
  }
  const triggered = Math.floor(Date.now() / 1000) * 1000;
  for (;;) {
    const state = await taskState(plugin, id);
    if (
      !state.running &&
      state.endedAt &&
      state.endedAt !== before &&
      Date.parse(state.endedAt) >= triggered
    ) {
      if (state.error) throw new Error(`${id} failed: ${state.error}`);
      return (Date.now() - t0) / 1000;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${id} timed out`);
    await sleep(200);
  }
}

module.exports = {
  signIn,
  get,
  missingFromCatalog,
  catalogSize,
  marketplaceTotal,
  marketplaceTop10,
  backstageTop10,
  indexedRefs,
  runTask,
};
