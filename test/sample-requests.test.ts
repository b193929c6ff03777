// The parity tests' normalisation (test/support/sample-requests.ts): what it masks, and
// what it must leave alone.
import t from "tap";

import { normalise } from "./support/sample-requests.js";
import type { Reply } from "./support/site.js";

const reply = (body: string, headers: Record<string, string> = {}): Reply => ({
  status: 200,
  headers,
  body: Buffer.from(body),
  text: body,
});

t.test("the port is masked where it is a port, not in a body's digits", async (t) => {
  const port = 4567;
  const digits = "0123456789".repeat(10_000);
  t.equal(normalise(reply(digits), port).body, digits, "the echo body is compared as it is");
  const answer = normalise(
    reply("see http://127.0.0.1:4567/upstream and localhost:4567, [::1]:4567; 127.0.0.1:45678 is another", {
      location: "http://127.0.0.1:4567/x",
    }),
    port,
  );
  t.equal(
    answer.body,
    "see http://127.0.0.1:<port>/upstream and localhost:<port>, [::1]:<port>; 127.0.0.1:45678 is another",
  );
  t.equal(answer.headers["location"], "http://127.0.0.1:<port>/x");
});
