import { Readable } from 'node:stream';
import { CsvHeaderError, CsvRow, MAX_CSV_RECORD_BYTES, csvEvents } from './csv-events';

const FILE_KEY = 'ab'.repeat(32);
const ID = 'csv_abababababababababababab';

async function collect(input: Readable): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of csvEvents(input, { fileKey: FILE_KEY })) rows.push(row);
  return rows;
}

/** Splits `text` into chunks of at most `size` bytes, cutting through quotes and multi-byte characters alike. */
function byteChunks(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

describe('csvEvents: reading the stream', () => {
  const csv =
    '\uFEFFevent_type,email,name,notes\r\n' +
    'PAGE_VIEW,zoe@acme.io,"Zoë ""Z"" Ng","first line\r\nsecond line, with comma"\r\n' +
    '\r\n' +
    'EMAIL_OPEN,bob@acme.io,Bob,27" monitor\r\n';
  const expected: CsvRow[] = [
    {
      row: 1,
      event: {
        event_id: `${ID}_1`,
        event_type: 'PAGE_VIEW',
        metadata: { email: 'zoe@acme.io', name: 'Zoë "Z" Ng', notes: 'first line\r\nsecond line, with comma' },
      },
    },
    {
      row: 2,
      event: { event_id: `${ID}_2`, event_type: 'EMAIL_OPEN', metadata: { email: 'bob@acme.io', name: 'Bob', notes: '27" monitor' } },
    },
  ];

  it('strips a BOM, keeps quoted commas, quotes and line breaks, and tolerates a stray quote in a bare cell', async () => {
    expect(await collect(Readable.from([csv]))).toEqual(expected);
  });

  it('gives the same rows whatever the chunk boundaries (inside the BOM, quotes and multi-byte characters)', async () => {
    for (const size of [1, 2, 3, 5, 7, 16]) {
      expect(await collect(Readable.from(byteChunks(csv, size)))).toEqual(expected);
    }
  });

  it('numbers data rows as records after the header: a multi-line cell is one row, blank lines are none', async () => {
    const multiLine = [
      'event_type,email,notes',
      'PAGE_VIEW,a@b.io,"one',
      'two',
      '',
      'three"',
      '',
      '',
      'PAGE_VIEW,c@d.io,x',
      'PAGE_VIEW,,',
    ].join('\n');
    const rows = await collect(Readable.from(byteChunks(multiLine, 4)));
    expect(rows).toEqual([
      { row: 1, event: { event_id: `${ID}_1`, event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io', notes: 'one\ntwo\n\nthree' } } },
      { row: 2, event: { event_id: `${ID}_2`, event_type: 'PAGE_VIEW', metadata: { email: 'c@d.io', notes: 'x' } } },
      { row: 3, event: { event_id: `${ID}_3`, event_type: 'PAGE_VIEW', metadata: {} } },
    ]);
  });
});

describe('csvEvents: malformed CSV ends with one row error carrying the parser message', () => {
  it('yields every row before an unclosed quote, then the error for the row where it opened', async () => {
    const csv = 'event_type,email\nPAGE_VIEW,a@b.io\nPAGE_VIEW,c@d.io\nPAGE_VIEW,"e@f.io\nPAGE_VIEW,g@h.io\n';
    expect(await collect(Readable.from([csv]))).toEqual([
      { row: 1, event: { event_id: `${ID}_1`, event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io' } } },
      { row: 2, event: { event_id: `${ID}_2`, event_type: 'PAGE_VIEW', metadata: { email: 'c@d.io' } } },
      {
        row: 3,
        error: 'Quote Not Closed: the parsing is finished with an opening quote at line 5; the rest of the file was not read',
      },
    ]);
  });

  it('stops at text after a closing quote without reading the rows behind it', async () => {
    const csv = 'event_type,email\nPAGE_VIEW,a@b.io\nPAGE_VIEW,"c@d.io"x\nPAGE_VIEW,e@f.io\n';
    expect(await collect(Readable.from([csv]))).toEqual([
      { row: 1, event: { event_id: `${ID}_1`, event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io' } } },
      {
        row: 2,
        error: 'Invalid Closing Quote: found non trimable byte after quote at line 3; the rest of the file was not read',
      },
    ]);
  });

  it('stops an unclosed quote at MAX_CSV_RECORD_BYTES instead of buffering the rest of the file', async () => {
    let chunksRead = 0;
    function* file(): Generator<string> {
      yield 'event_type,email\nPAGE_VIEW,a@b.io\nPAGE_VIEW,"';
      for (let i = 0; i < 1_000; i += 1) {
        chunksRead += 1;
        yield 'x'.repeat(64 * 1024); // 64 MB in all, if it were all read
      }
    }
    const rows = await collect(Readable.from(file()));
    expect(rows).toEqual([
      { row: 1, event: { event_id: `${ID}_1`, event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io' } } },
      {
        row: 2,
        error: `Max Record Size: record exceed the maximum number of tolerated bytes of ${MAX_CSV_RECORD_BYTES} at line 3; the rest of the file was not read`,
      },
    ]);
    expect(chunksRead).toBeLessThan(100);
  });

  it('reports a header that is not valid CSV as a CsvHeaderError', async () => {
    await expect(collect(Readable.from(['"event_type,email\nPAGE_VIEW,a@b.io\n']))).rejects.toThrow(
      new CsvHeaderError('Invalid CSV header: Quote Not Closed: the parsing is finished with an opening quote at line 2'),
    );
  });
});

describe('csvEvents: the input stream', () => {
  it('throws an error of the input itself as it is', async () => {
    function* brokenUpload(): Generator<string> {
      yield 'event_type,email\nPAGE_VIEW,a@b.io\n';
      throw new Error('connection reset');
    }
    await expect(collect(Readable.from(brokenUpload()))).rejects.toThrow('connection reset');
  });

  it('destroys the input when the consumer stops early', async () => {
    const input = Readable.from(['event_type,email\n', 'PAGE_VIEW,a@b.io\n'.repeat(1_000)]);
    for await (const row of csvEvents(input, { fileKey: FILE_KEY })) {
      expect(row.row).toBe(1);
      break;
    }
    expect(input.destroyed).toBe(true);
  });

  it('streams 100,000 rows while the file is read only a bounded distance ahead of the consumer', async () => {
    const total = 100_000;
    let linesProduced = 0;
    function* file(): Generator<string> {
      yield 'event_type,email,amount\n';
      for (let i = 1; i <= total; i += 1) {
        linesProduced += 1;
        yield `PAGE_VIEW,lead${i % 500}@acme.io,${i}\n`;
      }
    }
    let count = 0;
    let events = 0;
    let maxReadAhead = 0;
    let lastRow = 0;
    for await (const row of csvEvents(Readable.from(file()), { fileKey: FILE_KEY })) {
      count += 1;
      if ('event' in row) events += 1;
      lastRow = row.row;
      maxReadAhead = Math.max(maxReadAhead, linesProduced - count);
    }
    expect(count).toBe(total);
    expect(events).toBe(total);
    expect(lastRow).toBe(total);
    // Stream buffers hold a few hundred lines; without backpressure the whole file would be read ahead.
    expect(maxReadAhead).toBeLessThan(5_000);
  });
});
