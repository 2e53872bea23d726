/** The console's own paths: the page, its assets and the session. They skip the API's auth hook. */
export const CONSOLE_PREFIX = "/console";

export function isConsolePath(path: string): boolean {
  return path === "/" || path === CONSOLE_PREFIX || path.startsWith(`${CONSOLE_PREFIX}/`);
}
