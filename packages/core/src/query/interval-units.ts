/**
 * The units of a histogram's interval and the letters that name them (`1d`, `2w`, `1M`): read by
 * the query language (aggregation.ts) and by the web UI's charts, which import this module alone
 * (`@propolis/core/interval-units`) so as not to bring the query language into their chunk.
 */
export type IntervalUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export const INTERVAL_LETTERS: Readonly<Record<string, IntervalUnit>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  M: 'month',
  y: 'year',
};
