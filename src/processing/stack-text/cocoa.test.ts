import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { parseCocoaFrame, parseCocoaStack } from './cocoa.js';
import type { ParsedException } from './parsed-stack.js';

const native = (image: string, address: string, fields: StackFrame = {}): StackFrame => ({
  ...fields,
  package: image,
  instruction_addr: address,
  platform: 'cocoa',
});

describe('parseCocoaFrame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads an Objective-C frame and drops the offset',
      line: '3   UIKitCore                     \t0x00000001a5b3e0b8 -[UIApplication sendAction:to:from:forEvent:] + 96',
      expected: native('UIKitCore', '0x00000001a5b3e0b8', {
        function: '-[UIApplication sendAction:to:from:forEvent:]',
      }),
    },
    {
      name: 'keeps a mangled Swift symbol as printed',
      line: '0   MyApp                         \t0x0000000100a2c0e4 $s5MyApp14ViewControllerC5crashyyF + 68',
      expected: native('MyApp', '0x0000000100a2c0e4', { function: '$s5MyApp14ViewControllerC5crashyyF' }),
    },
    {
      name: 'keeps a demangled Swift symbol and reads the file symbolication appended',
      line: '2   MyApp   0x0000000100a2b3c4 MyApp.ViewController.crash() -> () (ViewController.swift:42)',
      expected: native('MyApp', '0x0000000100a2b3c4', {
        function: 'MyApp.ViewController.crash() -> ()',
        filename: 'ViewController.swift',
        lineno: 42,
      }),
    },
    {
      name: 'reads Xcode’s symbolicated form with offset and file',
      line: '9   MyApp                         \t0x0000000100a2f1ac main + 64 (AppDelegate.swift:12)',
      expected: native('MyApp', '0x0000000100a2f1ac', {
        function: 'main',
        filename: 'AppDelegate.swift',
        lineno: 12,
      }),
    },
    {
      name: 'drops atos’s (in Image) note',
      line: '5   MyApp   0x0000000102f1a2b0 -[ProfileViewController viewDidLoad] (in MyApp) (ProfileViewController.m:88)',
      expected: native('MyApp', '0x0000000102f1a2b0', {
        function: '-[ProfileViewController viewDidLoad]',
        filename: 'ProfileViewController.m',
        lineno: 88,
      }),
    },
    {
      name: 'keeps a category in parentheses inside the symbol',
      line: '2   CoreFoundation   0x00000001804c2e4c +[NSObject(NSObject) instanceMethodSignatureForSelector:] + 0',
      expected: native('CoreFoundation', '0x00000001804c2e4c', {
        function: '+[NSObject(NSObject) instanceMethodSignatureForSelector:]',
      }),
    },
    {
      name: 'reads an unsymbolicated frame without a function',
      line: '4   MyApp                         \t0x0000000100a2c000 0x100a24000 + 32768',
      expected: native('MyApp', '0x0000000100a2c000'),
    },
    {
      name: 'reads an image name with spaces',
      line: '12  Google Chrome Framework       \t0x0000000110f3c2a4 ChromeMain + 60',
      expected: native('Google Chrome Framework', '0x0000000110f3c2a4', { function: 'ChromeMain' }),
    },
    {
      name: 'refuses a Binary Images line',
      line: '0x100a24000 - 0x100a2ffff MyApp arm64  <1a2b3c4d5e6f> /private/var/containers/Bundle/Application/X/MyApp.app/MyApp',
      expected: undefined,
    },
    { name: 'refuses a thread header', line: 'Thread 0 Crashed:', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parseCocoaFrame(line), expected));
});

const CRASH_REPORT = `Incident Identifier: 6D1F2C3A-4B5E-4F60-8A71-92B3C4D5E6F7
Hardware Model:      iPhone14,2
Process:             MyApp [4821]
Identifier:          com.example.MyApp
Version:             1.4.2 (87)
Code Type:           ARM-64 (Native)
OS Version:          iPhone OS 17.2 (21C62)

Exception Type:  EXC_BAD_ACCESS (SIGSEGV)
Exception Subtype: KERN_INVALID_ADDRESS at 0x0000000000000010
Exception Codes: KERN_INVALID_ADDRESS at 0x0000000000000010
Triggered by Thread:  0

Thread 0 name:  Dispatch queue: com.apple.main-thread
Thread 0 Crashed:
0   MyApp                         \t0x0000000100a2c0e4 $s5MyApp14ViewControllerC5crashyyF + 68
1   MyApp                         \t0x0000000100a2b3c4 $s5MyApp14ViewControllerC12buttonTappedyyypF + 52
2   UIKitCore                     \t0x00000001a5b3e0b8 -[UIApplication sendAction:to:from:forEvent:] + 96

Thread 1:
0   libsystem_pthread.dylib       \t0x00000001ebd3a0c4 start_wqthread + 0

Binary Images:
0x100a24000 - 0x100a2ffff MyApp arm64  <1a2b3c4d5e6f> /private/var/containers/Bundle/Application/X/MyApp.app/MyApp`;

const NSEXCEPTION = `2024-03-02 10:15:42.123456+0100 MyApp[4821:1234567] *** Terminating app due to uncaught exception 'NSInvalidArgumentException', reason: '-[__NSCFNumber length]: unrecognized selector sent to instance 0xa4b1c2d3e4f5a6b7'
*** First throw call stack:
(
\t0   CoreFoundation                      0x00000001804ae0f8 __exceptionPreprocess + 172
\t1   libobjc.A.dylib                     0x0000000180087db4 objc_exception_throw + 56
\t2   MyApp                               0x0000000102f1a2b0 -[ProfileViewController viewDidLoad] + 196
)
libc++abi: terminating due to uncaught exception of type NSException`;

const LAST_EXCEPTION = `Exception Type:  EXC_CRASH (SIGABRT)
Exception Codes: 0x0000000000000000, 0x0000000000000000

Last Exception Backtrace:
0   CoreFoundation                \t0x00000001804ae0f8 __exceptionPreprocess + 172
1   MyApp                         \t0x0000000102f1a2b0 -[CartViewController checkout:] + 300

Thread 0 Crashed:
0   libsystem_kernel.dylib        \t0x00000001e2a0b42c __pthread_kill + 8
1   libsystem_c.dylib             \t0x00000001ba5a1b24 abort + 192`;

describe('parseCocoaStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads the crashed thread of a crash report, valued by its exception codes',
      text: CRASH_REPORT,
      expected: [
        {
          type: 'EXC_BAD_ACCESS',
          value: 'KERN_INVALID_ADDRESS at 0x0000000000000010',
          frames: [
            native('UIKitCore', '0x00000001a5b3e0b8', {
              function: '-[UIApplication sendAction:to:from:forEvent:]',
            }),
            native('MyApp', '0x0000000100a2b3c4', {
              function: '$s5MyApp14ViewControllerC12buttonTappedyyypF',
            }),
            native('MyApp', '0x0000000100a2c0e4', { function: '$s5MyApp14ViewControllerC5crashyyF' }),
          ],
        },
      ],
    },
    {
      name: 'reads an NSException from the console with its first throw call stack',
      text: NSEXCEPTION,
      expected: [
        {
          type: 'NSInvalidArgumentException',
          value: '-[__NSCFNumber length]: unrecognized selector sent to instance 0xa4b1c2d3e4f5a6b7',
          frames: [
            native('MyApp', '0x0000000102f1a2b0', { function: '-[ProfileViewController viewDidLoad]' }),
            native('libobjc.A.dylib', '0x0000000180087db4', { function: 'objc_exception_throw' }),
            native('CoreFoundation', '0x00000001804ae0f8', { function: '__exceptionPreprocess' }),
          ],
        },
      ],
    },
    {
      name: 'prefers the Last Exception Backtrace over the thread that aborted',
      text: LAST_EXCEPTION,
      expected: [
        {
          type: 'EXC_CRASH',
          value: '0x0000000000000000, 0x0000000000000000',
          frames: [
            native('MyApp', '0x0000000102f1a2b0', { function: '-[CartViewController checkout:]' }),
            native('CoreFoundation', '0x00000001804ae0f8', { function: '__exceptionPreprocess' }),
          ],
        },
      ],
    },
    {
      name: 'reads a Swift fatal error (Swift < 5.9) as its only frame',
      text: 'Fatal error: Unexpectedly found nil while unwrapping an Optional value: file MyApp/ViewController.swift, line 42',
      expected: [
        {
          type: 'Fatal error',
          value: 'Unexpectedly found nil while unwrapping an Optional value',
          frames: [{ filename: 'MyApp/ViewController.swift', lineno: 42, platform: 'cocoa' }],
        },
      ],
    },
    {
      name: 'reads a Swift fatal error in the file-first form of Swift 5.9+',
      text: 'MyApp/CartStore.swift:118: Fatal error: Index out of range',
      expected: [
        {
          type: 'Fatal error',
          value: 'Index out of range',
          frames: [{ filename: 'MyApp/CartStore.swift', lineno: 118, platform: 'cocoa' }],
        },
      ],
    },
    {
      name: 'reads Xcode’s Thread 1: Fatal error line without taking it for a thread header',
      text: 'Thread 1: Fatal error: Division by zero',
      expected: [{ type: 'Fatal error', value: 'Division by zero', frames: [] }],
    },
    {
      name: 'reads the signal when there are no exception codes',
      text: 'Exception Type:  EXC_BREAKPOINT (SIGTRAP)',
      expected: [{ type: 'EXC_BREAKPOINT', value: 'SIGTRAP', frames: [] }],
    },
    {
      name: 'returns nothing for a text with no crash in it',
      text: 'Hardware Model: iPhone14,2',
      expected: [],
    },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseCocoaStack(text), expected));
});
