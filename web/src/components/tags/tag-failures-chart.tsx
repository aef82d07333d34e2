import { seriesOf, type Bin } from '../../tag-series';
import { EventChart } from '../event-chart';

/** Tag failures per bin as red bars; `per` names the bin ("5 min"). */
export function TagFailuresChart({ bins, per }: { bins: Bin[] | undefined; per: string }) {
  return (
    <EventChart
      series={bins && seriesOf(bins, (b) => b.failures)}
      hourly
      per={per}
      unit="failures"
      tone="danger"
    />
  );
}
