#!/usr/bin/env node
/*
 * Prints one summary of every test that ran: Jest (unit and integration) and
 * Playwright (browser), the tests that were skipped, by name, and a last line
 * `N passed, N failed` that CI reads.
 *
 * Usage: node scripts/summarize-tests.js <jest.json> <playwright.json> [failed step names...]
 */
const fs = require('node:fs');

const [jestFile, playwrightFile, ...failedSteps] = process.argv.slice(2);
const readJson = file => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

let passed = 0;
let failed = 0;
const skipped = [];
const failures = [];

const jest = readJson(jestFile);
if (jest) {
  for (const suite of jest.testResults) {
    for (const t of suite.assertionResults) {
      const name = `${suite.name.replace(process.cwd() + '/', '')} > ${
        t.fullName
      }`;
      if (t.status === 'passed') passed++;
      else if (t.status === 'failed') failed++, failures.push(name);
      else skipped.push(name);
    }
    // A suite that fails to load has no assertion results but must count.
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      failed++;
      failures.push(`${suite.name} (suite failed to run)`);
    }
  }
  console.log(
    `Jest:       ${jest.numPassedTests} passed, ${
      jest.numFailedTests
    } failed, ${jest.numPendingTests + jest.numTodoTests} skipped`,
  );
} else {
  failed++;
  failures.push(`Jest did not report (${jestFile} missing)`);
}

const pw = readJson(playwrightFile);
if (pw) {
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const name = `${[...trail, spec.title].join(' > ')}`;
        const status = test.results.at(-1)?.status ?? test.status;
        if (status === 'passed') passed++;
        else if (status === 'skipped') skipped.push(name);
        else failed++, failures.push(name);
      }
    }
    for (const child of suite.suites ?? [])
      walk(child, [...trail, child.title]);
  };
  for (const suite of pw.suites) walk(suite, [suite.title]);
  const s = pw.stats ?? {};
  console.log(
    `Playwright: ${s.expected ?? 0} passed, ${s.unexpected ?? 0} failed, ${
      s.skipped ?? 0
    } skipped`,
  );
} else {
  failed++;
  failures.push(`Playwright did not report (${playwrightFile} missing)`);
}

for (const step of failedSteps) {
  failed++;
  failures.push(`step failed: ${step}`);
}

if (skipped.length) {
  console.log(`\nSkipped (${skipped.length}):`);
  for (const name of skipped) console.log(`  - ${name}`);
} else {
  console.log('\nSkipped: none');
}
if (failures.length) {
  console.log(`\nFailed (${failures.length}):`);
  for (const name of failures) console.log(`  - ${name}`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
