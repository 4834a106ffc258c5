#!/usr/bin/env node
/*
 * The demo's stand-in for a warehouse's pipelines: jobs that report each
 * completed run to the portal as OpenLineage RunEvents (POST
 * /api/ml/openlineage, with the demo producer's token from app-config.yaml),
 * as Airflow, Spark or dbt would. The data-freshness health check reads when
 * each run last wrote its outputs. At start every job reports its last run;
 * then each runs on its schedule for as long as the demo does, except the
 * payments cleaning job, which stopped 9 hours ago: its table goes stale,
 * the demo's one failing dataset. It also materializes the demo's Feast
 * feature store (scripts/demo-feast.sh) every 20 minutes, as a feature
 * pipeline would, so online features stay within their TTL (one hour for
 * transaction_velocity). Started by scripts/demo.sh.
 */
const { randomUUID } = require('node:crypto');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const BASE = process.env.ML_DEMO_BACKEND_URL ?? 'http://localhost:7007';
const TOKEN =
  process.env.OPENLINEAGE_TOKEN ?? 'demo-only-openlineage-token-not-a-secret';
const WAREHOUSE = 'postgres://warehouse:5432';
const PRODUCER =
  'https://github.com/ml-marketplace/ml-marketplace/scripts/demo-pipelines.js';
const MINUTE = 60e3;
const HOUR = 60 * MINUTE;

const table = (name, fields) => ({
  namespace: WAREHOUSE,
  name,
  // The schema as written: the data-contract check compares it with the
  // Dataset's declared columns.
  ...(fields && {
    facets: {
      schema: {
        _producer: PRODUCER,
        _schemaURL:
          'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json',
        fields: Object.entries(fields).map(([name, type]) => ({ name, type })),
      },
    },
  }),
});
const topic = (cluster, name) => ({ namespace: `kafka://${cluster}`, name });

/** Each job: what it reads and writes, how often it runs, when it last ran. */
const JOBS = [
  {
    job: { namespace: 'airflow', name: 'warehouse.sessions_hourly' },
    inputs: [topic('events', 'product-events')],
    // device_type is new in the data and not yet declared: advice.
    outputs: [
      table('analytics.sessions', {
        session_id: 'VARCHAR',
        customer_id: 'VARCHAR',
        started_at: 'TIMESTAMP',
        page_views: 'INTEGER',
        purchases: 'INTEGER',
        device_type: 'VARCHAR',
      }),
    ],
    every: HOUR,
    lastRunAgo: 20 * MINUTE,
  },
  {
    job: { namespace: 'airflow', name: 'warehouse.customer_engagement_daily' },
    inputs: [table('analytics.sessions')],
    outputs: [
      table('analytics.customer_engagement_daily', {
        customer_id: 'VARCHAR',
        day: 'DATE',
        sessions: 'INTEGER',
        page_views: 'INTEGER',
        purchases: 'INTEGER',
      }),
    ],
    every: 24 * HOUR,
    lastRunAgo: 5 * HOUR,
  },
  {
    job: { namespace: 'fivetran', name: 'crm.accounts_sync' },
    inputs: [],
    outputs: [table('raw.crm_accounts')],
    every: 24 * HOUR,
    lastRunAgo: 8 * HOUR,
  },
  {
    job: { namespace: 'airflow', name: 'warehouse.customers_daily' },
    inputs: [table('raw.crm_accounts')],
    outputs: [
      table('analytics.customers', {
        customer_id: 'VARCHAR',
        plan: 'VARCHAR',
        tenure_days: 'INTEGER',
        country: 'VARCHAR',
      }),
    ],
    every: 24 * HOUR,
    lastRunAgo: 6 * HOUR,
  },
  {
    job: { namespace: 'airflow', name: 'ml.churn_labels_weekly' },
    inputs: [table('analytics.customers')],
    outputs: [table('ml.churn_labels')],
    every: 7 * 24 * HOUR,
    lastRunAgo: 2 * 24 * HOUR,
  },
  {
    job: { namespace: 'airflow', name: 'support.tickets_sync' },
    inputs: [],
    outputs: [table('support.tickets')],
    every: HOUR,
    lastRunAgo: 30 * MINUTE,
  },
  {
    // Broken: its last run completed 9 hours ago and none has since.
    job: { namespace: 'spark', name: 'payments.transactions_clean' },
    inputs: [topic('payments', 'card-transactions')],
    outputs: [table('payments.transactions')],
    every: HOUR,
    lastRunAgo: 9 * HOUR,
    stopped: true,
  },
];

const log = message =>
  console.log(`[demo-pipelines ${new Date().toISOString()}] ${message}`);

async function report(job, at) {
  const response = await fetch(`${BASE}/api/ml/openlineage`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${TOKEN}`,
    },
    body: JSON.stringify({
      eventType: 'COMPLETE',
      eventTime: new Date(at).toISOString(),
      run: { runId: randomUUID() },
      job: job.job,
      inputs: job.inputs,
      outputs: job.outputs,
      producer:
        'https://github.com/ml-marketplace/ml-marketplace/scripts/demo-pipelines.js',
      schemaURL:
        'https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent',
    }),
  });
  if (!response.ok) {
    throw new Error(`${response.status} ${await response.text()}`);
  }
  job.lastRun = at;
}

async function backendUp() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${BASE}/api/ml/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  throw new Error(`the backend did not answer on ${BASE} within 20 minutes`);
}

const ROOT = path.resolve(__dirname, '..');
const FEAST = path.join(ROOT, '.ml-marketplace/feast-venv/bin/feast');
const FEAST_REPO = path.join(ROOT, '.ml-marketplace/feast-demo/repo');

/** `feast materialize-incremental <now>` in the demo's feature repository. */
function materialize() {
  if (!fs.existsSync(FEAST) || !fs.existsSync(FEAST_REPO)) return;
  const until = new Date().toISOString().slice(0, 19);
  execFile(
    FEAST,
    ['materialize-incremental', until],
    { cwd: FEAST_REPO, timeout: 5 * MINUTE },
    error =>
      log(
        error
          ? `feast materialize failed: ${error.message.split('\n')[0]}`
          : `feast materialized up to ${until}`,
      ),
  );
}

async function main() {
  setInterval(materialize, 20 * MINUTE);
  await backendUp();
  const now = Date.now();
  for (const job of JOBS) await report(job, now - job.lastRunAgo);
  log(`reported the last run of ${JOBS.length} jobs`);
  setInterval(async () => {
    for (const job of JOBS) {
      if (job.stopped || Date.now() - job.lastRun < job.every) continue;
      try {
        await report(job, Date.now());
        log(`${job.job.namespace}/${job.job.name} completed`);
      } catch (error) {
        log(`${job.job.name}: ${error.message}`);
      }
    }
  }, MINUTE);
}

main().catch(error => {
  log(`stopped: ${error.message}`);
  process.exit(1);
});
