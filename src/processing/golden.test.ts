/**
 * Golden tests: real event payloads from ../shared/corpus (SDK and tracker test data) go through the
 * pure processing steps, and what comes out — the normalized event, title, culprit and the grouping
 * inputs — must equal the pinned `test/fixtures/golden/<name>.expected.json`.
 * After an intended change, regenerate with `UPDATE_GOLDEN=1 node --import tsx --test src/processing/golden.test.ts`
 * and review the diff: a changed grouping hash splits issues in existing installations.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../../test/helpers/shared-dir.js';
import { processEvent } from './process-event.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = sharedDir('corpus');
const goldenDir = path.join(root, 'test/fixtures/golden');
const update = process.env.UPDATE_GOLDEN === '1';

/** Corpus files that are single events (not envelopes, sessions, transactions or check-ins). */
function eventFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return eventFiles(p);
    if (!d.name.endsWith('.json')) return [];
    try {
      const v = JSON.parse(fs.readFileSync(p, 'utf8')) as Record<string, unknown>;
      const isEvent =
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        v.type !== 'transaction' &&
        [
          'exception',
          'message',
          'logentry',
          'threads',
          'sentry.interfaces.Exception',
          'sentry.interfaces.Message',
        ].some((k) => k in v);
      return isEvent ? [p] : [];
    } catch {
      return [];
    }
  });
}

function goldenName(file: string): string {
  return path
    .relative(corpus, file)
    .replace(/[\\/]/g, '__')
    .replace(/\.json$/, '');
}

describe(
  'golden: corpus events through normalize, grouping and titles',
  { skip: !fs.existsSync(corpus) && 'no ../shared/corpus' },
  () => {
    const files = eventFiles(corpus).sort();
    test('finds the corpus events', () =>
      assert.ok(files.length >= 40, `only ${files.length} corpus events`));
    for (const file of files) {
      const name = goldenName(file);
      test(name, () => {
        const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
        // A fixed receive time and id, so the output depends on the payload alone.
        const out = processEvent(raw, { eventId: '0'.repeat(32), receivedAt: 1_700_000_000 });
        const actual = JSON.parse(
          JSON.stringify({
            title: out.title,
            culprit: out.culprit,
            metadata: out.metadata,
            grouping: out.grouping,
            userKey: out.userKey ?? null,
            event: {
              ...out,
              title: undefined,
              culprit: undefined,
              metadata: undefined,
              grouping: undefined,
              userKey: undefined,
            },
          }),
        ) as unknown;
        const expectedFile = path.join(goldenDir, `${name}.expected.json`);
        if (update || !fs.existsSync(expectedFile)) {
          fs.mkdirSync(goldenDir, { recursive: true });
          fs.writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
          if (!update)
            assert.fail(`wrote the missing ${path.relative(root, expectedFile)}; review and commit it`);
          return;
        }
        assert.deepEqual(actual, JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
      });
    }
  },
);
