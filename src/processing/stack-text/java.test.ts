import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { parseJavaFrame, parseJavaStack } from './java.js';
import type { ParsedException } from './parsed-stack.js';

const frame = (module: string, fn: string, filename?: string, lineno?: number): StackFrame => ({
  function: fn,
  module,
  ...(filename === undefined ? {} : { filename }),
  ...(lineno === undefined ? {} : { lineno }),
  platform: 'java',
});

describe('parseJavaFrame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads class, method, file and line',
      line: '\tat com.example.shop.MainActivity.onCreate(MainActivity.kt:27)',
      expected: frame('com.example.shop.MainActivity', 'onCreate', 'MainActivity.kt', 27),
    },
    {
      name: 'keeps an inner class in the module',
      line: '\tat com.android.internal.os.RuntimeInit$MethodAndArgsCaller.run(RuntimeInit.java:592)',
      expected: frame(
        'com.android.internal.os.RuntimeInit$MethodAndArgsCaller',
        'run',
        'RuntimeInit.java',
        592,
      ),
    },
    {
      name: 'reads a constructor',
      line: '\tat com.example.Cart.<init>(Cart.java:14)',
      expected: frame('com.example.Cart', '<init>', 'Cart.java', 14),
    },
    {
      name: 'reads a lambda',
      line: '\tat com.example.Main.lambda$main$0(Main.java:9)',
      expected: frame('com.example.Main', 'lambda$main$0', 'Main.java', 9),
    },
    {
      name: 'reads a native method without a file',
      line: '\tat java.lang.reflect.Method.invoke(Native Method)',
      expected: frame('java.lang.reflect.Method', 'invoke'),
    },
    {
      name: 'reads Unknown Source without a file',
      line: '\tat com.sun.proxy.$Proxy12.save(Unknown Source)',
      expected: frame('com.sun.proxy.$Proxy12', 'save'),
    },
    {
      name: 'keeps the line R8 leaves after Unknown Source',
      line: '\tat com.example.-$$Lambda$Foo$abc.run(Unknown Source:2)',
      expected: frame('com.example.-$$Lambda$Foo$abc', 'run', undefined, 2),
    },
    {
      name: 'keeps R8’s SourceFile placeholder as the file',
      line: '\tat a.b.c.a(SourceFile:3)',
      expected: frame('a.b.c', 'a', 'SourceFile', 3),
    },
    {
      name: 'reads a Kotlin frame without a line',
      line: '\tat com.example.repo.UserRepository$find$1.invokeSuspend(UserRepository.kt)',
      expected: frame('com.example.repo.UserRepository$find$1', 'invokeSuspend', 'UserRepository.kt'),
    },
    {
      name: 'drops the Java 9 module prefix',
      line: '\tat java.base/java.util.ArrayList.get(ArrayList.java:427)',
      expected: frame('java.util.ArrayList', 'get', 'ArrayList.java', 427),
    },
    {
      name: 'drops the class loader prefix',
      line: '\tat app//org.junit.runners.ParentRunner.run(ParentRunner.java:413)',
      expected: frame('org.junit.runners.ParentRunner', 'run', 'ParentRunner.java', 413),
    },
    {
      name: 'ignores logback’s packaging suffix',
      line: '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897) ~[spring-webmvc-5.3.20.jar:5.3.20]',
      expected: frame(
        'org.springframework.web.servlet.FrameworkServlet',
        'service',
        'FrameworkServlet.java',
        897,
      ),
    },
    {
      name: 'accepts four spaces for the tab',
      line: '    at com.example.App.main(App.java:5)',
      expected: frame('com.example.App', 'main', 'App.java', 5),
    },
    { name: 'refuses a V8 frame', line: '    at main (/app/x.js:1:1)', expected: undefined },
    { name: 'refuses a header', line: 'java.lang.IllegalStateException: boom', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parseJavaFrame(line), expected));
});

const ANDROID_CRASH = `FATAL EXCEPTION: main
Process: com.example.shop, PID: 12345
java.lang.RuntimeException: Unable to start activity ComponentInfo{com.example.shop/com.example.shop.MainActivity}: java.lang.NullPointerException: Attempt to invoke virtual method 'java.lang.String android.content.Intent.getStringExtra(java.lang.String)' on a null object reference
\tat android.app.ActivityThread.performLaunchActivity(ActivityThread.java:3449)
\tat android.os.Looper.loop(Looper.java:223)
\tat android.app.ActivityThread.main(ActivityThread.java:7656)
\tat java.lang.reflect.Method.invoke(Native Method)
\tat com.android.internal.os.ZygoteInit.main(ZygoteInit.java:947)
Caused by: java.lang.NullPointerException: Attempt to invoke virtual method 'java.lang.String android.content.Intent.getStringExtra(java.lang.String)' on a null object reference
\tat com.example.shop.MainActivity.onCreate(MainActivity.kt:27)
\tat android.app.Activity.performCreate(Activity.java:8000)
\tat android.app.ActivityThread.performLaunchActivity(ActivityThread.java:3422)
\t... 4 more
`;

const SUPPRESSED = `java.io.IOException: write failed
\tat com.example.Exporter.write(Exporter.java:42)
\tat com.example.Main.main(Main.java:10)
\tSuppressed: java.lang.IllegalStateException: close failed
\t\tat com.example.Exporter.close(Exporter.java:60)
\t\tat com.example.Main.main(Main.java:9)
\tCaused by: java.io.EOFException
\t\tat com.example.Exporter.flush(Exporter.java:70)
\t\t... 2 more
Caused by: java.net.SocketException: Broken pipe
\tat java.base/sun.nio.ch.NioSocketImpl.implWrite(NioSocketImpl.java:420)
\tat com.example.Exporter.write(Exporter.java:40)
\t... 1 more`;

const COROUTINE = `Exception in thread "DefaultDispatcher-worker-1" java.lang.IllegalArgumentException: Invalid id: -1
\tat com.example.repo.UserRepository.find(UserRepository.kt:21)
\tat kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:106)
\tSuppressed: kotlinx.coroutines.internal.DiagnosticCoroutineContextException: [StandaloneCoroutine{Cancelling}@4b5a8d1, Dispatchers.Default]`;

describe('parseJavaStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads an Android crash: cause first, its elided frames copied from the exception above',
      text: ANDROID_CRASH,
      expected: [
        {
          type: 'NullPointerException',
          module: 'java.lang',
          value:
            "Attempt to invoke virtual method 'java.lang.String android.content.Intent.getStringExtra(java.lang.String)' on a null object reference",
          frames: [
            frame('com.android.internal.os.ZygoteInit', 'main', 'ZygoteInit.java', 947),
            frame('java.lang.reflect.Method', 'invoke'),
            frame('android.app.ActivityThread', 'main', 'ActivityThread.java', 7656),
            frame('android.os.Looper', 'loop', 'Looper.java', 223),
            frame('android.app.ActivityThread', 'performLaunchActivity', 'ActivityThread.java', 3422),
            frame('android.app.Activity', 'performCreate', 'Activity.java', 8000),
            frame('com.example.shop.MainActivity', 'onCreate', 'MainActivity.kt', 27),
          ],
        },
        {
          type: 'RuntimeException',
          module: 'java.lang',
          value:
            "Unable to start activity ComponentInfo{com.example.shop/com.example.shop.MainActivity}: java.lang.NullPointerException: Attempt to invoke virtual method 'java.lang.String android.content.Intent.getStringExtra(java.lang.String)' on a null object reference",
          frames: [
            frame('com.android.internal.os.ZygoteInit', 'main', 'ZygoteInit.java', 947),
            frame('java.lang.reflect.Method', 'invoke'),
            frame('android.app.ActivityThread', 'main', 'ActivityThread.java', 7656),
            frame('android.os.Looper', 'loop', 'Looper.java', 223),
            frame('android.app.ActivityThread', 'performLaunchActivity', 'ActivityThread.java', 3449),
          ],
        },
      ],
    },
    {
      name: 'skips Suppressed blocks, their causes included, and keeps the outer cause chain',
      text: SUPPRESSED,
      expected: [
        {
          type: 'SocketException',
          module: 'java.net',
          value: 'Broken pipe',
          frames: [
            frame('com.example.Main', 'main', 'Main.java', 10),
            frame('com.example.Exporter', 'write', 'Exporter.java', 40),
            frame('sun.nio.ch.NioSocketImpl', 'implWrite', 'NioSocketImpl.java', 420),
          ],
        },
        {
          type: 'IOException',
          module: 'java.io',
          value: 'write failed',
          frames: [
            frame('com.example.Main', 'main', 'Main.java', 10),
            frame('com.example.Exporter', 'write', 'Exporter.java', 42),
          ],
        },
      ],
    },
    {
      name: 'drops the thread prefix and a trailing coroutine diagnostic',
      text: COROUTINE,
      expected: [
        {
          type: 'IllegalArgumentException',
          module: 'java.lang',
          value: 'Invalid id: -1',
          frames: [
            frame('kotlinx.coroutines.DispatchedTask', 'run', 'DispatchedTask.kt', 106),
            frame('com.example.repo.UserRepository', 'find', 'UserRepository.kt', 21),
          ],
        },
      ],
    },
    {
      name: 'keeps a message that runs over lines up to the first frame',
      text: 'org.postgresql.util.PSQLException: ERROR: relation "users" does not exist\n  Position: 15\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2675)',
      expected: [
        {
          type: 'PSQLException',
          module: 'org.postgresql.util',
          value: 'ERROR: relation "users" does not exist\nPosition: 15',
          frames: [
            frame(
              'org.postgresql.core.v3.QueryExecutorImpl',
              'receiveErrorResponse',
              'QueryExecutorImpl.java',
              2675,
            ),
          ],
        },
      ],
    },
    {
      name: 'reads an exception without a message',
      text: 'java.lang.NullPointerException\n\tat com.example.App.run(App.java:3)',
      expected: [
        {
          type: 'NullPointerException',
          module: 'java.lang',
          frames: [frame('com.example.App', 'run', 'App.java', 3)],
        },
      ],
    },
    {
      name: 'reads frames pasted without a header',
      text: '\tat com.example.App.run(App.java:3)\n\tat com.example.App.main(App.java:1)',
      expected: [
        {
          frames: [
            frame('com.example.App', 'main', 'App.java', 1),
            frame('com.example.App', 'run', 'App.java', 3),
          ],
        },
      ],
    },
    {
      name: 'does not copy more frames than the exception above has',
      text: 'a.A: x\n\tat a.A.f(A.java:1)\nCaused by: a.B: y\n\tat a.B.g(B.java:2)\n\t... 9 more',
      expected: [
        {
          type: 'B',
          module: 'a',
          value: 'y',
          frames: [frame('a.A', 'f', 'A.java', 1), frame('a.B', 'g', 'B.java', 2)],
        },
        { type: 'A', module: 'a', value: 'x', frames: [frame('a.A', 'f', 'A.java', 1)] },
      ],
    },
    {
      name: 'returns nothing for a text with no exception in it',
      text: 'FATAL EXCEPTION: main\nProcess: com.example.shop, PID: 12345',
      expected: [],
    },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseJavaStack(text), expected));
});

describe('parseJavaStack with tabs stripped by a logger', () => {
  it('still skips a Suppressed block up to the next Caused by', () => {
    const text = [
      'java.io.IOException: write failed',
      'at com.example.Exporter.write(Exporter.java:42)',
      'Suppressed: java.lang.IllegalStateException: close failed',
      'at com.example.Exporter.close(Exporter.java:60)',
      'Caused by: java.net.SocketException: Broken pipe',
      'at com.example.Exporter.flush(Exporter.java:40)',
    ].join('\n');
    assert.deepEqual(
      parseJavaStack(text).map((exception) => [exception.type, exception.frames.map((f) => f.function)]),
      [
        ['SocketException', ['flush']],
        ['IOException', ['write']],
      ],
    );
  });
});
