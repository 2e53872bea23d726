/** Reads a workspace file: YAML (or JSON) syntax, then the schema, then the server-free checks. */
import { fileProblems } from "./check.ts";
import { SourceFile, WorkspaceFileError } from "./source.ts";
import type { WorkspaceSpec } from "./spec.ts";
import { schemaProblems } from "./validate.ts";

export interface ParsedFile {
  spec: WorkspaceSpec;
  source: SourceFile;
}

/** Throws WorkspaceFileError listing every problem found, each with its line and column. */
export function parseWorkspaceFile(file: string, text: string): ParsedFile {
  const source = new SourceFile(file, text);
  const shape = schemaProblems(source);
  if (shape.length > 0) throw new WorkspaceFileError(file, shape);
  // The schema has just accepted the data as a WorkspaceSpec.
  const spec = source.data as WorkspaceSpec;
  const problems = fileProblems(source, spec);
  if (problems.length > 0) throw new WorkspaceFileError(file, problems);
  return { spec, source };
}
