import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import {
  describeFrame,
  isHashLike,
  normalizeFilename,
  normalizeFrame,
  normalizeFunction,
  normalizeGeneratedName,
  normalizeModule,
  stripBuildIds,
  type FrameComponents,
} from './normalize-frame.js';

describe('normalizeFilename', () => {
  const cases: [name: string, path: string, expected: string | undefined][] = [
    ['drops a home-directory deploy prefix', '/home/x/app/src/checkout.js', 'checkout.js'],
    ['drops a container deploy prefix', '/srv/releases/42/src/checkout.js', 'checkout.js'],
    ['drops a Windows drive and lower-cases', 'C:\\Users\\x\\app\\src\\Checkout.js', 'checkout.js'],
    ['drops file:// URLs to the file', 'file:///srv/app/src/checkout.js', 'checkout.js'],
    [
      'drops the origin, query and fragment of a URL',
      'https://cdn.example.com/assets/app.js?v=3#L1',
      'app.js',
    ],
    ['drops webpack:// and the project name', 'webpack://my-app/./src/cart.ts', 'cart.ts'],
    ['drops app:/// (React Native, Electron)', 'app:///index.bundle?platform=ios&dev=true', 'index.bundle'],
    ['removes a webpack content hash', '/static/js/main.3f9a2c1b.js', 'main.js'],
    ['removes a hash before a second extension', 'main.3f9a2c1b.chunk.js', 'main.chunk.js'],
    ['removes an esbuild chunk hash', 'https://x.io/chunk-ABCD1234.js', 'chunk.js'],
    ['removes a Vite hash without digits', '/assets/cart-BdKzXYxa.js', 'cart.js'],
    ['removes a hash followed by a dash', 'app-5f2e9a7c-.mjs', 'app.mjs'],
    ['removes a hash in the middle', 'index.a1b2c3d4e5.bundle.js', 'index.bundle.js'],
    ['removes versions from vendored files', '/js/jquery-3.6.0.min.js', 'jquery.min.js'],
    ['keeps ordinary dashed names', '/src/payment-service.js', 'payment-service.js'],
    ['keeps PascalCase pieces that only look random', 'index-MyButton.js', 'index-MyButton.js'.toLowerCase()],
    ['names a hash-only chunk by its folder', '/static/js/3f9a2c1b4e5d.js', 'js/<chunk>.js'],
    ['keeps the folder of a generic index file', '/app/src/checkout/index.js', 'checkout/index.js'],
    ['keeps the package of a Python __init__', '/app/shop/orders/__init__.py', 'orders/__init__.py'],
    ['keeps the route of a Next.js page', '/app/src/app/cart/page.tsx', 'cart/page.tsx'],
    ['drops a release folder before a generic file', '/srv/releases/20240115/index.js', 'index.js'],
    [
      'reduces a Ruby gem frame to its file',
      'actionpack (6.1.7.7) lib/abstract_controller/callbacks.rb',
      'callbacks.rb',
    ],
    ['gives nothing for <anonymous>', '<anonymous>', undefined],
    ['gives nothing for [native code]', '[native code]', undefined],
    ['gives nothing for a page URL (inline script)', 'http://localhost:3000/checkout/42', undefined],
    ['gives nothing for a bare origin', 'https://example.com/', undefined],
  ];
  for (const [name, path, expected] of cases) it(name, () => assert.equal(normalizeFilename(path), expected));

  it('gives the same name for the same source in two deploys', () => {
    assert.equal(
      normalizeFilename('/home/alice/app-v1/src/checkout/index.js'),
      normalizeFilename('/srv/app/releases/v2/src/checkout/index.js'),
    );
  });
});

describe('stripBuildIds', () => {
  const cases: [name: string, input: string, hasExtension: boolean, expected: string][] = [
    ['keeps a plain name', 'checkout.js', true, 'checkout.js'],
    ['drops a numeric chunk id', '123.js', true, '<chunk>.js'],
    ['drops a cache-busting timestamp', 'bundle.1699999999.js', true, 'bundle.js'],
    ['strips a module name without an extension', 'main.3f9a2c1b', false, 'main'],
    ['keeps dotfiles', '.eslintrc.js', true, '.eslintrc.js'],
  ];
  for (const [name, input, hasExtension, expected] of cases)
    it(name, () => assert.equal(stripBuildIds(input, hasExtension), expected));
});

describe('isHashLike', () => {
  const cases: [piece: string, expected: boolean][] = [
    ['3f9a2c1b', true],
    ['ABCD1234', true],
    ['BdKzXYxa', true],
    ['a1b2c3', true],
    ['1699999999', true],
    ['decade', false],
    ['es2015', false],
    ['MyButton', false],
    ['useState', false],
    ['checkout', false],
    ['v2', false],
  ];
  for (const [piece, expected] of cases)
    it(`${expected ? 'takes' : 'does not take'} ${piece} for a build id`, () =>
      assert.equal(isHashLike(piece), expected));
});

describe('normalizeModule', () => {
  const cases: [name: string, module: string, platform: string, expected: string | undefined][] = [
    ['keeps a Java class', 'com.example.checkout.CartService', 'java', 'com.example.checkout.CartService'],
    [
      'strips a Java 8-17 lambda counter and address',
      'com.example.Cart$$Lambda$123/0x0000000800c02a00',
      'java',
      'com.example.Cart$$Lambda',
    ],
    [
      'strips a JDK 21 hidden-class lambda address',
      'com.example.Cart$$Lambda/0x000001f0010c4000',
      'java',
      'com.example.Cart$$Lambda',
    ],
    [
      'strips a CGLIB enhancer hash',
      'com.example.Cart$$EnhancerBySpringCGLIB$$1a2b3c4d',
      'java',
      'com.example.Cart$$EnhancerBySpringCGLIB$$<auto>',
    ],
    [
      'strips a javassist proxy counter',
      'com.example.Cart_$$_javassist_42',
      'java',
      'com.example.Cart_$$_javassist<auto>',
    ],
    [
      'strips a Hibernate proxy suffix',
      'com.example.Order$HibernateProxy$OBLcXc1l',
      'java',
      'com.example.Order$HibernateProxy$<auto>',
    ],
    [
      'strips a reflection accessor counter',
      'sun.reflect.GeneratedMethodAccessor123',
      'java',
      'sun.reflect.GeneratedMethodAccessor',
    ],
    ['strips dynamic proxy counters', 'jdk.proxy2.$Proxy45', 'java', 'jdk.proxy.$Proxy'],
    ['strips anonymous-class numbers', 'com.example.Cart$1$2', 'java', 'com.example.Cart$$'],
    ['strips Clojure fn numbers', 'shop.core$fn__1234', 'clojure', 'shop.core$fn__<auto>'],
    [
      'strips C# state-machine numbers',
      'Shop.CartController+<Index>d__3',
      'csharp',
      'Shop.CartController+<Index>d__',
    ],
    ['strips C# closure classes', 'Shop.Cart+<>c__DisplayClass4_0', 'csharp', 'Shop.Cart+<>c__DisplayClass'],
    [
      'keeps a @sentry/node module',
      '@sentry.core.build.esm.tracing:trace',
      'node',
      '@sentry.core.build.esm.tracing:trace',
    ],
    ['strips a bundle hash from a node module', 'dist:main.3f9a2c1b', 'node', 'dist:main'],
    ['treats a JavaScript module path as a file name', 'src/checkout/index', 'javascript', 'checkout/index'],
    ['gives nothing for ?', '?', 'node', undefined],
  ];
  for (const [name, module, platform, expected] of cases)
    it(name, () => assert.equal(normalizeModule(module, platform), expected));
});

describe('normalizeGeneratedName', () => {
  it('returns names without generated markers untouched', () => {
    const name = 'org.springframework.web.servlet.FrameworkServlet';
    assert.equal(normalizeGeneratedName(name), name);
  });
});

describe('normalizeFunction', () => {
  const cases: [name: string, fn: string, platform: string, expected: string | undefined][] = [
    ['drops the JavaScript receiver (Sentry fuzzing)', 'Object.chargeCard', 'javascript', 'chargeCard'],
    ['drops a class receiver', 'CheckoutPage.submit', 'node', 'submit'],
    ['drops an async prefix and Promise.all index', 'async Promise.all (index 0)', 'node', 'all'],
    ['drops a V8 alias', 'Object.bar [as foo]', 'node', 'bar'],
    ['drops a new prefix', 'new Cart', 'javascript', 'Cart'],
    [
      'gives nothing for an anonymous receiver method',
      'HTMLButtonElement.<anonymous>',
      'javascript',
      undefined,
    ],
    ['gives nothing for ?', '?', 'node', undefined],
    ["gives nothing for Firefox's anonymous inner function", 'render/<', 'javascript', undefined],
    ['keeps dots in Python qualified names', 'Cart.total', 'python', 'Cart.total'],
    ['strips a Java lambda counter', 'lambda$checkout$0', 'java', 'lambda$checkout$'],
    ['strips a synthetic accessor counter', 'access$000', 'java', 'access$'],
    ['keeps the enclosing method of a Ruby block', 'block (2 levels) in process', 'ruby', 'block in process'],
    [
      'strips ERB template numbers',
      '_app_views_cart_html_erb__1234_5678',
      'ruby',
      '_app_views_cart_html_erb',
    ],
    ['names PHP anonymous classes alike', 'class@anonymous/app/src/Cart.php:12$0', 'php', 'class@anonymous'],
    ['drops a native offset', 'CartView.render + 123', 'cocoa', 'CartView.render'],
    ['gives nothing for <redacted>', '<redacted>', 'cocoa', undefined],
    ['gives nothing for a bare address', '0x1234abcd', 'native', undefined],
    ['strips C# lambda numbers', '<Main>b__0_1', 'csharp', '<Main>b__'],
  ];
  for (const [name, fn, platform, expected] of cases)
    it(name, () => assert.equal(normalizeFunction(fn, platform), expected));
});

describe('normalizeFrame', () => {
  const cases: [name: string, frame: StackFrame, platform: string, expected: FrameComponents | undefined][] =
    [
      [
        'prefers the module over the file name',
        { module: 'shop.cart', filename: 'shop/cart.py', function: 'total', lineno: 12 },
        'python',
        { module: 'shop.cart', function: 'total' },
      ],
      [
        'falls back to the normalized file name',
        {
          filename: 'https://shop.io/static/js/main.3f9a2c1b.js',
          function: 'Object.chargeCard',
          lineno: 1,
          colno: 4242,
        },
        'javascript',
        { filename: 'main.js', function: 'chargeCard' },
      ],
      [
        'uses abs_path when there is no filename',
        { abs_path: '/srv/app/cart.rb', function: 'total' },
        'ruby',
        { filename: 'cart.rb', function: 'total' },
      ],
      [
        'keeps a location without a function',
        { module: 'client', function: '?', lineno: 10 },
        'node',
        { module: 'client' },
      ],
      [
        'keeps a function without a location',
        { function: 'UIApplicationMain', package: '/System/Library/Frameworks/UIKit.framework/UIKit' },
        'cocoa',
        { function: 'UIApplicationMain' },
      ],
      [
        'ignores eval frames (Sentry: low quality javascript frame)',
        { function: 'eval', filename: 'x.js' },
        'javascript',
        undefined,
      ],
      [
        'ignores frames in <anonymous> code',
        { function: 'JSON.parse', filename: '<anonymous>' },
        'javascript',
        undefined,
      ],
      [
        'ignores [native code] frames',
        { function: 'forEach', abs_path: '[native code]' },
        'javascript',
        undefined,
      ],
      [
        'ignores webpack loader frames',
        { function: '__webpack_require__', filename: 'main.js' },
        'javascript',
        undefined,
      ],
      ['ignores tslib async helpers', { function: '__awaiter', filename: 'cart.js' }, 'node', undefined],
      [
        'gives nothing for an unsymbolicated native frame',
        { instruction_addr: '0x1a2b', package: 'Shop' },
        'native',
        undefined,
      ],
      [
        'applies the frame platform over the event platform',
        { function: 'Object.go', filename: 'a.js', platform: 'javascript' },
        'cocoa',
        { filename: 'a.js', function: 'go' },
      ],
    ];
  for (const [name, frame, platform, expected] of cases)
    it(name, () => assert.deepEqual(normalizeFrame(frame, platform), expected));

  it('never uses line or column numbers', () => {
    const at = (lineno: number, colno: number): FrameComponents | undefined =>
      normalizeFrame({ filename: '/app/cart.js', function: 'total', lineno, colno }, 'node');
    assert.deepEqual(at(1, 1), at(999, 42));
  });
});

describe('describeFrame', () => {
  const cases: [name: string, components: FrameComponents, expected: string][] = [
    ['joins location and function', { module: 'shop.cart', function: 'total' }, 'shop.cart in total'],
    ['shows a location alone', { filename: 'cart.js' }, 'cart.js'],
    ['shows a function alone', { function: 'main' }, 'in main'],
  ];
  for (const [name, components, expected] of cases)
    it(name, () => assert.equal(describeFrame(components), expected));
});
