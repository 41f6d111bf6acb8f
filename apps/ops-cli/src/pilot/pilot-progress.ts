import { Presets, SingleBar } from 'cli-progress';

export interface Tally {
  /** Requests settled (answered or skipped) of all planned. */
  settled: number;
  total: number;
  accepted: number;
  replayed: number;
  refused: number;
  skipped: number;
}

export interface ProgressView {
  update(tally: Tally): void;
  stop(): void;
}

const LINE_EVERY_MS = 10_000;

/**
 * How far the sending has got: a progress bar on a terminal; otherwise (a log, CI) a plain line every 10 seconds,
 * and one at the end.
 */
export function progressView(stream: NodeJS.WriteStream, now: () => number = Date.now): ProgressView {
  const started = now();
  const rate = (t: Tally) => (t.accepted + t.refused) / Math.max((now() - started) / 1000, 0.001);
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        stream,
        format:
          'sending |{bar}| {percentage}% | {value}/{total} requests | {rate}/s | {replayed} replayed, {refused} refused | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 200,
      },
      Presets.shades_classic,
    );
    let begun = false;
    return {
      update: (t) => {
        const payload = { rate: rate(t).toFixed(1), replayed: t.replayed, refused: t.refused };
        if (!begun) bar.start(t.total, t.settled, payload);
        else bar.update(t.settled, payload);
        begun = true;
      },
      stop: () => bar.stop(),
    };
  }
  let last = started;
  let latest: Tally | undefined;
  const line = (t: Tally) => {
    const percent = t.total === 0 ? 100 : (100 * t.settled) / t.total;
    stream.write(
      `sent ${t.settled}/${t.total} requests (${percent.toFixed(1)} %), ${rate(t).toFixed(1)} a second, ` +
        `${t.replayed} replayed, ${t.refused} refused\n`,
    );
  };
  return {
    update: (t) => {
      latest = t;
      if (now() - last < LINE_EVERY_MS) return;
      last = now();
      line(t);
    },
    stop: () => {
      if (latest) line(latest);
    },
  };
}
