/** Where a command writes: results to `out`, warnings and errors to `err`. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Rows as columns padded to their widest cell, two spaces apart, no trailing spaces; the first row is the header. */
export function alignedTable(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
}

export const ISSUED_KEY_WARNING =
  'warning: this is the only time the API key is shown; it cannot be shown again. Store it safely now.';

/** Writes a progress line to stderr at most once every `everyMs` (long commands say they are alive). */
export function throttledProgress(output: Output, now: () => number, everyMs = 10_000): (line: () => string) => void {
  let last = now();
  return (line) => {
    if (now() - last < everyMs) return;
    last = now();
    output.err(line());
  };
}

/** Seconds since `started`, never 0 (rates divide by it). */
export const secondsSince = (started: number, now: number) => Math.max((now - started) / 1000, 0.001);

/** An Output that keeps its lines, for specs; `clear()` empties both. */
export function recordingOutput() {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const clear = () => {
    out.length = 0;
    err.length = 0;
  };
  return { out, err, output, clear };
}
