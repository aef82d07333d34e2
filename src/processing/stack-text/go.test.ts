import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { isGoroutineHeader, parseGoFileLine, parseGoFrame, parseGoStack } from './go.js';
import type { ParsedException } from './parsed-stack.js';

const go = (
  module: string | undefined,
  fn: string,
  path: string,
  lineno: number,
  inApp?: boolean,
): StackFrame => ({
  ...(module === undefined ? {} : { module }),
  function: fn,
  filename: path,
  abs_path: path,
  lineno,
  ...(inApp === undefined ? {} : { in_app: inApp }),
  platform: 'go',
});

describe('parseGoFrame', () => {
  const cases: { name: string; call: string; location: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads an inlined call shown with (...)',
      call: 'main.getItem(...)',
      location: '\t/home/dev/app/main.go:8',
      expected: go('main', 'getItem', '/home/dev/app/main.go', 8),
    },
    {
      name: 'drops the pc offset after the line',
      call: 'main.main()',
      location: '\t/home/dev/app/main.go:13 +0x1d',
      expected: go('main', 'main', '/home/dev/app/main.go', 13),
    },
    {
      name: 'splits a pointer-receiver method from its import path',
      call: 'github.com/acme/shop/api.(*Handler).AddToCart(0xc0000a6000, {0x7a6f18, 0xc0001c2000}, 0xc0001b8100)',
      location: '\t/app/api/cart.go:47 +0x1a5',
      expected: go('github.com/acme/shop/api', '(*Handler).AddToCart', '/app/api/cart.go', 47),
    },
    {
      name: 'keeps a closure’s suffix in the function',
      call: 'net/http.(*conn).serve.func1()',
      location: '\t/usr/local/go/src/net/http/server.go:1868 +0xb9',
      expected: go('net/http', '(*conn).serve.func1', '/usr/local/go/src/net/http/server.go', 1868),
    },
    {
      name: 'marks the builtin panic as not in app',
      call: 'panic({0x6c3a40?, 0x7a1b30?})',
      location: '\t/usr/local/go/src/runtime/panic.go:920 +0x270',
      expected: go(undefined, 'panic', '/usr/local/go/src/runtime/panic.go', 920, false),
    },
    {
      name: 'marks runtime package frames as not in app',
      call: 'runtime.gopanic({0x4a1b20, 0xc000012345})',
      location: '\t/usr/local/go/src/runtime/panic.go:770 +0x132',
      expected: go('runtime', 'gopanic', '/usr/local/go/src/runtime/panic.go', 770, false),
    },
    {
      name: 'keeps generic type arguments',
      call: 'main.Map[...](...)',
      location: '\t/app/gen.go:5 +0x2a',
      expected: go('main', 'Map[...]', '/app/gen.go', 5),
    },
    {
      name: 'refuses a call without its file line',
      call: 'main.main()',
      location: 'exit status 2',
      expected: undefined,
    },
    {
      name: 'refuses a line that is not a call',
      call: 'goroutine 1 [running]:',
      location: '\t/app/main.go:1',
      expected: undefined,
    },
  ];
  for (const { name, call, location, expected } of cases) {
    it(name, () => assert.deepEqual(parseGoFrame(call, location), expected));
  }
});

describe('parseGoFileLine', () => {
  const cases: { line: string; expected: ReturnType<typeof parseGoFileLine> }[] = [
    { line: '\t/app/main.go:13 +0x1d', expected: { path: '/app/main.go', lineno: 13 } },
    { line: '\tC:/Users/dev/app/main.go:9 +0x25', expected: { path: 'C:/Users/dev/app/main.go', lineno: 9 } },
    { line: '/app/main.go:13', expected: undefined },
    { line: '\t/app/main.js:13:4', expected: undefined },
  ];
  for (const { line, expected } of cases) {
    it(`reads ${JSON.stringify(line)}`, () => assert.deepEqual(parseGoFileLine(line), expected));
  }
});

describe('isGoroutineHeader', () => {
  const cases: { line: string; expected: boolean }[] = [
    { line: 'goroutine 1 [running]:', expected: true },
    { line: 'goroutine 18 [chan receive, 2 minutes]:', expected: true },
    { line: 'goroutine 1 gp=0xc000002380 m=0 mp=0x5c1e40 [running]:', expected: true },
    { line: 'goroutine leak [detected]:', expected: false },
    { line: 'goroutine 1', expected: false },
  ];
  for (const { line, expected } of cases)
    it(`says ${JSON.stringify(line)} is ${expected}`, () => assert.equal(isGoroutineHeader(line), expected));
});

const INDEX_PANIC = `panic: runtime error: index out of range [5] with length 3

goroutine 1 [running]:
main.getItem(...)
\t/home/dev/app/main.go:8
main.main()
\t/home/dev/app/main.go:13 +0x1d
exit status 2`;

const RECOVERED = `panic: close of nil channel [recovered]
\tpanic: close of nil channel

goroutine 7 [running]:
main.worker.func1()
\t/app/worker.go:20 +0x45
panic({0x4a1b20?, 0x4d2e10?})
\t/usr/local/go/src/runtime/panic.go:770 +0x132
main.worker(0xc00001e0c0)
\t/app/worker.go:25 +0x85
created by main.main in goroutine 1
\t/app/main.go:40 +0x25

goroutine 1 [chan receive]:
main.main()
\t/app/main.go:42 +0x9c`;

const HTTP_PANIC = `2024/03/02 10:15:42 http: panic serving 127.0.0.1:53422: assignment to entry in nil map
goroutine 34 [running]:
net/http.(*conn).serve.func1()
\t/usr/local/go/src/net/http/server.go:1868 +0xb9
github.com/acme/shop/api.(*Handler).AddToCart(0xc0000a6000, {0x7a6f18, 0xc0001c2000}, 0xc0001b8100)
\t/app/api/cart.go:47 +0x1a5
created by net/http.(*Server).Serve in goroutine 1
\t/usr/local/go/src/net/http/server.go:3086 +0x5cb`;

const FATAL = `fatal error: concurrent map writes

runtime stack:
runtime.throw({0x4b8f4e?, 0x0?})
\t/usr/local/go/src/runtime/panic.go:1047 +0x5d

goroutine 21 [running]:
main.(*Cache).Set(...)
\t/app/cache.go:18
main.fill(0xc000010030)
\t/app/main.go:30 +0x4c
created by main.main in goroutine 1
\t/app/main.go:36 +0x5a`;

describe('parseGoStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads a runtime panic with the crash frame last',
      text: INDEX_PANIC,
      expected: [
        {
          type: 'panic',
          value: 'runtime error: index out of range [5] with length 3',
          frames: [
            go('main', 'main', '/home/dev/app/main.go', 13),
            go('main', 'getItem', '/home/dev/app/main.go', 8),
          ],
        },
      ],
    },
    {
      name: 'reads only the crashed goroutine of a re-panic and leaves out created by',
      text: RECOVERED,
      expected: [
        {
          type: 'panic',
          value: 'close of nil channel',
          frames: [
            go('main', 'worker', '/app/worker.go', 25),
            go(undefined, 'panic', '/usr/local/go/src/runtime/panic.go', 770, false),
            go('main', 'worker.func1', '/app/worker.go', 20),
          ],
        },
      ],
    },
    {
      name: 'reads net/http’s logged panic',
      text: HTTP_PANIC,
      expected: [
        {
          type: 'panic',
          value: 'assignment to entry in nil map',
          frames: [
            go('github.com/acme/shop/api', '(*Handler).AddToCart', '/app/api/cart.go', 47),
            go('net/http', '(*conn).serve.func1', '/usr/local/go/src/net/http/server.go', 1868),
          ],
        },
      ],
    },
    {
      name: 'reads a fatal error from its goroutine, not the runtime stack before it',
      text: FATAL,
      expected: [
        {
          type: 'fatal error',
          value: 'concurrent map writes',
          frames: [go('main', 'fill', '/app/main.go', 30), go('main', '(*Cache).Set', '/app/cache.go', 18)],
        },
      ],
    },
    {
      name: 'reads frames pasted without a goroutine line',
      text: 'main.main()\n\t/app/main.go:13 +0x1d',
      expected: [{ frames: [go('main', 'main', '/app/main.go', 13)] }],
    },
    { name: 'returns nothing for a text with no panic in it', text: 'exit status 2', expected: [] },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseGoStack(text), expected));
});
