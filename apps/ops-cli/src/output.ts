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
