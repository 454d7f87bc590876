/**
 * Reading the .sql files of a folder that start with a metadata header (models, macros, custom data
 * tests): each file's name, text and parsed header, with any header problem or a missing
 * `-- description:` reported as a ModelDefinitionError naming the file and line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseSqlHeader, type SqlHeader } from "./sql-header.js";
import { ModelDefinitionError } from "./transform-errors.js";

export interface SqlFile {
  name: string;
  path: string;
  sql: string;
  header: SqlHeader;
}

/** The folder's .sql files in name order; none when the folder does not exist. */
export function readSqlFiles(directory: string): SqlFile[] {
  let files: string[];
  try {
    files = readdirSync(directory);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => {
      const path = join(directory, file);
      const sql = readFileSync(path, "utf8");
      const { header, problems } = parseSqlHeader(sql);
      const first = problems[0];
      if (first) throw new ModelDefinitionError(`${path}:${first.line}: ${first.problem}`, { path });
      if (!header.description) throw new ModelDefinitionError(`${path}: missing "-- description:"`, { path });
      return { name: basename(file, ".sql"), path, sql, header };
    });
}
