/** The servers a cloud fake holds, shared by both providers' fakes: creation, boot progress, listing by page. */

export interface CreatedServerRequest {
  userData: string;
  name: string;
  /** DigitalOcean's tags, or Hetzner's labels as `key=value`. */
  tags: string[];
}

export interface FakeCloudOptions {
  /** The one token the fake accepts. */
  token: string;
  /** Brings up the "created server" (e.g. a test sshd through cloud-init-effect) and says its address. */
  onCreate?: (request: CreatedServerRequest) => Promise<{ ipv4: string }>;
  /** Takes the "created server" down again when the provider deletes it (a deleted server stops answering). */
  onDelete?: (server: { name: string; ipv4: string }) => Promise<void>;
  /** GETs of one server before it reports running (default 1); 'never' keeps it booting, for the timeout fault. */
  readyAfterGets?: number | 'never';
  /** The most items a page holds, at most the provider's documented maximum (to make tests page). */
  maxPerPage?: number;
}

export interface FakeServer {
  id: number;
  name: string;
  region: string;
  size: string;
  image: string;
  userData: string;
  tags: string[];
  labels: Record<string, string>;
  ipv4: string;
  createdAt: string;
  gets: number;
  running: boolean;
  volumes: number[];
}

export function createServerStore(options: FakeCloudOptions, firstId: number) {
  const servers = new Map<number, FakeServer>();
  let nextId = firstId;
  let refusal: string | null = null;
  let answerDelayMs = 0;
  return {
    servers,
    /** The next create is refused with 422 and this message, as a provider refuses an order. */
    refuseNextCreate(message: string) {
      refusal = message;
    },
    /**
     * The next create's server exists (and is listed) at once but the answer comes `ms` later, as when
     * a provider is slow to answer: an app that stops meanwhile never learns the server's id.
     */
    delayNextCreate(ms: number) {
      answerDelayMs = ms;
    },
    takeRefusal(): string | null {
      const message = refusal;
      refusal = null;
      return message;
    },
    /** A server the app orders (`onCreate` brings it up), or one made elsewhere (`external`). */
    async create(
      fields: Omit<FakeServer, 'id' | 'ipv4' | 'createdAt' | 'gets' | 'running' | 'volumes'>,
      external = false,
    ): Promise<FakeServer> {
      const id = nextId++;
      const created =
        options.onCreate && !external
          ? await options.onCreate({ userData: fields.userData, name: fields.name, tags: fields.tags })
          : { ipv4: `127.255.0.${id % 250}` };
      const server: FakeServer = {
        ...fields,
        id,
        ipv4: created.ipv4,
        createdAt: new Date().toISOString(),
        gets: 0,
        running: false,
        volumes: [],
      };
      servers.set(id, server);
      if (!external && answerDelayMs > 0) {
        const ms = answerDelayMs;
        answerDelayMs = 0;
        await new Promise((resolve) => setTimeout(resolve, ms));
      }
      return server;
    },
    async remove(server: FakeServer): Promise<void> {
      servers.delete(server.id);
      await options.onDelete?.({ name: server.name, ipv4: server.ipv4 });
    },
    /** A GET of one server: counts towards its boot. */
    observe(server: FakeServer): FakeServer {
      server.gets += 1;
      const after = options.readyAfterGets ?? 1;
      if (after !== 'never' && server.gets >= after) server.running = true;
      return server;
    },
  };
}

/** One page of items, with the page numbers a provider's list answers carry. */
export function pageOf<T>(
  items: T[],
  query: URLSearchParams,
  documentedMax: number,
  defaultPerPage: number,
  cap?: number,
) {
  const perPage = Math.min(
    Number(query.get('per_page') ?? defaultPerPage),
    cap ?? documentedMax,
    documentedMax,
  );
  const page = Number(query.get('page') ?? 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    page,
    perPage,
    lastPage,
    next: page < lastPage ? page + 1 : null,
    previous: page > 1 ? page - 1 : null,
    total: items.length,
  };
}
