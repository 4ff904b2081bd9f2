import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/infrastructure';

/** The helpers tools/start.sh writes .env and the service logs with (tools/lib/common.sh), under a permissive umask. */
function runHelper(command: string, cwd: string): void {
  execFileSync('bash', ['-c', `umask 022; source "${join(REPO_ROOT, 'tools/lib/common.sh')}"; ${command}`], { cwd, stdio: 'pipe' });
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('files holding keys or personal data are private', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lead-scoring-private-'));

  it('writes .env with random keys, mode 600, even under umask 022', () => {
    runHelper('write_private_env .env', folder);
    expect(modeOf(join(folder, '.env'))).toBe(0o600);
    expect(readFileSync(join(folder, '.env'), 'utf8')).toMatch(/^INGEST_API_KEYS=ik_[0-9a-f]{48}$/m);
  });

  it('makes a world-readable .env from an older version private, keeping its keys', () => {
    const old = join(folder, 'old.env');
    writeFileSync(old, 'INGEST_API_KEYS=ik_kept_kept_kept_kept\n');
    chmodSync(old, 0o644);
    runHelper('write_private_env old.env', folder);
    expect(modeOf(old)).toBe(0o600);
    expect(readFileSync(old, 'utf8')).toBe('INGEST_API_KEYS=ik_kept_kept_kept_kept\n');
  });

  it('creates log files 600, and makes an existing one private', () => {
    runHelper('private_file new.log', folder);
    expect(modeOf(join(folder, 'new.log'))).toBe(0o600);
    writeFileSync(join(folder, 'old.log'), 'x');
    chmodSync(join(folder, 'old.log'), 0o644);
    runHelper('private_file old.log', folder);
    expect(modeOf(join(folder, 'old.log'))).toBe(0o600);
  });

  it('is how tools/start.sh writes .env and every service log', () => {
    const script = readFileSync(join(REPO_ROOT, 'tools/start.sh'), 'utf8');
    expect(script).toContain('write_private_env .env');
    expect(script).toMatch(/private_file "\$log"\n\s*nohup "\$@" >"\$log"/);
  });
});
