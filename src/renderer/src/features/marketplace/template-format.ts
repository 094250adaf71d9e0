import type { ValidationIssue } from '@shared/contract/template-model';

/** The price is what you bill a customer for the app, not what running it costs you. */
export const formatCustomerPrice = (cents: number): string =>
  cents === 0 ? 'Free' : `You charge $${(cents / 100).toFixed(2)}/mo`;

const categoryLabels: Record<string, string> = {
  web: 'Web Apps',
  development: 'Dev Tools',
  monitoring: 'Monitoring',
  automation: 'Automation',
  analytics: 'Analytics',
  database: 'Databases',
};

export const categoryLabel = (category: string): string =>
  categoryLabels[category] ?? category.charAt(0).toUpperCase() + category.slice(1);

export const formatMemory = (mb: number): string =>
  mb >= 1024 ? `${(mb / 1024).toFixed(mb % 1024 === 0 ? 0 : 1)} GB` : `${mb} MB`;

/** `line 4:7` where the YAML has a position, else the path (`services.web.image`). */
export const issueWhere = (issue: ValidationIssue): string =>
  issue.line === undefined
    ? issue.path || issue.file
    : `line ${issue.line}:${issue.column ?? 1}${issue.path ? ` (${issue.path})` : ''}`;

export const formatDate = (iso: string | null): string =>
  iso
    ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
    : '—';
