import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../protocol/event.js';
import { applyInApp, isInAppFrame, isLibraryFrame, platformFamily, type InAppOptions } from './in-app.js';

describe('isInAppFrame', () => {
  const cases: [name: string, frame: StackFrame, platform: string, expected: boolean][] = [
    // What the SDK decided stands.
    [
      'keeps in_app true set by the SDK',
      { filename: '<anonymous>', function: 'eval', in_app: true },
      'javascript',
      true,
    ],
    ['keeps in_app false set by the SDK', { abs_path: '/srv/app/cart.js', in_app: false }, 'node', false],
    [
      'overrules in_app true in a dependency folder (as Sentry does)',
      { abs_path: '/usr/local/lib/python3.8/site-packages/django/core/handlers/base.py', in_app: true },
      'python',
      false,
    ],
    [
      'overrules in_app true for a CDN script',
      { abs_path: 'https://cdn.jsdelivr.net/npm/vue@3/dist/vue.js', in_app: true },
      'javascript',
      false,
    ],
    [
      'keeps in_app true for a JDK class the SDK claims',
      { module: 'java.lang.Thread', in_app: true },
      'java',
      true,
    ],
    [
      "excludes Node's task queue",
      { filename: '/srv/app/dist/main.js', function: 'processTicksAndRejections' },
      'node',
      false,
    ],
    [
      'excludes transpiler runtimes',
      { module: 'tslib:tslib', filename: '/srv/app/dist/tslib.js' },
      'node',
      false,
    ],
    // JavaScript.
    ['counts an app file as the app', { abs_path: '/srv/app/src/cart.js', function: 'total' }, 'node', true],
    ['excludes node_modules', { abs_path: '/srv/app/node_modules/express/lib/router.js' }, 'node', false],
    [
      'excludes pnpm stores',
      { abs_path: '/srv/app/node_modules/.pnpm/a@1.0.0/node_modules/a/i.js' },
      'node',
      false,
    ],
    [
      'excludes node: core modules',
      { filename: 'node:internal/process/task_queues', module: 'task_queues' },
      'node',
      false,
    ],
    [
      'excludes a node: module name',
      { filename: 'node:async_hooks', module: 'node:async_hooks' },
      'node',
      false,
    ],
    ['excludes pre-16 internal/ paths', { filename: 'internal/modules/cjs/loader.js' }, 'node', false],
    ['excludes bare pre-16 core files', { filename: 'events.js', function: 'emit' }, 'node', false],
    [
      'excludes <anonymous> engine frames',
      { filename: '<anonymous>', function: 'JSON.parse' },
      'javascript',
      false,
    ],
    ['excludes [native code]', { abs_path: '[native code]', function: 'forEach' }, 'javascript', false],
    [
      'excludes bower_components',
      { abs_path: 'https://x.io/bower_components/jquery/jquery.js' },
      'javascript',
      false,
    ],
    ['excludes vendor folders', { abs_path: 'https://x.io/vendor/lodash.js' }, 'javascript', false],
    ['excludes vendor bundles', { abs_path: 'http://localhost:4200/vendor.js' }, 'javascript', false],
    [
      'excludes browser extensions',
      { abs_path: 'chrome-extension://abcdef/content.js' },
      'javascript',
      false,
    ],
    [
      'counts a served app bundle as the app',
      { abs_path: 'https://x.io/static/js/main.3f9a2c1b.js' },
      'javascript',
      true,
    ],
    // JVM.
    ['counts an app class as the app', { module: 'com.example.cart.CartService' }, 'java', true],
    ['excludes java.*', { module: 'java.util.concurrent.ThreadPoolExecutor' }, 'java', false],
    ['excludes javax.*', { module: 'javax.servlet.http.HttpServlet' }, 'java', false],
    ['excludes sun.*', { module: 'sun.reflect.NativeMethodAccessorImpl' }, 'java', false],
    ['excludes jdk.*', { module: 'jdk.internal.reflect.DirectMethodHandleAccessor' }, 'java', false],
    ['excludes kotlin.*', { module: 'kotlin.collections.CollectionsKt' }, 'kotlin', false],
    ['excludes kotlinx.*', { module: 'kotlinx.coroutines.DispatchedTask' }, 'java', false],
    ['excludes android.*', { module: 'android.os.Handler' }, 'java', false],
    ['excludes androidx.*', { module: 'androidx.fragment.app.Fragment' }, 'java', false],
    ['excludes com.android.*', { module: 'com.android.internal.os.ZygoteInit' }, 'java', false],
    ['excludes dalvik.*', { module: 'dalvik.system.VMStack' }, 'java', false],
    ['excludes com.google.android.*', { module: 'com.google.android.gms.tasks.zzc' }, 'java', false],
    [
      'excludes Spring (a Sentry framework module)',
      { module: 'org.springframework.web.servlet.DispatcherServlet' },
      'java',
      false,
    ],
    ['excludes Netty', { module: 'io.netty.channel.AbstractChannelHandlerContext' }, 'java', false],
    // Apple and native.
    [
      'counts the app binary as the app',
      { package: '/private/var/containers/Bundle/Application/X/Shop.app/Shop', function: 'main' },
      'cocoa',
      true,
    ],
    [
      'excludes UIKitCore',
      { package: '/System/Library/PrivateFrameworks/UIKitCore.framework/UIKitCore' },
      'cocoa',
      false,
    ],
    [
      'excludes Foundation',
      { package: 'Foundation', function: '-[NSObject doesNotRecognizeSelector:]' },
      'cocoa',
      false,
    ],
    [
      'excludes CoreFoundation',
      { package: 'CoreFoundation', function: '__exceptionPreprocess' },
      'cocoa',
      false,
    ],
    [
      'excludes libsystem_*',
      { package: '/usr/lib/system/libsystem_kernel.dylib', function: '__pthread_kill' },
      'cocoa',
      false,
    ],
    [
      'excludes libdispatch',
      { package: 'libdispatch.dylib', function: '_dispatch_call_block_and_release' },
      'cocoa',
      false,
    ],
    [
      'excludes /usr/lib images',
      { package: '/usr/lib/libobjc.A.dylib', function: 'objc_exception_throw' },
      'native',
      false,
    ],
    [
      'excludes Linux system libraries',
      { package: '/lib/x86_64-linux-gnu/libc.so.6', function: 'abort' },
      'native',
      false,
    ],
    // Python.
    ['counts app code as the app', { abs_path: '/code/shop/views.py', module: 'shop.views' }, 'python', true],
    [
      'excludes site-packages',
      { abs_path: '/usr/local/lib/python3.12/site-packages/django/core/handlers/base.py' },
      'python',
      false,
    ],
    [
      'excludes dist-packages',
      { abs_path: '/usr/lib/python3/dist-packages/requests/api.py' },
      'python',
      false,
    ],
    [
      'excludes the standard library',
      { abs_path: '/opt/pyenv/versions/3.12.1/lib/python3.12/asyncio/events.py' },
      'python',
      false,
    ],
    ['excludes frozen modules', { abs_path: '<frozen importlib._bootstrap>' }, 'python', false],
    // .NET.
    [
      'counts an app namespace as the app',
      { module: 'Shop.Pages.CartModel', function: 'OnGet' },
      'csharp',
      true,
    ],
    [
      'excludes System.*',
      { module: 'System.Runtime.CompilerServices.TaskAwaiter', function: 'ThrowForNonSuccess' },
      'csharp',
      false,
    ],
    [
      'excludes Microsoft.*',
      { module: 'Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor' },
      'csharp',
      false,
    ],
    // Go.
    [
      'counts package main as the app',
      { module: 'main', function: 'main', abs_path: '/app/main.go' },
      'go',
      true,
    ],
    [
      'counts a GOPATH app as the app',
      { module: 'shop/cart', abs_path: '/home/x/go/src/shop/cart/cart.go' },
      'go',
      true,
    ],
    [
      'excludes the runtime',
      { module: 'runtime', function: 'gopanic', abs_path: '/usr/local/go/src/runtime/panic.go' },
      'go',
      false,
    ],
    ['excludes runtime functions without a module', { function: 'runtime.goexit' }, 'go', false],
    ['excludes the standard library', { module: 'net/http', function: 'HandlerFunc.ServeHTTP' }, 'go', false],
    [
      'excludes the module cache',
      {
        module: 'github.com/gin-gonic/gin',
        abs_path: '/root/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/gin.go',
      },
      'go',
      false,
    ],
    // Ruby and PHP.
    [
      'excludes Ruby gem frames',
      { filename: 'actionpack (6.1.7.7) lib/abstract_controller/base.rb' },
      'ruby',
      false,
    ],
    [
      'excludes Composer vendor code',
      { abs_path: '/var/www/vendor/laravel/framework/src/Foundation/Application.php' },
      'php',
      false,
    ],
    [
      'counts app PHP as the app',
      { abs_path: '/var/www/app/Http/Controllers/CartController.php' },
      'php',
      true,
    ],
    [
      'uses the frame platform over the event platform',
      { module: 'java.lang.Thread', platform: 'java' },
      'javascript',
      false,
    ],
  ];
  for (const [name, frame, platform, expected] of cases)
    it(`${platform}: ${name}`, () => assert.equal(isInAppFrame(frame, platform), expected));

  const overrides: [name: string, frame: StackFrame, opts: InAppOptions, expected: boolean][] = [
    [
      'an include prefix makes a dependency the app',
      { abs_path: '/srv/app/node_modules/@acme/billing/index.js' },
      { inAppInclude: ['@acme/'] },
      true,
    ],
    [
      'an include prefix overrides the SDK',
      { module: 'com.acme.shared.Money', in_app: false },
      { inAppInclude: ['com.acme.'] },
      true,
    ],
    [
      'an exclude prefix overrides the SDK',
      { module: 'com.acme.gen.Proto', in_app: true },
      { inAppExclude: ['com.acme.gen.'] },
      false,
    ],
    [
      'the longer prefix wins',
      { module: 'com.acme.generated.Api' },
      { inAppInclude: ['com.acme.'], inAppExclude: ['com.acme.generated.'] },
      false,
    ],
    [
      'the longer include beats a shorter exclude',
      { module: 'com.acme.core.Cart' },
      { inAppInclude: ['com.acme.core.'], inAppExclude: ['com.acme.'] },
      true,
    ],
    [
      'exclude wins a tie',
      { module: 'com.acme.Cart' },
      { inAppInclude: ['com.acme.'], inAppExclude: ['com.acme.'] },
      false,
    ],
    [
      'a path prefix matches at a folder boundary',
      { abs_path: '/home/ci/app/src/cart.js' },
      { inAppExclude: ['src/'] },
      false,
    ],
    [
      'an unmatched prefix leaves the default',
      { abs_path: '/srv/app/cart.js' },
      { inAppExclude: ['lib/'] },
      true,
    ],
  ];
  for (const [name, frame, opts, expected] of overrides)
    it(name, () => assert.equal(isInAppFrame(frame, 'node', opts), expected));
});

describe('isLibraryFrame', () => {
  it('answers the same for a frame seen again', () => {
    const frame: StackFrame = { abs_path: '/srv/app/node_modules/x/y.js', function: 'f' };
    assert.equal(isLibraryFrame(frame, 'node'), true);
    assert.equal(isLibraryFrame({ ...frame }, 'node'), true);
  });
});

describe('applyInApp', () => {
  it('sets in_app on every frame without changing the input', () => {
    const frames: StackFrame[] = [
      { abs_path: '/srv/app/node_modules/express/lib/router.js', function: 'handle' },
      { abs_path: '/srv/app/src/cart.js', function: 'total', in_app: true },
    ];
    const out = applyInApp(frames, 'node');
    assert.deepEqual(
      out.map((f) => f.in_app),
      [false, true],
    );
    assert.equal(frames[0]?.in_app, undefined);
    assert.equal(out[1], frames[1], 'reuses a frame whose flag does not change');
  });

  it('applies project prefixes', () => {
    const out = applyInApp([{ module: 'com.acme.Cart', in_app: true }], 'java', {
      inAppExclude: ['com.acme.'],
    });
    assert.equal(out[0]?.in_app, false);
  });
});

describe('platformFamily', () => {
  const cases: [platform: string | undefined, expected: string][] = [
    ['node', 'javascript'],
    ['javascript', 'javascript'],
    ['java', 'jvm'],
    ['cocoa', 'native'],
    ['csharp', 'dotnet'],
    ['python', 'python'],
    ['elixir', 'other'],
    [undefined, 'other'],
  ];
  for (const [platform, expected] of cases)
    it(`puts ${platform ?? 'no platform'} in the ${expected} family`, () =>
      assert.equal(platformFamily(platform), expected));
});
