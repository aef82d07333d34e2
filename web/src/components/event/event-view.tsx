import { endpoints } from '../../api/client';
import type { Entry, Event, Issue } from '../../api/types';
import { useLocation } from '../../router';
import { KeyValueTable } from '../key-value-table';
import { Section } from '../section';
import { AttachmentsView } from './attachments-view';
import { BreadcrumbsView } from './breadcrumbs-view';
import { ContextsView } from './contexts-view';
import { ExceptionView } from './exception-view';
import { FeedbackView } from './feedback-view';
import { RawJson } from './raw-json';
import { RequestView } from './request-view';
import { TagsView } from './tags-view';

function entry<T extends Entry['type']>(event: Event, type: T): Extract<Entry, { type: T }> | undefined {
  return event.entries.find((e): e is Extract<Entry, { type: T }> => e.type === type);
}

/** One event, most telling first: message, exception, breadcrumbs, request, contexts, tags, extra, files. */
export function EventView({ event, issue, org }: { event: Event; issue: Issue; org: string }) {
  const loc = useLocation();
  const project = issue.project.slug;
  if (new URLSearchParams(loc.search).get('json') === '1') {
    return <RawJson value={event.data} apiUrl={endpoints.issueEvent(org, issue.id, event.eventID)} />;
  }
  const message = entry(event, 'message');
  const exception = entry(event, 'exception');
  const stacktrace = entry(event, 'stacktrace');
  const threads = entry(event, 'threads');
  const crumbs = entry(event, 'breadcrumbs');
  const request = entry(event, 'request');
  const crashed = threads?.data.values?.find((t) => t.crashed) ?? threads?.data.values?.[0];
  const extra = Object.entries(event.context ?? {});
  return (
    <div className="event-view">
      {message &&
        message.data.formatted &&
        (!exception || message.data.formatted !== exception.data.values.at(-1)?.value) && (
          <Section id="message" title="Message">
            <pre className="message-text">{message.data.formatted}</pre>
          </Section>
        )}
      {exception && <ExceptionView values={exception.data.values} />}
      {!exception && stacktrace?.data.frames && (
        <ExceptionView title="Stack trace" values={[{ type: 'Stack trace', stacktrace: stacktrace.data }]} />
      )}
      {!exception && !stacktrace && crashed?.stacktrace?.frames && (
        <ExceptionView
          title="Thread"
          values={[
            { type: crashed.name ?? `Thread ${String(crashed.id ?? '')}`, stacktrace: crashed.stacktrace },
          ]}
        />
      )}
      {crumbs && crumbs.data.values.length > 0 && (
        <BreadcrumbsView
          crumbs={crumbs.data.values}
          eventTime={event.dateCreated}
          eventLevel={issue.level}
          eventTitle={event.title}
        />
      )}
      {request && <RequestView request={request.data} />}
      <ContextsView user={event.user} contexts={event.contexts ?? {}} />
      <TagsView tags={event.tags} org={org} project={project} />
      {extra.length > 0 && (
        <Section id="extra" title="Additional data">
          <KeyValueTable rows={extra} label="Additional data" />
        </Section>
      )}
      <AttachmentsView org={org} project={project} eventId={event.eventID} />
      <FeedbackView org={org} issueId={issue.id} eventId={event.eventID} />
      {(event.sdk || event.errors.length > 0) && (
        <Section id="sdk" title="Event details">
          <KeyValueTable
            label="Event details"
            rows={[
              ['Event ID', event.eventID],
              ['Received', event.dateReceived],
              ['Platform', event.platform],
              ['SDK', event.sdk ? `${event.sdk.name ?? ''} ${event.sdk.version ?? ''}`.trim() : null],
              ['Size', `${event.size} bytes`],
              ...event.errors.map((e): [string, unknown] => ['Processing note', e.message]),
            ]}
          />
        </Section>
      )}
    </div>
  );
}
