/** A closed port gives a clear, actionable error rather than a long kafkajs retry loop. */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../core/errors.js";
import { assertBrokerReachable, parseBrokerList } from "../../kafka/client.js";
import { BrokerUnreachableError } from "../../kafka/kafka-errors.js";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("broker reachability", () => {
  it("names the address and what to do when nothing listens", async () => {
    const port = await closedPort();
    const error = await assertBrokerReachable([`127.0.0.1:${port}`]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerUnreachableError);
    expect((error as BrokerUnreachableError).retriable).toBe(true);
    expect((error as Error).message).toContain(`Cannot reach Kafka at 127.0.0.1:${port}`);
    expect((error as Error).message).toContain("KAFKA_BROKERS");
    // advice that works: `ohwb broker` starts a local one (unsetting KAFKA_BROKERS starts nothing)
    expect((error as Error).message).toContain("`ohwb broker`");
    expect((error as Error).message).not.toMatch(/unset KAFKA_BROKERS/i);
  });

  it("rejects a malformed KAFKA_BROKERS value", () => {
    expect(() => parseBrokerList("localhost")).toThrow(ConfigError);
    expect(parseBrokerList(" a:1, b:2 ")).toEqual(["a:1", "b:2"]);
  });
});
