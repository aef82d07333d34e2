import type { TagOverview, TagQualityRule, TagQualityRuleName, TagThresholds } from '../../api/types';
import { fullNumber, percent } from '../../format';
import { qualityTone } from '../../tag-rules';
import { Section } from '../section';

interface Metric {
  id: string;
  label: string;
  rate: number | null;
  rule?: TagQualityRuleName;
}

const OFF: TagQualityRule = { warning: null, critical: null };

function ruleText(rule: TagQualityRule): string {
  const parts = [
    rule.warning !== null ? `warning below ${percent(rule.warning)}` : '',
    rule.critical !== null ? `critical below ${percent(rule.critical)}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'no rule';
}

function MetricRow({ metric, rule }: { metric: Metric; rule: TagQualityRule }) {
  const tone = qualityTone(metric.rate, rule);
  const rate = metric.rate ?? 0;
  const state =
    tone === 'danger' ? 'below the critical threshold' : tone === 'warn' ? 'below the warning threshold' : '';
  return (
    <li className={`quality-row${tone ? ` tone-${tone}` : ''}`} data-metric={metric.id}>
      <span className="quality-label">{metric.label}</span>
      <span
        className="quality-bar"
        role="img"
        aria-label={`${metric.label}: ${percent(metric.rate)}${state ? `, ${state}` : ''}`}
      >
        <span className="quality-fill" style={{ width: `${Math.min(100, rate)}%` }} />
        {rule.warning !== null && (
          <span className="quality-mark quality-mark-warn" style={{ left: `${rule.warning}%` }} />
        )}
        {rule.critical !== null && (
          <span className="quality-mark quality-mark-danger" style={{ left: `${rule.critical}%` }} />
        )}
      </span>
      <span className="quality-value">{percent(metric.rate)}</span>
      <span className="quality-rule muted small">{ruleText(rule)}</span>
    </li>
  );
}

/**
 * How complete the data reaching the tags is: user data for matching (e-mail, phone, address) and
 * e-commerce fields on purchases, each against its data-quality rule, with the thresholds marked.
 */
export function DataQuality({
  overview,
  thresholds,
  hours,
}: {
  overview: TagOverview;
  thresholds: TagThresholds;
  hours: number;
}) {
  const ud = overview.user_data;
  const ec = overview.ecommerce;
  const period = hours === 1 ? 'the last hour' : `the last ${hours} hours`;
  const group = (title: string, total: number | undefined, what: string, metrics: Metric[]) => (
    <div className="quality-group">
      <h3 className="sub-heading">
        {title}{' '}
        {total !== undefined && (
          <span className="muted">
            · {fullNumber(total)} {what}
          </span>
        )}
      </h3>
      {total === undefined ? (
        <p className="muted small">
          No {what} in {period}.
        </p>
      ) : (
        <ul className="quality-list">
          {metrics.map((m) => (
            <MetricRow key={m.id} metric={m} rule={m.rule ? thresholds.quality[m.rule] : OFF} />
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <Section id="data-quality" title="Data quality">
      {group('User data', ud?.total_events, 'events', [
        { id: 'email', label: 'E-mail', rate: ud?.email_rate ?? null, rule: 'email' },
        { id: 'phone', label: 'Phone', rate: ud?.phone_rate ?? null, rule: 'phone' },
        { id: 'address', label: 'Address', rate: ud?.address_rate ?? null, rule: 'address' },
      ])}
      {group('Purchases', ec?.total_events, 'e-commerce events', [
        { id: 'value', label: 'Value', rate: ec?.value_rate ?? null, rule: 'purchaseValue' },
        { id: 'currency', label: 'Currency', rate: ec?.currency_rate ?? null, rule: 'purchaseCurrency' },
        {
          id: 'transaction_id',
          label: 'Transaction ID',
          rate: ec?.transaction_id_rate ?? null,
          rule: 'purchaseTransactionId',
        },
        { id: 'items', label: 'Items', rate: ec?.items_rate ?? null },
      ])}
      <p className="muted small footnote">
        Rates over {period}; the rules judge the last {thresholds.windowMinutes} min once at least{' '}
        {thresholds.minExecutions} events arrived.
      </p>
    </Section>
  );
}
