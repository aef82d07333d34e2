import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createJsonLog } from './json-log.js';

describe('createJsonLog', () => {
  const cases: [string, string, 'info' | 'warn' | 'error', boolean][] = [
    ['writes a warning at level info', 'info', 'warn', true],
    ['writes an error at level warn', 'warn', 'error', true],
    ['drops info at level warn', 'warn', 'info', false],
    ['drops everything when silent', 'silent', 'error', false],
  ];
  for (const [name, level, method, written] of cases) {
    test(name, () => {
      const lines: string[] = [];
      createJsonLog(level, (l) => lines.push(l))[method]({ intakeId: 7 }, 'digest failed');
      assert.equal(lines.length, written ? 1 : 0);
      if (written) assert.equal(JSON.parse(lines[0]!).msg, 'digest failed');
    });
  }

  test('writes an error as its type, message and stack', () => {
    const lines: string[] = [];
    createJsonLog('info', (l) => lines.push(l)).error({ err: new TypeError('boom') }, 'failed');
    const rec = JSON.parse(lines[0]!) as { level: number; err: { type: string; message: string } };
    assert.equal(rec.level, 50);
    assert.deepEqual([rec.err.type, rec.err.message], ['TypeError', 'boom']);
  });
});
