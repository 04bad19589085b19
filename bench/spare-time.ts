// `npm run bench` must finish within 10 minutes however busy the host is (issue 7). Its fixed work took about
// 7 minutes on this host while it lost 10-25 % of its CPU to steal time (scenario 1 ~205 s, the others ~210 s);
// the two things that stretch a run, waiting for a quiet machine before starting and running noisy ack chunks
// again, draw on one allowance, so they cannot add up.

export const SPARE_TIME_MS = 120_000;

export type SparePurpose = 'quiet wait' | 'repeats';

export interface SpareTime {
  /** Milliseconds still unspent (never negative). */
  left(): number;
  spend(ms: number, purpose: SparePurpose): void;
  /** What was spent on each purpose, for the report. */
  spent: Record<SparePurpose, number>;
}

export function spareTime(totalMs: number): SpareTime {
  const spent: Record<SparePurpose, number> = { 'quiet wait': 0, repeats: 0 };
  return {
    left: () => Math.max(0, totalMs - spent['quiet wait'] - spent.repeats),
    spend: (ms, purpose) => void (spent[purpose] += ms),
    spent,
  };
}
