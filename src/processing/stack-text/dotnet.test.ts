import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StackFrame } from '../../protocol/event.js';
import { parseDotnetFrame, parseDotnetStack } from './dotnet.js';
import type { ParsedException } from './parsed-stack.js';

const cs = (frame: StackFrame): StackFrame => ({ ...frame, platform: 'csharp' });
const at = (path: string, lineno: number): StackFrame => ({ filename: path, abs_path: path, lineno });

describe('parseDotnetFrame', () => {
  const cases: { name: string; line: string; expected: StackFrame | undefined }[] = [
    {
      name: 'reads type, method, file and line',
      line: '   at Shop.Services.PricingService.Apply(Order order) in /src/Shop/Services/PricingService.cs:line 31',
      expected: cs({
        module: 'Shop.Services.PricingService',
        function: 'Apply',
        ...at('/src/Shop/Services/PricingService.cs', 31),
      }),
    },
    {
      name: 'reads a Windows path',
      line: '   at Shop.Program.Main(String[] args) in C:\\src\\Shop\\Program.cs:line 14',
      expected: cs({ module: 'Shop.Program', function: 'Main', ...at('C:\\src\\Shop\\Program.cs', 14) }),
    },
    {
      name: 'reads a framework frame without a file',
      line: '   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()',
      expected: cs({ module: 'System.Net.Http.HttpResponseMessage', function: 'EnsureSuccessStatusCode' }),
    },
    {
      name: 'reads a constructor',
      line: '   at Shop.Domain.Order..ctor(Int32 id) in /src/Shop/Domain/Order.cs:line 12',
      expected: cs({
        module: 'Shop.Domain.Order',
        function: '.ctor',
        ...at('/src/Shop/Domain/Order.cs', 12),
      }),
    },
    {
      name: 'reads an async state machine',
      line: '   at Shop.Clients.InventoryClient.<GetStockAsync>d__4.MoveNext() in /src/Shop/Clients/InventoryClient.cs:line 27',
      expected: cs({
        module: 'Shop.Clients.InventoryClient.<GetStockAsync>d__4',
        function: 'MoveNext',
        ...at('/src/Shop/Clients/InventoryClient.cs', 27),
      }),
    },
    {
      name: 'reads a generic method',
      line: '   at Shop.Data.Repository`1.FindAsync[TKey](TKey id)',
      expected: cs({ module: 'Shop.Data.Repository`1', function: 'FindAsync[TKey]' }),
    },
    {
      name: 'reads a compiled lambda without a namespace',
      line: '   at lambda_method5(Closure , Object , Object[] )',
      expected: cs({ function: 'lambda_method5' }),
    },
    {
      name: 'reads Mono’s IL offset and file:line form',
      line: '  at Game.Player.Jump () [0x0001c] in /Users/dev/Game/Player.cs:42',
      expected: cs({ module: 'Game.Player', function: 'Jump', ...at('/Users/dev/Game/Player.cs', 42) }),
    },
    {
      name: 'drops Mono’s unknown file',
      line: '  at Game.Player.Jump () [0x00000] in <filename unknown>:0',
      expected: cs({ module: 'Game.Player', function: 'Jump' }),
    },
    {
      name: 'refuses a Mono wrapper line',
      line: '  at (wrapper managed-to-native) System.Object.__icall_wrapper_mono_gc_alloc_obj(intptr,intptr)',
      expected: undefined,
    },
    { name: 'refuses a V8 frame', line: '    at main (/app/x.js:1:1)', expected: undefined },
  ];
  for (const { name, line, expected } of cases)
    it(name, () => assert.deepEqual(parseDotnetFrame(line), expected));
});

const NESTED = `System.InvalidOperationException: Order 42 could not be processed.
 ---> System.NullReferenceException: Object reference not set to an instance of an object.
   at Shop.Services.PricingService.Apply(Order order) in /src/Shop/Services/PricingService.cs:line 31
   at Shop.Services.OrderService.Process(Int32 orderId) in /src/Shop/Services/OrderService.cs:line 58
   --- End of inner exception stack trace ---
   at Shop.Services.OrderService.Process(Int32 orderId) in /src/Shop/Services/OrderService.cs:line 64
   at Shop.Controllers.OrdersController.Post(Int32 id) in /src/Shop/Controllers/OrdersController.cs:line 22`;

const FRAMEWORK = `System.Exception: Import failed ---> System.IO.FileNotFoundException: Could not find file 'C:\\data\\in.csv'. ---> System.UnauthorizedAccessException: Access denied.
   at Importer.Disk.Open(String path)
   --- End of inner exception stack trace ---
   at Importer.Reader.Read(String path)
   --- End of inner exception stack trace ---
   at Importer.Job.Run()`;

const ASYNC = `Unhandled exception. System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).
   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()
   at Shop.Clients.InventoryClient.GetStockAsync(String sku) in C:\\src\\Shop\\Clients\\InventoryClient.cs:line 27
--- End of stack trace from previous location ---
   at Shop.Services.OrderService.ReserveAsync(Order order) in C:\\src\\Shop\\Services\\OrderService.cs:line 88`;

const ASPNET_LOG = `fail: Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddleware[1]
      An unhandled exception has occurred while executing the request.
      System.Data.SqlClient.SqlException (0x80131904): Timeout expired.
         at System.Data.SqlClient.SqlCommand.ExecuteReader()`;

describe('parseDotnetStack', () => {
  const cases: { name: string; text: string; expected: ParsedException[] }[] = [
    {
      name: 'reads an inner exception (.NET Core layout) as the earlier value, each with its own frames',
      text: NESTED,
      expected: [
        {
          type: 'System.NullReferenceException',
          value: 'Object reference not set to an instance of an object.',
          frames: [
            cs({
              module: 'Shop.Services.OrderService',
              function: 'Process',
              ...at('/src/Shop/Services/OrderService.cs', 58),
            }),
            cs({
              module: 'Shop.Services.PricingService',
              function: 'Apply',
              ...at('/src/Shop/Services/PricingService.cs', 31),
            }),
          ],
        },
        {
          type: 'System.InvalidOperationException',
          value: 'Order 42 could not be processed.',
          frames: [
            cs({
              module: 'Shop.Controllers.OrdersController',
              function: 'Post',
              ...at('/src/Shop/Controllers/OrdersController.cs', 22),
            }),
            cs({
              module: 'Shop.Services.OrderService',
              function: 'Process',
              ...at('/src/Shop/Services/OrderService.cs', 64),
            }),
          ],
        },
      ],
    },
    {
      name: 'reads two levels of inner exceptions on one line (.NET Framework layout)',
      text: FRAMEWORK,
      expected: [
        {
          type: 'System.UnauthorizedAccessException',
          value: 'Access denied.',
          frames: [cs({ module: 'Importer.Disk', function: 'Open' })],
        },
        {
          type: 'System.IO.FileNotFoundException',
          value: "Could not find file 'C:\\data\\in.csv'.",
          frames: [cs({ module: 'Importer.Reader', function: 'Read' })],
        },
        {
          type: 'System.Exception',
          value: 'Import failed',
          frames: [cs({ module: 'Importer.Job', function: 'Run' })],
        },
      ],
    },
    {
      name: 'keeps async parts in one stack and drops the console host’s prefix',
      text: ASYNC,
      expected: [
        {
          type: 'System.Net.Http.HttpRequestException',
          value: 'Response status code does not indicate success: 503 (Service Unavailable).',
          frames: [
            cs({
              module: 'Shop.Services.OrderService',
              function: 'ReserveAsync',
              ...at('C:\\src\\Shop\\Services\\OrderService.cs', 88),
            }),
            cs({
              module: 'Shop.Clients.InventoryClient',
              function: 'GetStockAsync',
              ...at('C:\\src\\Shop\\Clients\\InventoryClient.cs', 27),
            }),
            cs({ module: 'System.Net.Http.HttpResponseMessage', function: 'EnsureSuccessStatusCode' }),
          ],
        },
      ],
    },
    {
      name: 'skips a logger’s lines above the exception and reads an HRESULT after the type',
      text: ASPNET_LOG,
      expected: [
        {
          type: 'System.Data.SqlClient.SqlException',
          value: 'Timeout expired.',
          frames: [cs({ module: 'System.Data.SqlClient.SqlCommand', function: 'ExecuteReader' })],
        },
      ],
    },
    {
      name: 'stops at an AggregateException’s repeated inner-exception listing',
      text: `System.AggregateException: One or more errors occurred. (boom)
 ---> System.Exception: boom
   at Jobs.Worker.Run()
   --- End of inner exception stack trace ---
   at System.Threading.Tasks.Task.Wait()
---> (Inner Exception #0) System.Exception: boom
   at Jobs.Worker.Run()<---`,
      expected: [
        { type: 'System.Exception', value: 'boom', frames: [cs({ module: 'Jobs.Worker', function: 'Run' })] },
        {
          type: 'System.AggregateException',
          value: 'One or more errors occurred. (boom)',
          frames: [cs({ module: 'System.Threading.Tasks.Task', function: 'Wait' })],
        },
      ],
    },
  ];
  for (const { name, text, expected } of cases)
    it(name, () => assert.deepEqual(parseDotnetStack(text), expected));
});
