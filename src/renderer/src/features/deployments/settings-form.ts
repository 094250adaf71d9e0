import {
  ENV_NAME,
  ENV_NAME_RULE,
  MAX_REPLICAS,
  MIN_MEMORY_MB,
  type DeploymentSettings,
  type DeploymentSettingsInput,
  type ServiceFacts,
} from '@shared/contract/deployment-settings';

/** One extra environment row as typed: `replaces` is the user's yes to replacing the template's value. */
export interface EnvRow {
  key: number;
  name: string;
  value: string;
  replaces: boolean;
}

/** One service's settings as the form holds them: numbers as typed, blank meaning "the default". */
export interface ServiceForm {
  env: EnvRow[];
  cpuCores: string;
  memoryMb: string;
  replicas: string;
}

export type SettingsForm = Record<string, ServiceForm>;

let nextKey = 0;
export const newEnvRow = (): EnvRow => ({ key: nextKey++, name: '', value: '', replaces: false });

/** The form for the settings a revision runs with. */
export function formOf(facts: readonly ServiceFacts[], settings: DeploymentSettings): SettingsForm {
  return Object.fromEntries(
    facts.map((service) => {
      const own = settings.services[service.name];
      const env = Object.entries(own?.environment ?? {}).map(([name, value]) => ({
        ...newEnvRow(),
        name,
        value,
        replaces: own?.replaces.includes(name) ?? false,
      }));
      return [
        service.name,
        {
          env,
          cpuCores: own?.cpuCores === null || own === undefined ? '' : String(own.cpuCores),
          memoryMb: own?.memoryMb === null || own === undefined ? '' : String(own.memoryMb),
          replicas: String(own?.replicas ?? 1),
        },
      ];
    }),
  );
}

const NUMBER = /^\d+(?:\.\d+)?$/;

function envErrors(service: ServiceFacts, form: ServiceForm, errors: Record<string, string>): void {
  const seen = new Set<string>();
  for (const row of form.env) {
    const at = `${service.name}.env.${row.key}`;
    const name = row.name.trim();
    if (name === '') errors[at] = 'Give the variable a name, or remove the row.';
    else if (!ENV_NAME.test(name)) errors[at] = `${name}: ${ENV_NAME_RULE}.`;
    else if (seen.has(name)) errors[at] = `${name} is set twice for ${service.name}.`;
    else if (service.environmentNames.includes(name) && !row.replaces)
      errors[at] =
        `The template sets ${name} for ${service.name}; tick "replace the template's value" to change it.`;
    seen.add(name);
  }
}

function numberErrors(service: ServiceFacts, form: ServiceForm, errors: Record<string, string>): void {
  const at = (field: string) => `${service.name}.${field}`;
  if (form.cpuCores !== '' && (!NUMBER.test(form.cpuCores) || Number(form.cpuCores) <= 0))
    errors[at('cpuCores')] = 'CPU cores must be a number above 0, such as 0.5.';
  if (form.memoryMb !== '' && (!/^\d+$/.test(form.memoryMb) || Number(form.memoryMb) < MIN_MEMORY_MB))
    errors[at('memoryMb')] = `Memory must be a whole number of MB, at least ${MIN_MEMORY_MB}.`;
  const replicas = Number(form.replicas);
  if (!/^\d+$/.test(form.replicas) || replicas < 1 || replicas > MAX_REPLICAS)
    errors[at('replicas')] = `Replicas must be a whole number from 1 to ${MAX_REPLICAS}.`;
  else if (replicas > 1 && service.scaleRefusal)
    errors[at('replicas')] = `Cannot scale: ${service.scaleRefusal}.`;
}

/** Problems by field (`<service>.env.<row key>`, `<service>.cpuCores`, …): the core's checks, before it is asked. */
export function formErrors(facts: readonly ServiceFacts[], form: SettingsForm): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const service of facts) {
    const own = form[service.name];
    if (!own) continue;
    envErrors(service, own, errors);
    numberErrors(service, own, errors);
  }
  return errors;
}

/** What the core is sent: every service the form holds, blanks as "the default". */
export function settingsOf(form: SettingsForm): DeploymentSettingsInput {
  return {
    services: Object.fromEntries(
      Object.entries(form).map(([name, service]) => [
        name,
        {
          environment: Object.fromEntries(service.env.map((row) => [row.name.trim(), row.value])),
          replaces: service.env.filter((row) => row.replaces).map((row) => row.name.trim()),
          cpuCores: service.cpuCores === '' ? null : Number(service.cpuCores),
          memoryMb: service.memoryMb === '' ? null : Number(service.memoryMb),
          replicas: Number(service.replicas),
        },
      ]),
    ),
  };
}

/** A core refusal's field (`settings.services.web.replicas`, `…environment.NAME`) as the form's field, if it has one. */
export function formFieldOf(form: SettingsForm, field: string | undefined): string | null {
  const match = /^settings\.services\.([^.]+)\.(replicas|cpuCores|memoryMb|environment\.(.+))$/.exec(
    field ?? '',
  );
  if (!match?.[1] || !match[2]) return null;
  const [, service, rest, envName] = match;
  if (envName === undefined) return `${service}.${rest}`;
  const row = form[service]?.env.find((r) => r.name.trim() === envName);
  return row ? `${service}.env.${row.key}` : null;
}
