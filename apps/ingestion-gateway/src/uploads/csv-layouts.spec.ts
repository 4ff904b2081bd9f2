import { Readable } from 'node:stream';
import { validateEvent } from '@lead-scoring/contracts';
import { CsvHeaderError, CsvRow, csvEvents } from './csv-events';

// SHA-256-shaped file keys whose first 24 hex digits are easy to read in the expected ids.
const FILE_KEY = '0123456789abcdef01234567' + 'f'.repeat(40);
const OTHER_FILE_KEY = 'fedcba9876543210fedcba98' + '0'.repeat(40);

async function collectRows(csv: string, fileKey = FILE_KEY): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of csvEvents(Readable.from([csv]), { fileKey })) rows.push(row);
  return rows;
}

describe('csvEvents: seed layout (metadata JSON column)', () => {
  it('moves email and lead_id into metadata and keeps event_id and timestamp at the top level', async () => {
    const csv = [
      'event_id,event_type,lead_id,email,timestamp,metadata',
      'evt_1,PAGE_VIEW,L-1,alice@microsoft.com,2026-01-10T11:33:22Z,"{""url"":""/pricing"",""amount"":99}"',
      'evt_2,purchase,,bob@acme.io,,{}',
    ].join('\n');
    expect(await collectRows(csv)).toEqual([
      {
        row: 1,
        event: {
          event_id: 'evt_1',
          event_type: 'PAGE_VIEW',
          timestamp: '2026-01-10T11:33:22Z',
          metadata: { url: '/pricing', amount: 99, email: 'alice@microsoft.com', lead_id: 'L-1' },
        },
      },
      { row: 2, event: { event_id: 'evt_2', event_type: 'purchase', metadata: { email: 'bob@acme.io' } } },
    ]);
  });

  it('accepts an empty metadata cell as no metadata and extra columns as metadata keys', async () => {
    const csv = 'event_type,email,metadata,Source,Plan\nEMAIL_OPEN,a@b.io,,newsletter,pro\n';
    expect(await collectRows(csv)).toEqual([
      {
        row: 1,
        event: {
          event_id: 'csv_0123456789abcdef01234567_1',
          event_type: 'EMAIL_OPEN',
          source: 'newsletter',
          metadata: { email: 'a@b.io', plan: 'pro' },
        },
      },
    ]);
  });

  it.each([
    ['invalid JSON', '{not json}'],
    ['an array', '"[1,2]"'],
    ['a number', '42'],
    ['a string', '"""text"""'],
    ['null', 'null'],
  ])('reports metadata that is %s as a row error', async (_label, cell) => {
    const csv = `event_type,email,metadata\nPAGE_VIEW,a@b.io,${cell}\nPAGE_VIEW,c@d.io,{}\n`;
    expect(await collectRows(csv)).toEqual([
      { row: 1, error: 'metadata: must be a JSON object' },
      { row: 2, event: { event_id: 'csv_0123456789abcdef01234567_2', event_type: 'PAGE_VIEW', metadata: { email: 'c@d.io' } } },
    ]);
  });

  it('reports an email or lead_id column that contradicts the metadata JSON, naming both values', async () => {
    const csv = [
      'event_type,email,lead_id,metadata',
      'PAGE_VIEW,bob@acme.io,L-1,"{""email"":""alice@acme.io""}"',
      'PAGE_VIEW,alice@acme.io,L-2,"{""email"":""alice@acme.io"",""lead_id"":""L-1""}"',
      'PAGE_VIEW,bob@acme.io,L-9,"{""email"":""alice@acme.io"",""lead_id"":""L-1""}"',
    ].join('\n');
    expect(await collectRows(csv)).toEqual([
      { row: 1, error: 'metadata.email: the email column says "bob@acme.io" but the metadata JSON says "alice@acme.io"' },
      { row: 2, error: 'metadata.lead_id: the lead_id column says "L-2" but the metadata JSON says "L-1"' },
      {
        row: 3,
        error:
          'metadata.email: the email column says "bob@acme.io" but the metadata JSON says "alice@acme.io"; ' +
          'metadata.lead_id: the lead_id column says "L-9" but the metadata JSON says "L-1"',
      },
    ]);
  });

  it('accepts a column that agrees with the metadata JSON (emails case-insensitively, numbers as text)', async () => {
    const csv = 'event_type,email,amount,metadata\nPURCHASE,Alice@Acme.io,99,"{""email"":""alice@acme.io"",""amount"":99}"\n';
    expect(await collectRows(csv)).toEqual([
      {
        row: 1,
        event: {
          event_id: 'csv_0123456789abcdef01234567_1',
          event_type: 'PURCHASE',
          metadata: { email: 'alice@acme.io', amount: 99 },
        },
      },
    ]);
  });
});

describe('csvEvents: flat layout', () => {
  it('puts name, company, email, lead_id and every extra column into metadata, as text', async () => {
    const csv = [
      'event_id,event_type,email,lead_id,name,company,source,timestamp,url,amount,Plan_Tier',
      'evt_1,PURCHASE,alice@microsoft.com,L-1,Alice Johnson,Microsoft,shop,2026-01-10T11:33:22.553Z,/checkout,99.50,007',
    ].join('\n');
    expect(await collectRows(csv)).toEqual([
      {
        row: 1,
        event: {
          event_id: 'evt_1',
          event_type: 'PURCHASE',
          source: 'shop',
          timestamp: '2026-01-10T11:33:22.553Z',
          metadata: {
            email: 'alice@microsoft.com',
            lead_id: 'L-1',
            name: 'Alice Johnson',
            company: 'Microsoft',
            url: '/checkout',
            amount: '99.50',
            plan_tier: '007',
          },
        },
      },
    ]);
  });

  it('matches header names case-insensitively and ignores the spaces around them', async () => {
    const csv = ' EVENT_TYPE , Email,Lead_ID ,Company,eventId,Occurred_At\nPAGE_VIEW,a@b.io,L-1,Acme,evt_9,2026-01-01T00:00:00Z\n';
    expect(await collectRows(csv)).toEqual([
      {
        row: 1,
        event: {
          event_id: 'evt_9',
          event_type: 'PAGE_VIEW',
          timestamp: '2026-01-01T00:00:00Z',
          metadata: { email: 'a@b.io', lead_id: 'L-1', company: 'Acme' },
        },
      },
    ]);
  });

  it('omits empty cells instead of producing empty strings, including cells missing at the end of a row', async () => {
    const csv = 'event_type,email,lead_id,name,source,plan\nPAGE_VIEW,,L-1,,, \nEMAIL_OPEN,a@b.io\n';
    expect(await collectRows(csv)).toEqual([
      { row: 1, event: { event_id: 'csv_0123456789abcdef01234567_1', event_type: 'PAGE_VIEW', metadata: { lead_id: 'L-1' } } },
      { row: 2, event: { event_id: 'csv_0123456789abcdef01234567_2', event_type: 'EMAIL_OPEN', metadata: { email: 'a@b.io' } } },
    ]);
  });

  it('refuses a row with a value beyond the named columns (usually an unquoted comma) but not empty extras', async () => {
    const csv = 'event_type,email,name,\nPAGE_VIEW,a@b.io,Johnson, Alice\nPAGE_VIEW,c@d.io,Carol,,\n';
    expect(await collectRows(csv)).toEqual([
      { row: 1, error: 'column 4: has a value but no name in the header' },
      {
        row: 2,
        event: { event_id: 'csv_0123456789abcdef01234567_2', event_type: 'PAGE_VIEW', metadata: { email: 'c@d.io', name: 'Carol' } },
      },
    ]);
  });

  it('stores a column named __proto__ as a plain metadata key', async () => {
    const [row] = await collectRows('event_type,email,__proto__\nPAGE_VIEW,a@b.io,x\n');
    if (!('event' in row)) throw new Error(`expected an event, got ${row.error}`);
    const metadata = row.event['metadata'] as object;
    expect(Object.entries(metadata)).toEqual([
      ['email', 'a@b.io'],
      ['__proto__', 'x'],
    ]);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });
});

describe('csvEvents: header errors refuse the whole file before any row', () => {
  it.each([
    [
      'email missing from the flat layout',
      'event_type,name\nPAGE_VIEW,Alice\n',
      'Invalid CSV header: missing required column email (expected either the flat layout',
    ],
    ['both flat columns missing', 'name,url\nAlice,/x\n', 'Invalid CSV header: missing required columns event_type, email ('],
    ['event_type missing from the seed layout', 'email,metadata\na@b.io,{}\n', 'Invalid CSV header: missing required column event_type ('],
  ])('%s', async (_label, csv, message) => {
    const rows = collectRows(csv);
    await expect(rows).rejects.toThrow(CsvHeaderError);
    await expect(rows).rejects.toThrow(message);
  });

  it('names duplicated columns, including case variants and aliases', async () => {
    await expect(collectRows('event_type,email,Email,event_id,eventId\n')).rejects.toThrow(
      new CsvHeaderError(
        'Invalid CSV header: "email", "Email" all name the column email; "event_id", "eventId" all name the column event_id',
      ),
    );
  });

  it('refuses column names that cannot be metadata keys', async () => {
    await expect(collectRows('event_type,email,utm.source,$where\nPAGE_VIEW,a@b.io,x,y\n')).rejects.toThrow(
      new CsvHeaderError(
        'Invalid CSV header: column "utm.source" cannot be a metadata key (no leading $, no . or NUL); ' +
          'column "$where" cannot be a metadata key (no leading $, no . or NUL)',
      ),
    );
  });

  it('refuses an empty file', async () => {
    await expect(collectRows('')).rejects.toThrow(
      new CsvHeaderError('The CSV file is empty: expected a header row such as event_type,email'),
    );
    await expect(collectRows('\n\n')).rejects.toThrow(CsvHeaderError);
  });
});

describe('csvEvents: generated event ids', () => {
  const csv = 'event_id,event_type,email,timestamp\n,PAGE_VIEW,a@b.io,\nevt_x,PAGE_VIEW,a@b.io,\n,PAGE_VIEW,a@b.io,2026-01-01T00:00:00Z\n';

  it('keys rows without event_id and timestamp by file and row; timestamped rows get no id', async () => {
    expect(await collectRows(csv)).toEqual([
      { row: 1, event: { event_id: 'csv_0123456789abcdef01234567_1', event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io' } } },
      { row: 2, event: { event_id: 'evt_x', event_type: 'PAGE_VIEW', metadata: { email: 'a@b.io' } } },
      { row: 3, event: { event_type: 'PAGE_VIEW', timestamp: '2026-01-01T00:00:00Z', metadata: { email: 'a@b.io' } } },
    ]);
  });

  it('gives the same ids to the same file and different ids to another file', async () => {
    const ids = async (fileKey: string) =>
      (await collectRows(csv, fileKey)).map((row) => ('event' in row ? row.event['event_id'] : row.error));
    expect(await ids(FILE_KEY)).toEqual(await ids(FILE_KEY));
    expect(await ids(OTHER_FILE_KEY)).toEqual(['csv_fedcba9876543210fedcba98_1', 'evt_x', undefined]);
    expect(await ids(FILE_KEY.toUpperCase())).toEqual(await ids(FILE_KEY));
  });

  it('refuses a fileKey that is not a hex digest', async () => {
    await expect(collectRows(csv, 'not-a-hash')).rejects.toThrow(TypeError);
    await expect(collectRows(csv, 'abc123')).rejects.toThrow('fileKey must be a hex digest');
  });
});

describe('csvEvents output and validateEvent', () => {
  it('produces events that validateEvent accepts for both layouts', async () => {
    const seed = 'event_id,event_type,lead_id,email,timestamp,metadata\nevt_1,PAGE_VIEW,L-1,a@b.io,2026-01-10T11:33:22Z,"{""url"":""/x""}"\n';
    const flat = 'event_type,email,name,company,amount\nPURCHASE,a@b.io,Alice,Acme,99\n';
    for (const csv of [seed, flat]) {
      for (const row of await collectRows(csv)) {
        expect('event' in row && validateEvent(row.event).ok).toBe(true);
      }
    }
  });
});
