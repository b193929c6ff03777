/**
 * A web-standard handler at /api/: `export default { fetch(request) }`, no ISAPI types in
 * sight. `isapi build` wraps it into an extension; the library hands it a standard
 * `Request` and sends the `Response` it returns.
 *
 * A small JSON API over an in-memory store:
 *   GET  /api/items        → 200, the items (a JSON array)
 *   POST /api/items        → 201, the created item with its `id` (body: `{"name": "..."}`)
 *   GET  /api/items/<id>   → 200, the item, or 404
 *   anything else          → 404 (JSON); malformed JSON → 400 with an error message
 *
 * Module state is per engine, so fetch_api.settings.json runs this sample on one engine:
 * every request sees the same store.
 */

interface Item {
  id: string;
  name: string;
  createdAt: string;
}

const items = new Map<string, Item>();

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

function problem(status: number, error: string): Response {
  return json({ error }, status);
}

async function createItem(request: Request): Promise<Response> {
  let input: unknown;
  try {
    input = await request.json();
  } catch {
    // Not the parser's own words: they differ between engines (QuickJS here, V8 in Node).
    return problem(400, "malformed JSON: the request body is not valid JSON");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return problem(400, "expected a JSON object");
  }
  const name = (input as { name?: unknown }).name;
  if (typeof name !== "string" || name.trim() === "") {
    return problem(400, 'expected a non-empty string "name"');
  }
  const item: Item = { id: crypto.randomUUID(), name, createdAt: new Date().toISOString() };
  items.set(item.id, item);
  const response = json(item, 201);
  response.headers.set("location", `/api/items/${item.id}`);
  return response;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    const parts = pathname.split("/").filter(Boolean); // ["api", "items", id?]
    if (parts[0] !== "api" || parts[1] !== "items" || parts.length > 3) {
      return problem(404, `no route for ${request.method} ${pathname}`);
    }
    const id = parts[2];
    // HEAD is answered as GET; the library sends the head only.
    const reading = request.method === "GET" || request.method === "HEAD";
    if (id === undefined) {
      if (reading) return json([...items.values()]);
      if (request.method === "POST") return createItem(request);
      return problem(405, `${request.method} is not allowed on /api/items`);
    }
    if (!reading) return problem(405, `${request.method} is not allowed on an item`);
    const item = items.get(decodeURIComponent(id));
    return item ? json(item) : problem(404, `no item ${id}`);
  },
};
