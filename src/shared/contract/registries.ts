import { z } from 'zod';
import { method } from './define';

/**
 * A login to a container registry, for pulling private images. The password (or access token)
 * lives only in the OS keychain (or the vault); the database keeps the host and the user name.
 */
export const registryLoginSchema = z.object({
  id: z.string(),
  /** As Docker names it in an image reference: `ghcr.io`, `registry.example.com:5000`, `docker.io`. */
  host: z.string(),
  username: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When a node last accepted these credentials, and which one; null when saved without a check. */
  verified: z.object({ at: z.string(), nodeId: z.string(), nodeName: z.string() }).nullable(),
});
export type RegistryLogin = z.infer<typeof registryLoginSchema>;

export const registriesMethods = {
  'registries:list': method(z.object({}), z.array(registryLoginSchema)),
  /**
   * Saves (or replaces) the login for a registry host. With `verifyOnNodeId`, that node's Docker
   * engine first logs in with it, and nothing is saved when the registry refuses.
   */
  'registries:save': method(
    z.object({
      host: z.string().trim().min(1, 'Type the registry, e.g. ghcr.io.').max(260),
      username: z.string().trim().min(1, 'Type the user name.').max(256),
      password: z.string().min(1, 'Type the password or access token.').max(16 * 1024),
      verifyOnNodeId: z.string().min(1).optional(),
    }),
    registryLoginSchema,
  ),
  'registries:delete': method(z.object({ id: z.string().min(1) }), z.object({ id: z.string() })),
};

export const registriesEvents = {
  'registries:changed': z.array(registryLoginSchema),
};
