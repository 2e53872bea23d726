/** Flags of the API commands (`plan`, `apply`, `export`, `demo`), parsed with node:util. */
import { parseArgs } from "node:util";

export interface ApiArgs {
  positionals: string[];
  url: string | undefined;
  prune: boolean;
  output: string | undefined;
  workers: boolean;
}

export function parseApiArgs(args: string[]): ApiArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      prune: { type: "boolean", default: false },
      output: { type: "string", short: "o" },
      "no-workers": { type: "boolean", default: false },
    },
  });
  return {
    positionals,
    url: values.url,
    prune: values.prune ?? false,
    output: values.output,
    workers: !(values["no-workers"] ?? false),
  };
}
