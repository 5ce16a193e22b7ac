/**
 * A webhook receiver on 127.0.0.1, as an ISP would run one: it verifies each request's
 * Atalaya-Signature with the secret of the path it was posted to (401 when it does not verify),
 * records what came, and answers with scripted statuses or holds a request unanswered (a slow
 * endpoint) until the receiver is closed.
 */

import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "@atalaya/alerts";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the signature verified with the path's secret. */
  verified: boolean;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The secret each path verifies with (set from the answer that created the endpoint). */
  secrets: Map<string, string>;
  /** Statuses to answer a path's next requests with, one per request; then 204. */
  script: Map<string, number[]>;
  /** Paths answered with this status every time. */
  always: Map<string, number>;
  /** Paths whose requests are never answered (until close). */
  held: Set<string>;
  /** Requests held unanswered now. */
  holding(): number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(now: () => Date): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const secrets = new Map<string, string>();
  const script = new Map<string, number[]>();
  const always = new Map<string, number>();
  const held = new Set<string>();
  let holding = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const body = Buffer.concat(chunks).toString("utf8");
      const secret = secrets.get(path);
      const verified =
        secret !== undefined &&
        verifyWebhookSignature(secret, req.headers["atalaya-signature"] as string | undefined, body, {
          now: now(),
        }).valid;
      received.push({ path, headers: req.headers, body, verified });
      if (held.has(path)) {
        holding++;
        res.on("close", () => holding--);
        return;
      }
      const status = !verified ? 401 : (script.get(path)?.shift() ?? always.get(path) ?? 204);
      res.writeHead(
        status,
        status >= 300 && status < 400 ? { location: "http://127.0.0.1:1/elsewhere" } : {},
      );
      res.end(status >= 400 ? `refused with ${status}` : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    secrets,
    script,
    always,
    held,
    holding: () => holding,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
