/** A small History-API router: paths under /console, links that navigate without a reload. */
import { useEffect, useState } from "preact/hooks";

const BASE = "/console";
const listeners = new Set<() => void>();

export function currentPath(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : "/";
  return path === "" ? "/" : path;
}

export function navigate(path: string): void {
  history.pushState(null, "", `${BASE}${path}`);
  for (const listener of listeners) listener();
}

addEventListener("popstate", () => {
  for (const listener of listeners) listener();
});

export function usePath(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const listener = () => setPath(currentPath());
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return path;
}

/** onClick for an <a href>: navigate in-app unless a modifier asks for a new tab. */
export function linkTo(path: string) {
  return {
    href: `${BASE}${path}`,
    onClick: (event: MouseEvent) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(path);
    },
  };
}
