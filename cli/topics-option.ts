/** `--topics a,b` of the commands that consume Kafka (ingest, schedule). */
import { topics as contractTopics } from "../contracts/index.js";

/** The listed topics, or every contract topic when the option is absent or empty. */
export function topicsOption(value: string | undefined): string[] {
  if (!value) return contractTopics.map((topic) => topic.name);
  return value
    .split(",")
    .map((topic) => topic.trim())
    .filter(Boolean);
}
