/**
 * Secrets at rest: the SQLite file holds the auth token and every API key secret in plain text (they
 * are needed raw: webhooks are signed with the auth token, worker tokens are HS256 with the key
 * secret; see docs/security.md). So only the owner may read it:
 * - a data folder Tasklane creates is 0700; a folder that exists already is left as it is (it may be
 *   the working directory), with a warning when other users can enter or read it;
 * - the database file is created 0600 before SQLite opens it, and SQLite gives its -wal and -shm
 *   files the database file's mode; files Tasklane created earlier with a looser mode (0644 before
 *   this check existed) are tightened to 0600 at start, when this process owns them.
 * POSIX only: on Windows the modes are not applied (use the folder's ACL).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIR = 0o700;

export function prepareDataFiles(path: string, warn: (message: string) => void): void {
  if (process.platform === "win32") {
    mkdirSync(dirname(path), { recursive: true });
    return;
  }
  const dir = dirname(resolve(path));
  if (existsSync(dir)) {
    const mode = statSync(dir).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      warn(
        `the data folder ${dir} is open to other users (mode ${octal(mode)}) and holds the auth token and API key secrets: run chmod 700 ${dir}`,
      );
    }
  } else {
    mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
    chmodSync(dir, OWNER_ONLY_DIR); // the umask may have removed bits only; this sets exactly 0700
  }
  if (!existsSync(path)) closeSync(openSync(path, "a", OWNER_ONLY_FILE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) tighten(file, warn);
}

function tighten(file: string, warn: (message: string) => void): void {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(file);
  } catch {
    return; // -wal and -shm exist only while (or after) the database is open
  }
  const mode = stats.mode & 0o777;
  if ((mode & 0o077) === 0) return;
  if (process.getuid !== undefined && stats.uid !== process.getuid()) {
    warn(
      `${file} is open to other users (mode ${octal(mode)}) and is not ours to change: run chmod 600 ${file}`,
    );
    return;
  }
  chmodSync(file, OWNER_ONLY_FILE);
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}
