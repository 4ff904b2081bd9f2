import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@lead-scoring/outbound';

/** One request the receiver got: on which route, whether its signature held, what it carried. */
export interface Receipt {
  route: string;
  webhookId: string | null;
  signed: boolean;
  body: unknown;
  answered: number | null;
  at: number;
}

/** How a route answers (default 200): a status, a status per attempt, or never (holding the connection until the receiver stops). */
export type RouteBehaviour = { status: number } | { statuses: number[] } | { silent: true } | { delayMs: number; status: number };

/**
 * A destination for trigger deliveries on loopback that checks Standard Webhooks signatures with the secrets it is
 * given per route (`/r/<route>`), and records every request. Duplicates are counted by webhook-id.
 */
export class WebhookReceiver {
  readonly receipts: Receipt[] = [];
  private readonly behaviours = new Map<string, RouteBehaviour>();
  private readonly secrets = new Map<string, string[]>();
  private readonly attemptsByRoute = new Map<string, number>();
  private readonly held = new Set<ServerResponse>();
  private server: Server | null = null;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  url(route: string): string {
    return `http://127.0.0.1:${this.port}/r/${route}`;
  }

  route(route: string, behaviour: RouteBehaviour, secrets: string[] = []): void {
    this.behaviours.set(route, behaviour);
    this.secrets.set(route, secrets);
  }

  accept(route: string, secrets: string[]): void {
    this.secrets.set(route, secrets);
  }

  on(route: string): Receipt[] {
    return this.receipts.filter((receipt) => receipt.route === route);
  }

  /** Webhook ids answered 2xx more than once: a firing delivered twice. */
  duplicateDeliveries(route?: string): string[] {
    const seen = new Map<string, number>();
    for (const receipt of this.receipts) {
      if ((route && receipt.route !== route) || !receipt.webhookId || receipt.answered === null || receipt.answered >= 300) continue;
      seen.set(receipt.webhookId, (seen.get(receipt.webhookId) ?? 0) + 1);
    }
    return [...seen.entries()].filter(([, count]) => count > 1).map(([id]) => id);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const route = /^\/r\/([^/?]+)/.exec(request.url ?? '')?.[1] ?? '';
    const attempt = this.attemptsByRoute.get(route) ?? 0;
    this.attemptsByRoute.set(route, attempt + 1);
    const secrets = this.secrets.get(route) ?? [];
    const signed = secrets.length > 0 && verifyWebhookSignature({ headers: request.headers, body: raw, secrets }).ok;
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // kept as text
    }
    const receipt: Receipt = { route, webhookId: (request.headers['webhook-id'] as string | undefined) ?? null, signed, body, answered: null, at: Date.now() };
    this.receipts.push(receipt);
    const behaviour = this.behaviours.get(route) ?? { status: 200 };
    if ('silent' in behaviour) {
      this.held.add(response);
      return;
    }
    if ('delayMs' in behaviour) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    const status = 'statuses' in behaviour ? (behaviour.statuses[attempt] ?? behaviour.statuses[behaviour.statuses.length - 1]) : behaviour.status;
    receipt.answered = status;
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true }));
  }
}
