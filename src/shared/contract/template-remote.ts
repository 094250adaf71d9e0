import { z } from 'zod';
import { method } from './define';
import { maxComposeBytes } from './template-model';

/** At most this many stack files are fetched or passed to one import. */
export const maxRemoteFiles = 50;

const remoteUrlSchema = z.url().max(2000);

/** A stack file of a Portainer list: its key (see `pendingStackSchema.url`) and its text, fetched or picked. */
export const remoteFileSchema = z.object({
  url: z.string().min(1).max(2000),
  text: z.string().max(maxComposeBytes),
});
export type RemoteFile = z.infer<typeof remoteFileSchema>;
export const remoteFilesSchema = z.array(remoteFileSchema).max(maxRemoteFiles);

export const templateRemoteMethods = {
  /**
   * Downloads stack files over https (bounded in size, time and redirects). Nothing is stored: the
   * files go back to the caller, who passes them to `templates:import` as `remoteFiles`.
   */
  'templates:fetch-remote': method(
    z.object({ urls: z.array(remoteUrlSchema).min(1).max(maxRemoteFiles) }),
    z.object({
      files: z.array(remoteFileSchema),
      failures: z.array(z.object({ url: z.string(), message: z.string() })),
    }),
  ),
};
