/** CSV as spreadsheets write it (RFC 4180): quoted fields, doubled quotes, CRLF or LF lines. */

/** The rows of a CSV text; a byte-order mark and blank lines are dropped. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
};

const needsQuotes = /[",\r\n]/;
// A spreadsheet would run a cell starting like this as a formula.
const formulaStart = /^[=+@\t\r-]/;

/** One CSV cell; text that a spreadsheet would take for a formula is kept as text. */
export const csvCell = (value: string | number | null | undefined, text = false): string => {
  if (value === null || value === undefined) return '';
  let cell = String(value);
  if (text && formulaStart.test(cell)) cell = `'${cell}`;
  return needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
};

export const toCsvLine = (cells: readonly string[]): string => `${cells.join(',')}\r\n`;
