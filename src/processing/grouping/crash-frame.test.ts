import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NormalizedEvent, StackFrame } from '../../protocol/event.js';
import {
  crashFrames,
  findCrashFrame,
  framesOf,
  hasFunction,
  mainException,
  selectThread,
} from './crash-frame.js';

const event = (fields: Partial<NormalizedEvent>): NormalizedEvent => ({
  event_id: '0'.repeat(32),
  timestamp: 0,
  received: 0,
  platform: 'node',
  level: 'error',
  tags: [],
  ...fields,
});

const app = (fn: string): StackFrame => ({ abs_path: `/srv/app/${fn}.js`, function: fn, in_app: true });
const lib = (fn: string): StackFrame => ({
  abs_path: `/srv/app/node_modules/x/${fn}.js`,
  function: fn,
  in_app: false,
});

describe('framesOf', () => {
  const cases: [name: string, input: unknown, count: number][] = [
    ['reads frames', { frames: [{ function: 'a' }, { function: 'b' }] }, 2],
    ['gives none for a missing stack', undefined, 0],
    ['gives none when frames is not a list', { frames: 'at a (x.js:1:1)' }, 0],
    ['skips null frames', { frames: [null, { function: 'a' }] }, 1],
  ];
  for (const [name, input, count] of cases) it(name, () => assert.equal(framesOf(input).length, count));
});

describe('mainException', () => {
  it('is the last exception in the chain, the one thrown last', () => {
    const e = event({ exception: { values: [{ type: 'Cause' }, { type: 'Outer' }] } });
    assert.equal(mainException(e)?.type, 'Outer');
  });
  it('is undefined without exceptions', () => assert.equal(mainException(event({})), undefined));
});

describe('selectThread', () => {
  const stack = { frames: [app('run')] };
  const cases: [
    name: string,
    threads: NonNullable<NormalizedEvent['threads']>['values'],
    id: number | undefined,
  ][] = [
    [
      'picks the crashed thread',
      [
        { id: 1, stacktrace: stack },
        { id: 2, crashed: true, stacktrace: stack },
      ],
      2,
    ],
    ['picks the only thread with a stack', [{ id: 1 }, { id: 2, stacktrace: stack }], 2],
    [
      'picks the current thread among several',
      [
        { id: 1, stacktrace: stack },
        { id: 2, current: true, stacktrace: stack },
      ],
      2,
    ],
    [
      'picks none among several without a hint',
      [
        { id: 1, stacktrace: stack },
        { id: 2, stacktrace: stack },
      ],
      undefined,
    ],
    [
      'ignores a crashed thread without a stack',
      [
        { id: 1, crashed: true },
        { id: 2, stacktrace: stack },
      ],
      2,
    ],
  ];
  for (const [name, threads, id] of cases)
    it(name, () => assert.equal(selectThread(event({ threads: { values: threads } }))?.id, id));
});

describe('crashFrames', () => {
  it('prefers the main exception, then a top-level stacktrace, then a thread', () => {
    const thread = { crashed: true, stacktrace: { frames: [app('fromThread')] } };
    assert.equal(crashFrames(event({ threads: { values: [thread] } }))[0]?.function, 'fromThread');
    assert.equal(
      crashFrames(event({ threads: { values: [thread] }, stacktrace: { frames: [app('fromEvent')] } }))[0]
        ?.function,
      'fromEvent',
    );
    const withException = event({
      threads: { values: [thread] },
      exception: { values: [{ type: 'E', stacktrace: { frames: [app('fromException')] } }] },
    });
    assert.equal(crashFrames(withException)[0]?.function, 'fromException');
  });
});

describe('findCrashFrame', () => {
  const cases: [name: string, frames: StackFrame[], expected: string | undefined][] = [
    ['picks the in-app frame nearest the crash', [app('outer'), app('inner'), lib('helper')], 'inner'],
    ['falls back to the crash frame without in-app frames', [lib('a'), lib('b')], 'b'],
    ['gives nothing for an empty stack', [], undefined],
  ];
  for (const [name, frames, expected] of cases)
    it(name, () => assert.equal(findCrashFrame(frames, 'node')?.function, expected));

  it('skips frames the filter rejects', () => {
    const frames = [app('named'), { ...app('x'), function: '<redacted>' }];
    assert.equal(findCrashFrame(frames, 'node', hasFunction)?.function, 'named');
  });
});

describe('hasFunction', () => {
  const cases: [fn: string | undefined, expected: boolean][] = [
    ['chargeCard', true],
    ['?', true],
    ['<redacted>', false],
    ['<unknown>', false],
    [undefined, false],
  ];
  for (const [fn, expected] of cases)
    it(`${expected ? 'accepts' : 'rejects'} ${fn ?? 'a missing function'}`, () =>
      assert.equal(hasFunction(fn === undefined ? {} : { function: fn }), expected));
});
