import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NormalizedEvent, StackFrame } from '../../protocol/event.js';
import {
  computeCulprit,
  computeMetadata,
  computeTitle,
  formatLogMessage,
  truncate,
  type EventMetadata,
} from './title.js';

const event = (fields: Partial<NormalizedEvent>): NormalizedEvent => ({
  event_id: '0'.repeat(32),
  timestamp: 0,
  received: 0,
  platform: 'node',
  level: 'error',
  tags: [],
  ...fields,
});

const nodeFrames: StackFrame[] = [
  { filename: 'node:internal/modules/run_main', module: 'run_main', function: 'runMain', in_app: false },
  { filename: '/srv/app/node_modules/express/lib/router.js', function: 'handle', in_app: false },
  { filename: '/srv/app/src/checkout.js', module: 'src:checkout', function: 'chargeCard', in_app: true },
  { filename: '/srv/app/node_modules/lodash/get.js', function: 'get', in_app: false },
];

const typeError = (fields: Partial<NormalizedEvent> = {}): NormalizedEvent =>
  event({
    exception: {
      values: [
        {
          type: 'TypeError',
          value: "Cannot read properties of undefined (reading 'number')\n    at chargeCard",
          stacktrace: { frames: nodeFrames },
        },
      ],
    },
    ...fields,
  });

describe('computeTitle', () => {
  const cases: [name: string, e: NormalizedEvent, expected: string][] = [
    [
      'titles an error Type: first line of value',
      typeError(),
      "TypeError: Cannot read properties of undefined (reading 'number')",
    ],
    [
      'titles an error without a value by its type',
      event({ exception: { values: [{ type: 'ZeroDivisionError' }] } }),
      'ZeroDivisionError',
    ],
    [
      'titles a chain by its last exception',
      event({
        exception: {
          values: [
            { type: 'IOError', value: 'disk' },
            { type: 'RuntimeError', value: 'save failed' },
          ],
        },
      }),
      'RuntimeError: save failed',
    ],
    [
      'titles a synthetic native crash by its crash function (Sentry)',
      event({
        platform: 'cocoa',
        exception: {
          values: [
            {
              type: 'EXC_BAD_ACCESS',
              value: 'Segfault at 0x0',
              mechanism: { type: 'mach', synthetic: true },
              stacktrace: {
                frames: [{ function: 'main' }, { function: '-[CartView render]', in_app: true }],
              },
            },
          ],
        },
      }),
      '-[CartView render]',
    ],
    [
      'titles a message sent with a stack by the message',
      event({
        message: 'Payment gateway slow',
        exception: {
          values: [
            {
              value: 'Payment gateway slow',
              mechanism: { type: 'generic', synthetic: true },
              stacktrace: {
                frames: [{ filename: '/srv/app/client.mjs', module: 'client', function: '?', in_app: true }],
              },
            },
          ],
        },
      }),
      'Payment gateway slow',
    ],
    [
      'titles a message by its formatted first line',
      event({ logentry: { message: 'Order %s failed\ndetails', formatted: 'Order 42 failed\ndetails' } }),
      'Order 42 failed',
    ],
    ['titles a plain message', event({ message: 'hello there' }), 'hello there'],
    [
      'fills in a template sent without its formatted text',
      event({ platform: 'python', logentry: { message: 'This is a warning: %s', params: ['warning'] } }),
      'This is a warning: warning',
    ],
    ['titles an event without anything <unlabeled event> (Sentry)', event({}), '<unlabeled event>'],
    [
      'titles a transaction by its name',
      event({ type: 'transaction', transaction: 'GET /cart' }),
      'GET /cart',
    ],
  ];
  for (const [name, e, expected] of cases) it(name, () => assert.equal(computeTitle(e), expected));

  it('keeps titles at most 200 characters', () => {
    const title = computeTitle(
      event({ exception: { values: [{ type: 'Error', value: 'x'.repeat(5000) }] } }),
    );
    assert.equal(title.length, 200);
    assert.ok(title.endsWith('…'));
  });
});

describe('computeCulprit', () => {
  const cases: [name: string, e: NormalizedEvent, expected: string][] = [
    [
      'uses the culprit the SDK sent',
      typeError({ culprit: 'checkout.charge', transaction: 'GET /cart' }),
      'checkout.charge',
    ],
    ['uses the transaction next', typeError({ transaction: 'POST /checkout' }), 'POST /checkout'],
    ['renders a JavaScript frame function(module)', typeError(), 'chargeCard(src:checkout)'],
    [
      'shows the path of a URL, as Sentry shows processed JavaScript files',
      event({
        platform: 'javascript',
        exception: {
          values: [
            {
              type: 'Error',
              stacktrace: {
                frames: [{ filename: 'https://shop.io/static/app.js?v=2', function: 'pay', in_app: true }],
              },
            },
          ],
        },
      }),
      'pay(/static/app.js?v=2)',
    ],
    [
      'renders other platforms module in function',
      event({
        platform: 'python',
        exception: {
          values: [
            {
              type: 'ZeroDivisionError',
              stacktrace: {
                frames: [
                  { module: 'shop.views', function: 'get', abs_path: '/code/shop/views.py' },
                  { module: 'shop.pricing', function: 'ratio', abs_path: '/code/shop/pricing.py' },
                  { module: 'decimal', function: '__truediv__', abs_path: '/usr/lib/python3.12/decimal.py' },
                ],
              },
            },
          ],
        },
      }),
      'shop.pricing in ratio',
    ],
    [
      'renders native frames by function',
      event({
        platform: 'cocoa',
        exception: {
          values: [
            {
              type: 'NSRangeException',
              stacktrace: { frames: [{ function: '-[Cart itemAt:]', in_app: true }] },
            },
          ],
        },
      }),
      '-[Cart itemAt:]',
    ],
    [
      'gives a synthetic exception no frame culprit (Sentry) and falls back to the request URL',
      event({
        request: { url: 'https://shop.io/cart' },
        exception: {
          values: [{ value: 'slow', mechanism: { synthetic: true }, stacktrace: { frames: nodeFrames } }],
        },
      }),
      'https://shop.io/cart',
    ],
    [
      'uses the last exception with a stack',
      event({
        exception: {
          values: [
            { type: 'Cause', stacktrace: { frames: nodeFrames } },
            { type: 'Wrapper', value: 'no stack here' },
          ],
        },
      }),
      'chargeCard(src:checkout)',
    ],
    [
      'uses the crashed thread when there is no exception',
      event({
        platform: 'java',
        threads: {
          values: [
            {
              crashed: true,
              stacktrace: { frames: [{ module: 'com.shop.Cart', function: 'add', in_app: true }] },
            },
          ],
        },
      }),
      'com.shop.Cart in add',
    ],
    ['is empty when nothing is known', event({ message: 'hi' }), ''],
  ];
  for (const [name, e, expected] of cases) it(name, () => assert.equal(computeCulprit(e), expected));

  it('keeps culprits at most 200 characters', () => {
    assert.equal(computeCulprit(event({ transaction: 'x'.repeat(500) })).length, 200);
  });
});

describe('computeMetadata', () => {
  const cases: [name: string, e: NormalizedEvent, expected: EventMetadata][] = [
    [
      'records type, value and the in-app crash location',
      typeError(),
      {
        type: 'TypeError',
        value: "Cannot read properties of undefined (reading 'number')\n    at chargeCard",
        filename: '/srv/app/src/checkout.js',
        function: 'chargeCard',
      },
    ],
    [
      'leaves out the type of a synthetic exception (Sentry)',
      event({ exception: { values: [{ type: 'Error', value: 'slow', mechanism: { synthetic: true } }] } }),
      { value: 'slow' },
    ],
    [
      'records a message as the value',
      event({ logentry: { formatted: 'Order 42 failed' } }),
      { value: 'Order 42 failed' },
    ],
    ['records nothing for an empty event', event({}), {}],
  ];
  for (const [name, e, expected] of cases) it(name, () => assert.deepEqual(computeMetadata(e), expected));

  it('trims the value to 1024 characters', () => {
    const metadata = computeMetadata(
      event({ exception: { values: [{ type: 'Error', value: 'y'.repeat(3000) }] } }),
    );
    assert.equal(metadata.value?.length, 1024);
  });
});

describe('truncate', () => {
  const cases: [name: string, text: string, max: number, expected: string][] = [
    ['keeps short text', 'abc', 5, 'abc'],
    ['cuts with an ellipsis', 'abcdef', 4, 'abc…'],
    ['never splits a surrogate pair', 'ab😀cd', 4, 'ab…'],
  ];
  for (const [name, text, max, expected] of cases)
    it(name, () => assert.equal(truncate(text, max), expected));
});

describe('formatLogMessage', () => {
  const cases: [name: string, template: string, params: unknown, expected: string][] = [
    ['fills %s placeholders in order', 'User %s paid %d', ['ann', 12], 'User ann paid 12'],
    ['keeps %% as a percent sign', '%s is 100%% done', ['upload'], 'upload is 100% done'],
    ['fills {} and {0} placeholders', 'Order {} of {0}', ['a'], 'Order a of a'],
    ['fills named %(name)s placeholders', 'Hi %(user)s', { user: 'bo' }, 'Hi bo'],
    ['fills named {name} placeholders', 'Here is a new {foo}', { foo: 'error' }, 'Here is a new error'],
    ['leaves placeholders without a parameter', 'a %s and %s', ['x'], 'a x and %s'],
    ['renders objects as JSON', 'got %s', [{ id: 1 }], 'got {"id":1}'],
    ['keeps a template without parameters', 'plain %s', undefined, 'plain %s'],
  ];
  for (const [name, template, params, expected] of cases)
    it(name, () => assert.equal(formatLogMessage(template, params), expected));
});
