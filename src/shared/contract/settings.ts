import { z } from 'zod';
import { method } from './define';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

const appearanceSchema = z.object({ theme: themeSchema.default('system') });
const workersFields = { nodeHealthSeconds: z.number().int().min(5).max(3600) };
const workersSchema = z.object({ nodeHealthSeconds: workersFields.nodeHealthSeconds.default(30) });

const deploymentsFields = {
  /** How long containers may take to pass their healthchecks before a deploy counts as failed. */
  healthTimeoutSeconds: z.number().int().min(5).max(3600),
  /** How long a container without a healthcheck must stay up, without restarting, to count as running. */
  stableSeconds: z.number().int().min(1).max(600),
};
const deploymentsSchema = z.object({
  healthTimeoutSeconds: deploymentsFields.healthTimeoutSeconds.default(180),
  stableSeconds: deploymentsFields.stableSeconds.default(5),
});

const billingFields = {
  /** The currency node costs are paid in; only revenue in it is compared with them. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD.'),
  invoiceIntervalHours: z.number().int().min(1).max(168),
  paymentCheckSeconds: z.number().int().min(10).max(3600),
  /** Printed at the top of every invoice: your name and address. */
  issuerName: z.string().max(200),
  issuerDetails: z.string().max(2000),
};
const billingSchema = z.object({
  currency: billingFields.currency.default('USD'),
  invoiceIntervalHours: billingFields.invoiceIntervalHours.default(24),
  paymentCheckSeconds: billingFields.paymentCheckSeconds.default(60),
  issuerName: billingFields.issuerName.default(''),
  issuerDetails: billingFields.issuerDetails.default(''),
});

const monitoringFields = {
  /** What is on screen is sampled this often; everything else at the background interval. */
  focusedStatsSeconds: z.number().int().min(2).max(60),
  backgroundStatsSeconds: z.number().int().min(15).max(3600),
  focusedLogsSeconds: z.number().int().min(1).max(60),
  backgroundLogsSeconds: z.number().int().min(10).max(3600),
  /** Stats tiers: every sample, then 1-minute and 1-hour averages, each kept this long. */
  rawRetentionHours: z.number().int().min(1).max(168),
  minuteRetentionDays: z.number().int().min(1).max(90),
  hourRetentionDays: z.number().int().min(7).max(730),
  /** Logs kept per deployment: the oldest lines go first past either limit. */
  logMegabytesPerDeployment: z.number().int().min(1).max(10_240),
  logRetentionDays: z.number().int().min(1).max(365),
  eventRetentionDays: z.number().int().min(1).max(730),
  /** On battery or with the window hidden for a while: stats as usual, slower, or paused (logs still collected). */
  awaySampling: z.enum(['normal', 'slower', 'paused']),
  /** All monitoring data of the fleet at most: past it, the oldest log lines fleet-wide go first. */
  dataBudgetMegabytes: z
    .number()
    .int()
    .min(100, { message: 'Give monitoring data at least 100 MB.' })
    .max(1_048_576, { message: 'Give monitoring data at most 1,048,576 MB (1 TiB).' }),
};
const monitoringSchema = z.object({
  focusedStatsSeconds: monitoringFields.focusedStatsSeconds.default(5),
  backgroundStatsSeconds: monitoringFields.backgroundStatsSeconds.default(60),
  focusedLogsSeconds: monitoringFields.focusedLogsSeconds.default(2),
  backgroundLogsSeconds: monitoringFields.backgroundLogsSeconds.default(60),
  rawRetentionHours: monitoringFields.rawRetentionHours.default(24),
  minuteRetentionDays: monitoringFields.minuteRetentionDays.default(7),
  hourRetentionDays: monitoringFields.hourRetentionDays.default(90),
  logMegabytesPerDeployment: monitoringFields.logMegabytesPerDeployment.default(100),
  logRetentionDays: monitoringFields.logRetentionDays.default(30),
  eventRetentionDays: monitoringFields.eventRetentionDays.default(90),
  awaySampling: monitoringFields.awaySampling.default('slower'),
  dataBudgetMegabytes: monitoringFields.dataBudgetMegabytes.default(2048),
});

const domainsFields = {
  /** The ACME CA that issues certificates (Let's Encrypt by default; a private CA's directory URL works too). */
  acmeDirectory: z.url({
    message: 'Type the ACME directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory.',
  }),
  /** Given to the CA for expiry notices; optional. */
  acmeEmail: z.union([z.literal(''), z.email({ message: 'Type an email address, or leave it empty.' })]),
  /** PEM of a CA the ACME directory's own HTTPS certificate chains to, for a private CA; empty for a public one. */
  acmeTrustedRootPem: z.string().max(64 * 1024),
  /** The public DNS resolver the domain check asks besides this computer's own (host or host:port). */
  dnsResolver: z.string().trim().min(1).max(260),
  /** The proxy's image; pinned by digest once a node has pulled it. */
  proxyImage: z.string().trim().min(1).max(512),
  /** The address the proxy listens on (80 and 443); empty for every address of the node. */
  proxyListenAddress: z.union([z.literal(''), z.ipv4(), z.ipv6()]),
};
const domainsSchema = z.object({
  acmeDirectory: domainsFields.acmeDirectory.default('https://acme-v02.api.letsencrypt.org/directory'),
  acmeEmail: domainsFields.acmeEmail.default(''),
  acmeTrustedRootPem: domainsFields.acmeTrustedRootPem.default(''),
  dnsResolver: domainsFields.dnsResolver.default('1.1.1.1'),
  proxyImage: domainsFields.proxyImage.default('caddy:2'),
  proxyListenAddress: domainsFields.proxyListenAddress.default(''),
});

const desktopFields = {
  /** Closing the window hides it: monitoring, alerts and backups go on, the app stays in the tray. */
  keepInBackground: z.boolean(),
  /** The installed app starts (in the tray, without a window) when the user logs in. */
  startAtLogin: z.boolean(),
};
const desktopSchema = z.object({
  keepInBackground: desktopFields.keepInBackground.default(true),
  startAtLogin: desktopFields.startAtLogin.default(true),
});

const homeFields = {
  /** The first-run checklist on Home was put away with "Hide checklist" before every step was done. */
  isChecklistHidden: z.boolean(),
};
const homeSchema = z.object({ isChecklistHidden: homeFields.isChecklistHidden.default(false) });

/** One schema for every setting; `prefault` fills a missing section from its own defaults. */
export const settingsSchema = z.object({
  appearance: appearanceSchema.prefault({}),
  workers: workersSchema.prefault({}),
  billing: billingSchema.prefault({}),
  deployments: deploymentsSchema.prefault({}),
  monitoring: monitoringSchema.prefault({}),
  domains: domainsSchema.prefault({}),
  desktop: desktopSchema.prefault({}),
  home: homeSchema.prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.object({
  appearance: z.object({ theme: themeSchema }).partial().optional(),
  workers: z.object(workersFields).partial().optional(),
  deployments: z.object(deploymentsFields).partial().optional(),
  // Not billingSchema.partial(): zod 4 fills defaults inside partial(), which would reset the fields left out.
  billing: z.object(billingFields).partial().optional(),
  monitoring: z.object(monitoringFields).partial().optional(),
  domains: z.object(domainsFields).partial().optional(),
  desktop: z.object(desktopFields).partial().optional(),
  home: z.object(homeFields).partial().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const settingsMethods = {
  'settings:get': method(z.object({}), settingsSchema),
  'settings:update': method(settingsPatchSchema, settingsSchema),
};
