import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pionneEventSchema, type PionneEvent } from '../protocol/pionne.js';
import { decodeScreenshot, mobilePlatform, toSentryEvent, toSentrySession } from './mobile-event.js';
import { processEvent } from './process-event.js';

const ctx = { eventId: 'a'.repeat(32), receivedAt: 1_700_000_000 };
const parse = (raw: Record<string, unknown>): PionneEvent => pionneEventSchema.parse(raw);

describe('toSentryEvent', () => {
  test('puts the text stack on the exception as raw_stack, which processing parses into frames', () => {
    const event = toSentryEvent(
      parse({
        exception_type: 'TypeError',
        message: "Cannot read property 'total' of undefined",
        stack: [
          "TypeError: Cannot read property 'total' of undefined",
          'at computeTotal (address at index.android.bundle:1:283741)',
          'at onPress (address at index.android.bundle:1:91234)',
        ],
      }),
      ctx,
    );
    const processed = processEvent(event, ctx);
    assert.equal(processed.title, "TypeError: Cannot read property 'total' of undefined");
    const frames = processed.exception?.values[0]?.stacktrace?.frames ?? [];
    assert.deepEqual(
      frames.map((f) => f.function),
      ['onPress', 'computeTotal'],
    );
  });

  const users: [string, Record<string, unknown>, string | undefined][] = [
    ['user.id (docs)', { user: { id: 'user_a8f2c1' } }, 'user_a8f2c1'],
    ['user_id_anon (SDK)', { user_id_anon: 'anon-1' }, 'anon-1'],
    ['a numeric user.id', { user: { id: 42 } }, '42'],
    ['no user', {}, undefined],
  ];
  for (const [name, fields, want] of users) {
    test(`reads the user from ${name}`, () => {
      const e = toSentryEvent(parse({ exception_type: 'E', ...fields }), ctx) as { user?: { id: string } };
      assert.equal(e.user?.id, want);
    });
  }

  const platforms: [string, Record<string, unknown>, string | undefined][] = [
    ['the documented platform', { platform: 'ios' }, 'ios'],
    ['the flat os_name', { os_name: 'Android' }, 'android'],
    ['contexts.os.name', { contexts: { os: { name: 'iOS' } } }, 'ios'],
    ['nothing', {}, undefined],
  ];
  for (const [name, fields, want] of platforms) {
    test(`infers the device platform from ${name}`, () => {
      const p = parse({ exception_type: 'E', ...fields });
      assert.equal(mobilePlatform(p, (p.contexts ?? {}) as Record<string, Record<string, unknown>>), want);
    });
  }

  test('merges flat device fields under contexts without overriding what contexts say', () => {
    const e = toSentryEvent(
      parse({
        exception_type: 'E',
        device_model: 'Pixel 8',
        os_name: 'Android',
        os_version: '14',
        contexts: { device: { model: 'Pixel 8 Pro' } },
      }),
      ctx,
    ) as { contexts: Record<string, Record<string, unknown>>; tags: Record<string, string> };
    assert.equal(e.contexts.device?.model, 'Pixel 8 Pro');
    assert.equal(e.contexts.os?.version, '14');
    assert.equal(e.tags.os, 'Android 14');
    assert.equal(e.tags.device, 'Pixel 8 Pro');
  });

  test('keeps the last 50 breadcrumbs, times in seconds', () => {
    const breadcrumbs = Array.from({ length: 55 }, (_, i) => ({
      category: 'http',
      message: `m${i}`,
      ts: 1_700_000_000_000 + i * 1000,
    }));
    const e = toSentryEvent(parse({ exception_type: 'E', breadcrumbs }), ctx) as {
      breadcrumbs: { values: { message: string; timestamp: number; type: string }[] };
    };
    assert.equal(e.breadcrumbs.values.length, 50);
    assert.deepEqual(e.breadcrumbs.values[0], {
      timestamp: 1_700_000_005,
      type: 'http',
      category: 'http',
      message: 'm5',
    });
  });

  test('defaults the level to error and the environment to production', () => {
    const e = toSentryEvent(parse({ exception_type: 'E' }), ctx);
    assert.equal(e.level, 'error');
    assert.equal(e.environment, 'production');
  });
});

describe('decodeScreenshot', () => {
  const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
  const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
  const cases: [string, string, { filename: string; contentType: string; data: Buffer } | undefined][] = [
    [
      'a JPEG data URI',
      `data:image/jpeg;base64,${jpeg.toString('base64')}`,
      { filename: 'screenshot.jpg', contentType: 'image/jpeg', data: jpeg },
    ],
    [
      'a PNG data URI',
      `data:image/png;base64,${png.toString('base64')}`,
      { filename: 'screenshot.png', contentType: 'image/png', data: png },
    ],
    [
      'raw base64 of a JPEG',
      jpeg.toString('base64'),
      { filename: 'screenshot.jpg', contentType: 'image/jpeg', data: jpeg },
    ],
    [
      'raw base64 of a PNG, by its magic bytes',
      png.toString('base64'),
      { filename: 'screenshot.png', contentType: 'image/png', data: png },
    ],
    [
      'base64 wrapped over lines',
      jpeg.toString('base64').replace(/(.{4})/g, '$1\n'),
      { filename: 'screenshot.jpg', contentType: 'image/jpeg', data: jpeg },
    ],
    ["the docs' truncated example", '/9j/4AAQSkZJRgABA...', undefined],
    ['an empty data URI', 'data:image/jpeg;base64,', undefined],
  ];
  for (const [name, input, want] of cases) {
    test(`decodes ${name}`, () => assert.deepEqual(decodeScreenshot(input), want));
  }
});

describe('toSentrySession', () => {
  test('keeps the extra mobile fields under attrs and the duration in seconds', () => {
    assert.deepEqual(
      toSentrySession(
        {
          session_id: '5e79e1f1-cabb-4f83-bfb2-138dda12f65b',
          status: 'crashed',
          release: '1.0.0',
          os_name: 'iOS',
          user_id_anon: 'u1',
          duration_ms: 1500,
          app_id: 'com.acme.app',
        },
        1_700_000_000,
      ),
      {
        sid: '5e79e1f1-cabb-4f83-bfb2-138dda12f65b',
        did: 'u1',
        status: 'crashed',
        started: '2023-11-14T22:13:20.000Z',
        timestamp: '2023-11-14T22:13:20.000Z',
        duration: 1.5,
        attrs: { release: '1.0.0', os_name: 'iOS', app_id: 'com.acme.app' },
      },
    );
  });
});
