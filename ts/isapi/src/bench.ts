/**
 * `isapi bench`: a quick load test from Node against a running server (or one it starts
 * with {@link serve}): keep-alive connections sending one URL for a while, then requests
 * per second and latency percentiles. The full comparison (native vs TS vs Node vs nginx)
 * is `cargo xtask bench`.
 */
import { Agent, request } from "node:http";

export interface BenchOptions {
  /** The URL to load. */
  url: string;
  /** Concurrent connections; default 16. */
  connections?: number;
  /** How long, in milliseconds; default 5000. */
  durationMs?: number;
  method?: string;
  body?: Buffer;
}

export interface BenchResult {
  requests: number;
  failures: number;
  /** Responses by status. */
  statuses: Record<number, number>;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

function once(agent: Agent, url: URL, method: string, body: Buffer | undefined): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(url, { agent, method, timeout: 30_000 }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolveStatus(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function bench(options: BenchOptions): Promise<BenchResult> {
  const url = new URL(options.url);
  const connections = Math.max(1, options.connections ?? 16);
  const duration = Math.max(100, options.durationMs ?? 5000);
  const method = options.method ?? "GET";
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let failures = 0;
  const started = performance.now();
  const deadline = started + duration;
  const worker = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const status = await once(agent, url, method, options.body);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 500) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    failures,
    statuses,
    rps: Math.round(latencies.length / elapsed),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? 0),
    },
  };
}
