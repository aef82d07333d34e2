import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sharedDir } from '../../../test/helpers/shared-dir.js';
import type { ExceptionValue, NormalizedEvent, StackFrame } from '../../protocol/event.js';
import { computeGrouping, defaultGrouping, GROUPING_VERSION } from './v1.js';

// ---------------------------------------------------------------------------------------------
// Builders: realistic events, each with its own id, as SDKs send them after normalization.

const event = (fields: Partial<NormalizedEvent>): NormalizedEvent => ({
  event_id: randomUUID().replaceAll('-', ''),
  timestamp: 1_700_000_000,
  received: 1_700_000_000,
  platform: 'node',
  level: 'error',
  tags: [],
  ...fields,
});

const withException = (exception: ExceptionValue, fields: Partial<NormalizedEvent> = {}): NormalizedEvent =>
  event({ exception: { values: [exception] }, ...fields });

/** A Node frame as @sentry/node sends it: absolute path, module relative to the app root. */
const nodeFrame = (root: string, file: string, fn: string, lineno: number, inApp = true): StackFrame => ({
  filename: `${root}/${file}.js`,
  module: file.replaceAll('/', '.').replace(/\.([^.]*)$/, ':$1'),
  function: fn,
  lineno,
  colno: 14,
  in_app: inApp,
});

const nodeLibFrames = (root: string): StackFrame[] => [
  {
    filename: 'node:internal/process/task_queues',
    module: 'task_queues',
    function: 'processTicksAndRejections',
    lineno: 95,
    in_app: false,
  },
  {
    filename: `${root}/node_modules/express/lib/router/layer.js`,
    module: 'express.lib.router:layer',
    function: 'Layer.handle [as handle_request]',
    lineno: 95,
    in_app: false,
  },
];

/** A browser frame as @sentry/browser sends it: the served URL, no module. */
const browserFrame = (url: string, fn: string, lineno: number, colno: number): StackFrame => ({
  filename: url,
  abs_path: url,
  function: fn,
  lineno,
  colno,
  in_app: true,
});

const hashOf = (e: NormalizedEvent): string => computeGrouping(e).hash;

/** Moves every frame to other lines, as an unrelated edit above the crash does. */
const shiftLines = (e: NormalizedEvent, by: number): NormalizedEvent => {
  const copy = structuredClone(e);
  for (const ex of copy.exception?.values ?? [])
    for (const frame of ex.stacktrace?.frames ?? []) {
      if (frame.lineno !== undefined) frame.lineno += by;
      if (frame.colno !== undefined) frame.colno += 3 * by;
    }
  return copy;
};

// Captured from the real @sentry/node and @sentry/browser 11.12.0 (../shared/reference/captures);
// the event is the third line of each envelope.
const capturesDir = pathToFileURL(sharedDir('reference/captures') + '/');
const hasCaptures = existsSync(capturesDir);

const capture = (name: string): NormalizedEvent => {
  const raw = JSON.parse(readFileSync(new URL(name, capturesDir), 'utf8').split('\n')[2] ?? '{}') as Record<
    string,
    unknown
  >;
  const tags =
    raw.tags && typeof raw.tags === 'object' ? Object.entries(raw.tags as Record<string, string>) : [];
  return {
    ...raw,
    ...event({}),
    event_id: String(raw.event_id),
    platform: String(raw.platform),
    tags,
  } as NormalizedEvent;
};

// ---------------------------------------------------------------------------------------------

describe('computeGrouping: the required behaviours', () => {
  it('groups two events that differ only in line numbers', () => {
    const root = '/srv/shop';
    const first = withException({
      type: 'TypeError',
      value: "Cannot read properties of undefined (reading 'number')",
      stacktrace: {
        frames: [
          ...nodeLibFrames(root),
          nodeFrame(root, 'src/routes/checkout', 'handleCheckout', 40),
          nodeFrame(root, 'src/payment', 'chargeCard', 12),
        ],
      },
    });
    assert.equal(hashOf(shiftLines(first, 7)), hashOf(first));
    if (hasCaptures) {
      const real = capture('sentry-node-envelope-4-event.txt');
      assert.equal(hashOf(shiftLines(real, 100)), hashOf(real));
    }
  });

  it('keeps TypeError in checkout apart from TypeError in cart', () => {
    const at = (file: string, fn: string): NormalizedEvent =>
      withException(
        {
          type: 'TypeError',
          value: "Cannot read properties of null (reading 'items')",
          stacktrace: { frames: [browserFrame(`https://shop.io/static/js/${file}.js`, fn, 21, 88)] },
        },
        { platform: 'javascript' },
      );
    assert.notEqual(
      hashOf(at('checkout', 'HTMLButtonElement.submitOrder')),
      hashOf(at('cart', 'HTMLButtonElement.submitOrder')),
    );
    assert.notEqual(hashOf(at('shop', 'renderCheckout')), hashOf(at('shop', 'renderCart')));
  });

  it('one issue for User 123 / User 456 not found', () => {
    const shapes: [string, (id: number) => NormalizedEvent][] = [
      [
        'captureMessage',
        (id) => event({ message: `User ${id} not found`, logentry: { formatted: `User ${id} not found` } }),
      ],
      [
        'an exception without a stack',
        (id) => withException({ type: 'NotFoundError', value: `User ${id} not found` }),
      ],
      [
        'a log record with its template',
        (id) =>
          event({
            platform: 'python',
            logentry: { message: 'User %s not found', params: [id], formatted: `User ${id} not found` },
          }),
      ],
    ];
    for (const [shape, make] of shapes) assert.equal(hashOf(make(123)), hashOf(make(456)), shape);
    assert.notEqual(
      hashOf(event({ message: 'User 123 not found' })),
      hashOf(event({ message: 'Order 123 not found' })),
    );
  });

  it('a minified bundle hash in the filename does not split an issue', () => {
    const build = (bundle: string, line: number, col: number): NormalizedEvent =>
      withException(
        {
          type: 'TypeError',
          value: "Cannot read properties of null (reading 'items')",
          stacktrace: {
            frames: [
              browserFrame(
                `https://cdn.shop.io/static/js/${bundle}`,
                'HTMLButtonElement.<anonymous>',
                line,
                col,
              ),
              browserFrame(`https://cdn.shop.io/static/js/${bundle}`, 'addToCart', line, col + 300),
            ],
          },
        },
        { platform: 'javascript' },
      );
    const monday = hashOf(build('main.3f9a2c1b.js', 1, 4242));
    assert.equal(hashOf(build('main.77aa88bb.js', 1, 4750)), monday, 'webpack contenthash');
    assert.equal(hashOf(build('main.3f9a2c1b.js?v=20240115', 1, 4242)), monday, 'cache-busting query');
    assert.equal(hashOf(build('main.js', 2, 10)), monday, 'unhashed dev build');
    assert.equal(
      hashOf(build('index-BdKz3Yx1.js', 1, 10)),
      hashOf(build('index-Qm9LpXv2.js', 1, 99)),
      'Vite chunk hash',
    );
  });

  it('SDK fingerprint overrides', () => {
    const timeout = withException({
      type: 'TimeoutError',
      value: 'gateway timed out',
      stacktrace: { frames: [nodeFrame('/srv', 'src/pay', 'charge', 3)] },
    });
    const refused = withException({
      type: 'ConnectionRefused',
      value: 'ECONNREFUSED',
      stacktrace: { frames: [nodeFrame('/srv', 'src/ship', 'label', 9)] },
    });
    assert.notEqual(hashOf(timeout), hashOf(refused));
    const a = computeGrouping({ ...timeout, fingerprint: ['payment-gateway'] });
    const b = computeGrouping({ ...refused, fingerprint: ['payment-gateway'] });
    assert.equal(a.hash, b.hash);
    assert.equal(a.variant, 'fingerprint');
    assert.deepEqual(a.components, ['fingerprint: payment-gateway']);
    assert.notEqual(hashOf({ ...timeout, fingerprint: ['payment-gateway', 'eu'] }), a.hash);
  });

  it('{{ default }} expands to the default grouping', () => {
    const base = withException({
      type: 'TimeoutError',
      value: 'x',
      stacktrace: { frames: [nodeFrame('/srv', 'src/pay', 'charge', 3)] },
    });
    const plain = computeGrouping(base);
    for (const spelling of ['{{ default }}', '{{default}}', '{{  Default  }}', ' {{ DEFAULT }} '])
      assert.deepEqual(computeGrouping({ ...base, fingerprint: [spelling] }), plain, spelling);
    const tenantA = computeGrouping({ ...base, fingerprint: ['{{ default }}', 'tenant-a'] });
    const tenantB = computeGrouping({ ...base, fingerprint: ['{{ default }}', 'tenant-b'] });
    assert.notEqual(tenantA.hash, tenantB.hash);
    assert.notEqual(tenantA.hash, plain.hash);
    assert.deepEqual(tenantA.components, [...plain.components, 'fingerprint: tenant-a']);
  });

  it('absolute paths from two deploy directories group together', () => {
    // No module: Ruby, PHP and browser SDKs send only paths, which carry the deploy directory.
    const deployed = (root: string): NormalizedEvent =>
      withException(
        {
          type: 'NoMethodError',
          value: "undefined method `price' for nil",
          stacktrace: {
            frames: [
              {
                abs_path: `${root}/app/controllers/carts_controller.rb`,
                filename: `${root}/app/controllers/carts_controller.rb`,
                function: 'show',
                lineno: 12,
              },
              {
                abs_path: `${root}/app/models/cart.rb`,
                filename: `${root}/app/models/cart.rb`,
                function: 'total',
                lineno: 30,
              },
            ],
          },
        },
        { platform: 'ruby' },
      );
    assert.equal(
      hashOf(deployed('/home/deploy/shop/releases/20240115093000')),
      hashOf(deployed('/srv/shop/current')),
    );
    assert.equal(
      hashOf(deployed('C:\\inetpub\\shop'.replaceAll('\\', '/'))),
      hashOf(deployed('/var/www/shop')),
    );
  });

  it('chained exceptions all count', () => {
    const chain = (causeType: string): NormalizedEvent =>
      event({
        platform: 'python',
        exception: {
          values: [
            {
              type: causeType,
              value: 'connection reset',
              stacktrace: {
                frames: [{ module: 'shop.db', function: 'query', abs_path: '/code/shop/db.py', lineno: 10 }],
              },
            },
            {
              type: 'CheckoutFailed',
              value: 'could not save order',
              stacktrace: {
                frames: [
                  {
                    module: 'shop.checkout',
                    function: 'save',
                    abs_path: '/code/shop/checkout.py',
                    lineno: 50,
                  },
                ],
              },
            },
          ],
        },
      });
    const grouping = computeGrouping(chain('ConnectionResetError'));
    assert.deepEqual(grouping.components, [
      'stack: in-app',
      'type: ConnectionResetError',
      'frame: shop.db in query',
      'type: CheckoutFailed',
      'frame: shop.checkout in save',
    ]);
    assert.notEqual(grouping.hash, hashOf(chain('TimeoutError')), 'a different cause is a different issue');
  });

  it('value only counts when there is no stack', () => {
    const frames = [nodeFrame('/srv', 'src/orders', 'placeOrder', 20)];
    const withStack = (value: string): NormalizedEvent =>
      withException({ type: 'RangeError', value, stacktrace: { frames } });
    const bare = (value: string): NormalizedEvent => withException({ type: 'RangeError', value });
    assert.equal(hashOf(withStack('too many orders')), hashOf(withStack('quantity must be positive')));
    assert.notEqual(hashOf(bare('too many orders')), hashOf(bare('quantity must be positive')));
    assert.ok(
      computeGrouping(bare('too many orders 42')).components.includes('value: too many orders <int>'),
    );
    // One exception of the chain with a stack is enough to leave every value out.
    const chain = (value: string): NormalizedEvent =>
      event({
        exception: {
          values: [
            { type: 'Cause', value },
            { type: 'Outer', value: 'wrapped', stacktrace: { frames } },
          ],
        },
      });
    assert.equal(hashOf(chain('a')), hashOf(chain('b')));
  });

  it('unrelated events without stack or message never group together', () => {
    const cases: NormalizedEvent[] = [
      event({}),
      event({}),
      event({ level: 'warning' }),
      event({ exception: { values: [{}] } }),
      event({ exception: { values: [{ mechanism: { type: 'generic' } }] } }),
      event({ message: '   ' }),
      event({ transaction: 'GET /cart' }),
      event({ transaction: 'GET /checkout' }),
      event({ culprit: 'shop.views in cart' }),
    ];
    const hashes = cases.map(hashOf);
    assert.equal(
      new Set(hashes).size,
      hashes.length,
      JSON.stringify(cases.map((e) => computeGrouping(e).components)),
    );
    for (const e of cases) assert.equal(computeGrouping(e).variant, 'fallback');
  });
});

describe('computeGrouping: exceptions', () => {
  it('ignores frames outside the app when the app has frames', () => {
    const root = '/srv/shop';
    const app = [nodeFrame(root, 'src/payment', 'chargeCard', 12)];
    const a = withException({
      type: 'TypeError',
      value: 'x',
      stacktrace: { frames: [...nodeLibFrames(root), ...app] },
    });
    const b = withException({ type: 'TypeError', value: 'x', stacktrace: { frames: app } });
    assert.equal(hashOf(a), hashOf(b));
  });

  it('uses all frames when no frame is in the app (Sentry system variant)', () => {
    const lib = nodeLibFrames('/srv/shop');
    const grouping = computeGrouping(
      withException({ type: 'Error', value: 'x', stacktrace: { frames: lib } }),
    );
    assert.deepEqual(grouping.components, [
      'stack: all frames',
      'type: Error',
      'frame: task_queues in processTicksAndRejections',
      'frame: express.lib.router:layer in handle',
    ]);
  });

  it('keys on app code even when an old SDK flags framework frames in-app', () => {
    const django = (view: string): NormalizedEvent =>
      withException(
        {
          type: 'ZeroDivisionError',
          value: 'division by zero',
          stacktrace: {
            frames: [
              {
                module: 'django.core.handlers.base',
                function: '_get_response',
                abs_path: '/usr/local/lib/python3.8/site-packages/django/core/handlers/base.py',
                lineno: 113,
                in_app: true,
              },
              {
                module: 'errors.views',
                function: view,
                abs_path: '/code/errors/views.py',
                lineno: 7,
                in_app: true,
              },
            ],
          },
        },
        { platform: 'python' },
      );
    assert.deepEqual(computeGrouping(django('get')).components, [
      'stack: in-app',
      'type: ZeroDivisionError',
      'frame: errors.views in get',
    ]);
  });

  it('decides in-app by heuristics when the SDK did not', () => {
    const frames: StackFrame[] = [
      { abs_path: '/srv/shop/node_modules/express/lib/router/index.js', function: 'handle' },
      { abs_path: '/srv/shop/src/cart.js', function: 'addItem' },
    ];
    const grouping = computeGrouping(withException({ type: 'Error', stacktrace: { frames } }));
    assert.deepEqual(grouping.components, ['stack: in-app', 'type: Error', 'frame: cart.js in addItem']);
  });

  it('collapses recursion so the depth of a stack overflow does not split the issue', () => {
    const overflow = (depth: number): NormalizedEvent => {
      const frames: StackFrame[] = [nodeFrame('/srv', 'src/tree', 'render', 1)];
      for (let i = 0; i < depth; i++)
        frames.push(
          nodeFrame('/srv', 'src/tree', 'walk', 10 + i),
          nodeFrame('/srv', 'src/tree', 'visit', 20 + i),
        );
      return withException({
        type: 'RangeError',
        value: 'Maximum call stack size exceeded',
        stacktrace: { frames },
      });
    };
    assert.equal(hashOf(overflow(3)), hashOf(overflow(40)));
    assert.deepEqual(computeGrouping(overflow(40)).components, [
      'stack: in-app',
      'type: RangeError',
      'frame: src:tree in render',
      'frame: src:tree in walk',
      'frame: src:tree in visit',
    ]);
  });

  it('leaves out the type of a synthetic exception (Sentry)', () => {
    const signal = (type: string): NormalizedEvent =>
      withException(
        {
          type,
          mechanism: { type: 'signalhandler', synthetic: true },
          stacktrace: {
            frames: [{ function: 'Cart::total()', package: '/opt/shop/bin/shop', in_app: true }],
          },
        },
        { platform: 'native' },
      );
    assert.equal(hashOf(signal('SIGSEGV')), hashOf(signal('SIGBUS')));
  });

  it('keeps the message of a synthetic exception, which is a message sent with a stack', () => {
    const sent = (message: string): NormalizedEvent =>
      withException(
        {
          value: message,
          mechanism: { type: 'generic', synthetic: true },
          stacktrace: { frames: [nodeFrame('/srv', 'client', '?', 12)] },
        },
        { message },
      );
    assert.notEqual(hashOf(sent('Payment gateway slow')), hashOf(sent('Inventory sync lagging')));
    assert.equal(hashOf(sent('Retry 1 of 3')), hashOf(sent('Retry 2 of 3')));
  });

  it('groups the same code the same way across Java builds', () => {
    const build = (lambda: string, proxy: string): NormalizedEvent =>
      withException(
        {
          type: 'java.lang.IllegalStateException',
          value: 'cart is closed',
          stacktrace: {
            frames: [
              { module: 'java.lang.Thread', function: 'run', filename: 'Thread.java', lineno: 833 },
              {
                module: `com.shop.CartService$$EnhancerBySpringCGLIB$$${proxy}`,
                function: 'checkout',
                lineno: 10,
              },
              { module: `com.shop.CartService$$Lambda$${lambda}`, function: 'accept', lineno: -1 },
              {
                module: 'com.shop.CartService',
                function: 'lambda$checkout$0',
                filename: 'CartService.java',
                lineno: 42,
              },
            ],
          },
        },
        { platform: 'java' },
      );
    assert.equal(
      hashOf(build('123/0x0000000800c02a00', '1a2b3c4d')),
      hashOf(build('456/0x0000000800d11b00', '9f8e7d6c')),
    );
  });
});

describe('computeGrouping: threads and messages', () => {
  it('groups a crash without an exception by the crashed thread', () => {
    const crash = (fn: string): NormalizedEvent =>
      event({
        platform: 'cocoa',
        threads: {
          values: [
            { id: 0, stacktrace: { frames: [{ function: 'UIApplicationMain', package: 'UIKitCore' }] } },
            {
              id: 1,
              crashed: true,
              stacktrace: {
                frames: [
                  { function: 'start_wqthread', package: '/usr/lib/system/libsystem_pthread.dylib' },
                  { function: fn, package: '/private/var/containers/Bundle/Application/X/Shop.app/Shop' },
                ],
              },
            },
          ],
        },
      });
    const grouping = computeGrouping(crash('-[CartViewController reload]'));
    assert.equal(grouping.variant, 'threads');
    assert.deepEqual(grouping.components, ['stack: in-app', 'frame: in -[CartViewController reload]']);
    assert.notEqual(grouping.hash, hashOf(crash('-[OrderViewController reload]')));
  });

  it('keeps two messages logged from the same place apart', () => {
    const logged = (template: string): NormalizedEvent =>
      event({
        platform: 'java',
        logentry: { message: template, formatted: template },
        threads: {
          values: [
            {
              current: true,
              stacktrace: { frames: [{ module: 'com.shop.Log', function: 'error', in_app: true }] },
            },
          ],
        },
      });
    assert.notEqual(hashOf(logged('Cart {} expired')), hashOf(logged('Payment {} declined')));
    assert.deepEqual(computeGrouping(logged('Cart {} expired')).components, [
      'stack: in-app',
      'frame: com.shop.Log in error',
      'message: Cart {} expired',
    ]);
  });

  it('groups a top-level stacktrace like a thread', () => {
    const e = event({
      message: 'Boom promise',
      stacktrace: { frames: [nodeFrame('/srv', 'src/app', 'boot', 1)] },
    });
    assert.equal(computeGrouping(e).variant, 'threads');
  });

  it('prefers the logentry template over the formatted message (Sentry message:v1)', () => {
    const log = (param: string): NormalizedEvent =>
      event({
        platform: 'python',
        logentry: {
          message: 'Card %s declined by %s',
          params: [param, 'bank'],
          formatted: `Card ${param} declined by bank`,
        },
      });
    const grouping = computeGrouping(log('visa'));
    assert.equal(grouping.variant, 'message');
    assert.deepEqual(grouping.components, ['message: Card %s declined by %s']);
    assert.equal(grouping.hash, hashOf(log('amex')));
  });

  it('falls back to the culprit and level', () => {
    const grouping = computeGrouping(event({ culprit: 'shop.views in cart', transaction: 'GET /cart' }));
    assert.deepEqual(grouping.components, ['culprit: shop.views in cart', 'level: error']);
  });

  it('adds where it happened to an exception known only by its type', () => {
    assert.notEqual(
      hashOf(event({ transaction: 'GET /cart', exception: { values: [{ type: 'Error' }] } })),
      hashOf(event({ transaction: 'GET /checkout', exception: { values: [{ type: 'Error' }] } })),
    );
  });
});

describe('computeGrouping: fingerprint variables', () => {
  const base = event({
    transaction: 'POST /checkout',
    logger: 'shop.payments',
    level: 'warning',
    tags: [
      ['tenant', 'acme'],
      ['Plan', 'pro'],
    ],
    exception: {
      values: [
        {
          type: 'CardError',
          value: 'declined 42',
          stacktrace: { frames: [nodeFrame('/srv', 'src/payment', 'chargeCard', 12)] },
        },
      ],
    },
  });
  const cases: [variable: string, expected: string][] = [
    ['{{ transaction }}', 'transaction: POST /checkout'],
    ['{{ type }}', 'type: CardError'],
    ['{{ error.type }}', 'type: CardError'],
    ['{{ error.value }}', 'value: declined 42'],
    ['{{ level }}', 'level: warning'],
    ['{{ logger }}', 'logger: shop.payments'],
    ['{{ function }}', 'function: chargeCard'],
    ['{{ stack.module }}', 'module: src:payment'],
    ['{{ stack.filename }}', 'filename: payment.js'],
    ['{{ tags.tenant }}', 'tags.tenant: acme'],
    ['{{ tags.Plan }}', 'tags.Plan: pro'],
    ['{{ Transaction }}', 'transaction: POST /checkout'],
    ['{{ tags.region }}', 'tags.region: <no-value>'],
    ['{{ message }}', 'message: <no-message>'],
    ['{{ unknown.variable }}', 'fingerprint: {{ unknown.variable }}'],
  ];
  for (const [variable, expected] of cases)
    it(`expands ${variable}`, () =>
      assert.deepEqual(computeGrouping({ ...base, fingerprint: [variable] }).components, [expected]));

  it('parameterizes {{ message }} so ids do not split the issue', () => {
    const msg = (id: number): NormalizedEvent =>
      event({ message: `Order ${id} stuck`, fingerprint: ['{{ message }}', 'orders'] });
    assert.equal(hashOf(msg(1)), hashOf(msg(2)));
    assert.deepEqual(computeGrouping(msg(1)).components, [
      'message: Order <int> stuck',
      'fingerprint: orders',
    ]);
  });

  it('uses the default grouping for an empty fingerprint', () => {
    assert.deepEqual(computeGrouping({ ...base, fingerprint: [] }), computeGrouping(base));
  });
});

describe('computeGrouping: the result', () => {
  it('is versioned, with an MD5 of the components as 32 hex characters', () => {
    const grouping = computeGrouping(event({ message: 'hello' }));
    assert.equal(grouping.version, GROUPING_VERSION);
    assert.equal(grouping.version, 'faultline:v1');
    assert.match(grouping.hash, /^[0-9a-f]{32}$/);
    assert.equal(grouping.hash, createHash('md5').update(grouping.components.join('\n')).digest('hex'));
  });

  it('is deterministic for the same input', () => {
    const e = event({ message: 'hello 1' });
    assert.deepEqual(computeGrouping(e), computeGrouping(structuredClone(e)));
  });

  it('exposes the default grouping on its own', () => {
    assert.deepEqual(defaultGrouping(event({ message: 'hi' })), {
      variant: 'message',
      components: ['message: hi'],
    });
  });
});

// Golden: what the real SDKs sent, and exactly what Faultline hashes for it.
describe(
  'computeGrouping: captured SDK events',
  { skip: !hasCaptures && 'shared captures not present' },
  () => {
    const golden: [file: string, variant: string, components: string[]][] = [
      [
        'sentry-node-envelope-4-event.txt',
        'exception',
        ['stack: in-app', 'type: TypeError', 'frame: client', 'frame: client in chargeCard'],
      ],
      [
        'sentry-node-envelope-5-event.txt',
        'exception',
        ['stack: in-app', 'frame: client', 'value: Payment gateway slow'],
      ],
      [
        'sentry-node-envelope-9-event.txt',
        'exception',
        ['stack: in-app', 'type: RangeError', 'frame: client2'],
      ],
      [
        'sentry-browser-envelope-3-event.txt',
        'exception',
        ['stack: in-app', 'type: TypeError', 'frame: bundle.js in r', 'frame: bundle.js'],
      ],
      [
        'sentry-browser-envelope-4-event.txt',
        'exception',
        ['stack: in-app', 'type: SyntaxError', 'frame: bundle.js in manual'],
      ],
    ];
    for (const [file, variant, components] of golden) {
      it(`groups ${file} on exactly its golden components`, () => {
        const grouping = computeGrouping(capture(file));
        assert.equal(grouping.variant, variant);
        assert.deepEqual(grouping.components, components);
      });
    }

    it('keeps the node TypeError and RangeError captures apart', () => {
      assert.notEqual(
        hashOf(capture('sentry-node-envelope-4-event.txt')),
        hashOf(capture('sentry-node-envelope-9-event.txt')),
      );
    });
  },
);
