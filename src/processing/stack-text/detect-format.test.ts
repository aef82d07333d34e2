import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat, rankFormats, type KnownFormat } from './detect-format.js';
import type { StackFormat } from './parsed-stack.js';

const CHROME = `TypeError: Cannot read properties of undefined (reading 'map')
    at ProductList (https://shop.example.com/static/js/main.4f2a1c.js:2:10234)
    at renderWithHooks (https://shop.example.com/static/js/vendor.9b1e.js:2:61512)`;
const NODE = `Error: boom
    at Object.<anonymous> (/app/index.js:3:9)
    at Module._compile (node:internal/modules/cjs/loader:1256:14)`;
const FIREFOX = `ProductList@https://shop.example.com/static/js/main.4f2a1c.js:2:10234
setup/<@https://shop.example.com/static/js/main.4f2a1c.js:44:19`;
const AT_SIGN_ONLY = `ProductList@https://shop.example.com/static/js/main.4f2a1c.js:2:10234
renderWithHooks@https://shop.example.com/static/js/vendor.9b1e.js:2:61512`;
const SAFARI = `ProductList@https://shop.example.com/static/js/main.4f2a1c.js:2:10234
map@[native code]
global code@https://shop.example.com/static/js/main.4f2a1c.js:1:88`;
const HERMES = `TypeError: Cannot read property 'name' of undefined
    at renderProfile (address at index.android.bundle:1:283741)
    at forEach (native)`;
const HERMES_DEV = `Error: boom
    at ProfileScreen (http://10.0.2.2:8081/index.bundle?platform=android&dev=true&minify=false:112233:25)`;
const JAVA = `java.lang.IllegalStateException: boom
\tat com.example.App.run(App.java:12)
\tat java.lang.reflect.Method.invoke(Native Method)
Caused by: java.lang.NullPointerException
\t... 1 more`;
const DOTNET = `System.NullReferenceException: Object reference not set to an instance of an object.
   at Shop.Services.PricingService.Apply(Order order) in /src/Shop/Services/PricingService.cs:line 31
   at System.Threading.Tasks.Task.Execute()`;
const DOTNET_NO_FILES = `System.InvalidOperationException: Sequence contains no elements
   at System.Linq.ThrowHelper.ThrowNoElementsException()
   at Shop.Reports.Build(String name)`;
const PYTHON = `Traceback (most recent call last):
  File "/srv/app/main.py", line 10, in <module>
    main()
ZeroDivisionError: division by zero`;
const GO = `panic: runtime error: index out of range [5] with length 3

goroutine 1 [running]:
main.main()
\t/home/dev/app/main.go:13 +0x1d`;
const COCOA = `Exception Type:  EXC_BAD_ACCESS (SIGSEGV)
Thread 0 Crashed:
0   MyApp                         \t0x0000000100a2c0e4 $s5MyApp14ViewControllerC5crashyyF + 68
1   UIKitCore                     \t0x00000001a5b3e0b8 -[UIApplication sendAction:to:from:forEvent:] + 96`;
const SWIFT_TRAP =
  'Fatal error: Unexpectedly found nil while unwrapping an Optional value: file MyApp/ViewController.swift, line 42';

describe('detectFormat', () => {
  const cases: { name: string; text: string; platform?: string; expected: StackFormat }[] = [
    { name: 'recognises Chrome', text: CHROME, expected: 'v8' },
    { name: 'recognises Node', text: NODE, expected: 'v8' },
    { name: 'recognises Firefox by its nested-function marker', text: FIREFOX, expected: 'gecko' },
    { name: 'reads plain fn@url lines as Firefox without a hint', text: AT_SIGN_ONLY, expected: 'gecko' },
    {
      name: 'reads plain fn@url lines as Safari on iOS',
      text: AT_SIGN_ONLY,
      platform: 'ios',
      expected: 'jsc',
    },
    { name: 'recognises Safari by global code and [native code]', text: SAFARI, expected: 'jsc' },
    { name: 'recognises Hermes by address at and (native)', text: HERMES, expected: 'hermes' },
    { name: 'recognises Hermes in development by its bundle URL', text: HERMES_DEV, expected: 'hermes' },
    {
      name: 'recognises Hermes under a javascript platform',
      text: HERMES,
      platform: 'javascript',
      expected: 'hermes',
    },
    { name: 'recognises Java', text: JAVA, expected: 'java' },
    { name: 'recognises .NET frames with files', text: DOTNET, expected: 'dotnet' },
    {
      name: 'recognises .NET frames without files by their parameter lists',
      text: DOTNET_NO_FILES,
      expected: 'dotnet',
    },
    { name: 'recognises Python', text: PYTHON, expected: 'python' },
    { name: 'recognises Go', text: GO, expected: 'go' },
    { name: 'recognises an Apple crash report', text: COCOA, expected: 'cocoa' },
    { name: 'recognises a Swift trap message', text: SWIFT_TRAP, expected: 'cocoa' },
    {
      name: 'reads the text, not the platform, when the platform’s dialects do not fit',
      text: PYTHON,
      platform: 'java',
      expected: 'python',
    },
    {
      name: 'reads a Java crash from a React Native app on Android',
      text: JAVA,
      platform: 'android',
      expected: 'java',
    },
    {
      name: 'trusts the platform when no line fits anything',
      text: 'ValueError: bad input',
      platform: 'python',
      expected: 'python',
    },
    {
      name: 'understands the platform in any case',
      text: 'ValueError: bad input',
      platform: 'Python',
      expected: 'python',
    },
    {
      name: 'gives unknown for prose without a platform',
      text: 'Something went wrong, please retry',
      expected: 'unknown',
    },
    {
      name: 'gives unknown for an unknown platform and prose',
      text: 'Something went wrong',
      platform: 'elixir',
      expected: 'unknown',
    },
    { name: 'gives unknown for an empty text', text: '', expected: 'unknown' },
  ];
  for (const { name, text, platform, expected } of cases) {
    it(name, () =>
      assert.equal(detectFormat(text, platform === undefined ? undefined : { platform }), expected),
    );
  }
});

describe('rankFormats', () => {
  const cases: { name: string; text: string; platform?: string; expected: KnownFormat[] }[] = [
    {
      name: 'ranks the dialects that fit by how many lines fit',
      text: `${JAVA}\n${NODE}`,
      expected: ['java', 'v8'],
    },
    {
      name: 'puts the platform’s dialects first when one fits',
      text: `${JAVA}\n    at f (/app/x.js:1:1)`,
      platform: 'javascript',
      expected: ['v8', 'java'],
    },
    { name: 'offers both readings of plain fn@url lines', text: AT_SIGN_ONLY, expected: ['gecko', 'jsc'] },
    {
      name: 'offers the platform’s dialects to try when nothing fits',
      text: 'TypeError: x is undefined',
      platform: 'ios',
      expected: ['cocoa', 'jsc', 'hermes'],
    },
    {
      name: 'offers nothing when nothing fits and the platform is unknown',
      text: 'TypeError: x is undefined',
      expected: [],
    },
  ];
  for (const { name, text, platform, expected } of cases) {
    it(name, () =>
      assert.deepEqual(rankFormats(text, platform === undefined ? undefined : { platform }), expected),
    );
  }
});
