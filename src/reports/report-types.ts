/** The shape every report shares: a table (page, CSV) and the chart drawn from the same rows. */
import type { Bucket } from './bucket';
import type { ErrorCodeRow } from './queries';

export const REPORT_KEYS = [
  'actions',
  'statuses',
  'success-rate',
  'errors',
  'cycles',
  'time-to-provision',
  'apps',
] as const;
export type ReportKey = (typeof REPORT_KEYS)[number];

export type Cell = string | number | null;

/** What public/charts.js needs; rendered into a data- attribute as JSON. */
export interface ChartSpec {
  type: 'bar' | 'line';
  stacked: boolean;
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  /** y axis as a percentage (0–100). */
  percent?: boolean;
  /** Set when the labels are bucket starts (ISO): how the chart formats them. */
  bucket?: Bucket;
  /** Counts: whole-number ticks only. */
  integer: boolean;
  /** Axis titles, with units. */
  yTitle: string;
  xTitle?: string;
  /** One extra tooltip line per point (a cycle's application, type and status). */
  notes?: string[];
}

export interface ReportTable {
  key: ReportKey;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Columns holding instants (ISO), shown in the reader's time; bucket columns stay UTC as the chart draws them. */
  timeColumns?: number[];
  /** Said under the title, e.g. that the chart starts at the first activity. */
  note?: string | undefined;
  chart: ChartSpec | null;
  /** Error-code rows link to the filtered logs; the view builds the link from this. */
  errors?: ErrorCodeRow[];
}
