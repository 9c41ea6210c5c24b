/**
 * Progress bars of long operations (cli-progress), drawn on stderr when it is a terminal and the
 * output is not `--json`; otherwise silent, so that scripts and logs get only the final report.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the total once known (a stream's length may be learned late). */
  total(n: number): void;
  tick(n?: number, label?: string): void;
  stop(): void;
}

const silent: Progress = { total() {}, tick() {}, stop() {} };

export function startProgress(label: string, total: number, options: { json?: boolean }): Progress {
  if (options.json || !process.stderr.isTTY || process.env.PROPOLIS_NO_PROGRESS) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} {step}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
  return {
    total: (n) => bar.setTotal(n),
    tick: (n = 1, step = '') => bar.increment(n, { step }),
    stop: () => bar.stop(),
  };
}
