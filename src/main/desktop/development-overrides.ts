/** What a developer or a test may point elsewhere through the environment when running from source. */
export interface DevelopmentOverrides {
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), loaded instead of the built renderer. */
  rendererUrl?: string;
  /** A fake Stripe (HOSTER_STRIPE_API_BASE) that would otherwise receive the user's Stripe key. */
  stripeApiBase?: string;
  /** Fake cloud providers (HOSTER_DIGITALOCEAN_API, HOSTER_HETZNER_API) that would otherwise receive the user's API tokens. */
  cloudApiBases?: { digitalocean?: string; hetzner?: string };
  /** Where "This computer" finds Docker (HOSTER_LOCAL_DOCKER_SOCKET), e.g. a test rig's private dockerd. */
  localDockerSocket?: string;
  /** better-sqlite3 built for Electron's ABI by `npm start` (HOSTER_SQLITE_BINDING). */
  sqliteBinding?: string;
}

/**
 * A packaged app takes none of these: whoever can set its environment must not be able to make it load
 * a remote page as its UI, send the Stripe key or a cloud provider's token to another host, or load native code. An empty value
 * counts as unset.
 */
export function developmentOverrides(env: NodeJS.ProcessEnv, isPackaged: boolean): DevelopmentOverrides {
  if (isPackaged) return {};
  const pick = (name: string) => env[name] || undefined;
  return {
    rendererUrl: pick('ELECTRON_RENDERER_URL'),
    stripeApiBase: pick('HOSTER_STRIPE_API_BASE'),
    cloudApiBases: { digitalocean: pick('HOSTER_DIGITALOCEAN_API'), hetzner: pick('HOSTER_HETZNER_API') },
    localDockerSocket: pick('HOSTER_LOCAL_DOCKER_SOCKET'),
    sqliteBinding: pick('HOSTER_SQLITE_BINDING'),
  };
}
