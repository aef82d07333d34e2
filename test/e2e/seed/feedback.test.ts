import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { serializeEnvelope } from '../../../src/protocol/envelope.js';
import { eventually } from '../../helpers/api-client.js';
import { eventId as newEventId, rawRequest, sampleEvent } from '../../helpers/envelope.js';
import {
  createMobileProject,
  postJson,
  registerUser,
  type MobileProject,
  type SeedUser,
} from '../../helpers/seed-client.js';
import { startServer, type TestServer } from '../../helpers/server.js';

interface Feedback {
  id: string;
  eventID: string | null;
  name: string;
  email: string;
  comments: string;
  issue: { id: string } | null;
  url: string | null;
  appVersion: string | null;
  source: string;
}

const PII =
  'Crashed at checkout. Mail me at jane@example.com or +33 6 12 34 56 78; card 4111 1111 1111 1111.';
const SCRUBBED = 'Crashed at checkout. Mail me at [email] or [phone]; card [card].';

describe('user feedback (POST /api/feedback, /api/events/{id}/feedback, Sentry items)', () => {
  let server: TestServer;
  let user: SeedUser;
  let project: MobileProject;
  const headers = () => ({ 'x-pionne-token': project.token });
  const projectFeedback = async (): Promise<Feedback[]> => {
    const res = await user.call(
      'GET',
      `/api/0/projects/${project.organization}/${project.slug}/user-feedback/`,
    );
    assert.equal(res.status, 200, res.text);
    return JSON.parse(res.text) as Feedback[];
  };
  const issueFeedback = async (issueId: string): Promise<Feedback[]> => {
    const res = await user.call('GET', `/api/0/issues/${issueId}/user-feedback/`);
    assert.equal(res.status, 200, res.text);
    return JSON.parse(res.text) as Feedback[];
  };

  before(async () => {
    server = await startServer();
    user = await registerUser(server);
    project = await createMobileProject(user, 'feedback-app');
  });
  after(async () => server.cleanup());

  test('stores standalone feedback with its message PII-scrubbed and answers 202 with its id', async () => {
    const res = await postJson(
      `${server.url}/api/feedback`,
      {
        message: PII,
        name: 'Jane',
        email: 'jane@example.com',
        url: 'myapp://checkout',
        app_version: '2.3.0',
      },
      headers(),
    );
    assert.equal(res.status, 202, res.text);
    const body = res.json();
    assert.equal(body.ok, true);
    assert.equal(typeof body.feedback_id, 'number');
    const stored = (await projectFeedback()).find((f) => f.id === String(body.feedback_id));
    assert.equal(stored?.comments, SCRUBBED);
    assert.equal(stored?.email, 'jane@example.com');
    assert.equal(stored?.url, 'myapp://checkout');
    assert.equal(stored?.appVersion, '2.3.0');
    assert.equal(stored?.issue, null);
  });

  test('links feedback about an event to its issue, the event still in the spool or digested', async () => {
    const crash = await postJson(
      `${server.url}/api/ingest`,
      { exception_type: 'Error', message: 'payment failed', app_id: 'com.acme.app' },
      headers(),
    );
    assert.equal(crash.status, 202, crash.text);
    const { event_id: eventId, issue_id: issueId } = crash.json() as { event_id: string; issue_id: string };
    // Posted at once, as the SDK's feedback modal may: the event may not be digested yet.
    const first = await postJson(
      `${server.url}/api/events/${eventId}/feedback`,
      { message: 'it broke' },
      headers(),
    );
    assert.equal(first.status, 202, first.text);

    const stored = await server.waitForEvent(project.id, eventId);
    // The `evt_` prefix of the docs' example ids, and the numeric id the SDK's docs use.
    const prefixed = await postJson(
      `${server.url}/events/evt_${eventId}/feedback`,
      { message: 'again' },
      headers(),
    );
    assert.equal(prefixed.status, 202, prefixed.text);
    const numeric = await postJson(
      `${server.url}/api/events/${stored.id}/feedback`,
      { message: 'and again' },
      headers(),
    );
    assert.equal(numeric.status, 202, numeric.text);

    const list = await eventually(async () => {
      const l = await issueFeedback(issueId);
      return l.length === 3 ? l : undefined;
    });
    assert.deepEqual(list.map((f) => f.comments).sort(), ['again', 'and again', 'it broke']);
    assert.ok(list.every((f) => f.eventID === eventId && f.issue?.id === issueId));
  });

  test('answers 404 for an event of no project of the token, 422 for a bad message or email, 401 without a token', async () => {
    const unknown = await postJson(
      `${server.url}/api/events/${newEventId()}/feedback`,
      { message: 'x' },
      headers(),
    );
    assert.equal(unknown.status, 404, unknown.text);
    assert.equal(
      (await postJson(`${server.url}/api/events/999999/feedback`, { message: 'x' }, headers())).status,
      404,
    );
    for (const body of [
      { message: '' },
      { message: '   ' },
      { message: 'x'.repeat(2001) },
      { message: 'hi', email: 'not-an-email' },
      { message: 'hi', name: 'n'.repeat(121) },
    ]) {
      const res = await postJson(`${server.url}/api/feedback`, body, headers());
      assert.equal(res.status, 422, `${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
    }
    assert.equal((await postJson(`${server.url}/api/feedback`, { message: 'hi' })).status, 401);
  });

  test("stores Sentry's user_report and feedback items, linked to their event's issue", async () => {
    const sentry = await server.createProject('sentry-feedback', 'javascript');
    const send = async (eventIdHeader: string | undefined, items: { type: string; payload: unknown }[]) => {
      const body = serializeEnvelope({
        headers: eventIdHeader ? { event_id: eventIdHeader } : {},
        items: items.map((i) => ({ headers: { type: i.type }, payload: JSON.stringify(i.payload) })),
      });
      const res = await rawRequest(
        `${server.url}/api/${sentry.id}/envelope/?sentry_key=${sentry.publicKey}&sentry_version=7`,
        { body },
      );
      assert.equal(res.status, 200, res.text);
    };
    const event = sampleEvent();
    const id = String(event.event_id);
    await send(id, [
      { type: 'event', payload: event },
      {
        type: 'user_report',
        payload: {
          event_id: id,
          name: 'Bob',
          email: 'bob@example.com',
          comments: 'call 555-123-4567 please',
        },
      },
    ]);
    const feedbackId = newEventId();
    await send(feedbackId, [
      {
        type: 'feedback',
        payload: {
          event_id: feedbackId,
          type: 'feedback',
          contexts: {
            feedback: {
              message: 'the new widget',
              contact_email: 'c@example.com',
              name: 'Cy',
              associated_event_id: id,
            },
          },
        },
      },
    ]);
    const stored = await server.waitForEvent(sentry.id, id);
    const list = await eventually(async () => {
      const res = await user.call('GET', `/api/0/issues/${stored.issueId}/user-feedback/`);
      const l = JSON.parse(res.text) as Feedback[];
      return res.status === 200 && l.length === 2 ? l : undefined;
    });
    const bySource = Object.fromEntries(list.map((f) => [f.source, f]));
    assert.equal(bySource.user_report?.comments, 'call [phone] please');
    assert.equal(bySource.user_report?.name, 'Bob');
    assert.equal(bySource.feedback?.comments, 'the new widget');
    assert.equal(bySource.feedback?.email, 'c@example.com');
  });
});
