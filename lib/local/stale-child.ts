import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded DynamoDB Local is a Java child process. When `npm start` is killed with SIGKILL it
 * cannot stop it, and the orphan keeps running on the data directory; the next start would open
 * the same files from a second JVM. So the child's pid is kept next to its data and a leftover one
 * is stopped before a new one starts.
 */
const PID_FILE = '.dynamodb-local.pid';

export function rememberChild(dataDir: string, pid: number): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, PID_FILE), String(pid));
}

export function forgetChild(dataDir: string): void {
  rmSync(join(dataDir, PID_FILE), { force: true });
}

export async function reapStaleChild(dataDir: string): Promise<void> {
  const file = join(dataDir, PID_FILE);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 1 && isOurJava(pid)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    // A clean stop lets DynamoDB Local close its database; give it a few seconds, then insist.
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  forgetChild(dataDir);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Only a DynamoDB Local JVM: a pid recycled by an unrelated process is left alone. */
function isOurJava(pid: number): boolean {
  if (!alive(pid)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc')) return true; // no /proc (macOS): the pid file is ours and fresh enough
  try {
    return /DynamoDBLocal/i.test(readFileSync(cmdline, 'utf8'));
  } catch {
    return false;
  }
}
