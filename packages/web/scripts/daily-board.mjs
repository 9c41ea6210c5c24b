/**
 * A dashboard row of one bar widget: alerts per day by status, the histogram that the web benchmark,
 * the dashboards' browser test and the screenshots draw (over a year, and over more days than the
 * server answers buckets).
 */
export const ALERTS_PER_DAY_ROW = {
  type: 'container',
  items: [
    {
      id: 'per-day',
      type: 'bar',
      options: { title: 'Alerts per day', entity: 'alert', field: 'status', interval: '1d' },
    },
  ],
};
