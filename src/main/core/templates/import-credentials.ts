import type { TemplateManifestInput } from '@shared/contract/template-model';

type SecretInput = NonNullable<TemplateManifestInput['secrets']>[number];

/**
 * What an import makes of a name that holds a credential: a secret generated for each deployment
 * (the app's own password or key, in the format the app needs), or a password-type variable the
 * user types (a credential issued by another service, or a value the author left as a placeholder).
 */
export type CredentialDecision =
  | { role: 'generated'; secret: SecretInput; reason: string }
  | { role: 'typed'; reason: string };

/** Services whose keys, tokens and account passwords only their owner can give; matched against any word of the name. */
const PROVIDERS = new Set(
  (
    'OPENAI AZURE ANTHROPIC CLAUDE GOOGLE GEMINI VERTEX MISTRAL GROQ COHERE DEEPSEEK PERPLEXITY OPENROUTER ' +
    'HUGGINGFACE HF REPLICATE XAI DD DATADOG NEWRELIC SENTRY CLOUDFLARE CF DUCKDNS AWS S3 B2 BACKBLAZE WASABI ' +
    'DIGITALOCEAN LINODE HETZNER VULTR GANDI OVH PORKBUN NAMECHEAP GODADDY ROUTE53 DYNU NOIP GITHUB GH GITLAB ' +
    'MYJDOWNLOADER REALDEBRID ALLDEBRID PREMIUMIZE USENET NZB IGDB STEAM STEAMGRIDDB TWITCH ' +
    'SLACK DISCORD TELEGRAM TWILIO SENDGRID MAILGUN MAILJET POSTMARK BREVO RESEND STRIPE PAYPAL PLEX TRAKT ' +
    'TMDB TVDB SPOTIFY LASTFM YOUTUBE PUSHOVER PUSHBULLET TAILSCALE TS NGROK ZEROTIER BING BRAVE SERPAPI ' +
    'SERPER TAVILY JINA FIRECRAWL MAPBOX ALGOLIA FIREBASE AUTH0 OKTA FACEBOOK TWITTER MICROSOFT DROPBOX ' +
    'OPENVPN VPN WIREGUARD NORDVPN PIA MULLVAD PROTONVPN SURFSHARK SMTP MAIL EMAIL IMAP LDAP OAUTH OIDC'
  ).split(' '),
);

/** Kinds of credential that are issued elsewhere, whatever the provider is called. */
const ISSUED_ELSEWHERE: readonly [RegExp, string][] = [
  [/(?:^|_)LICEN[CS]E(?:_|$)/, 'A licence key'],
  [/(?:^|_)CLIENT_SECRET$/, "An OAuth client secret from the identity provider's console"],
  [/SECRET_ACCESS_KEY$|ACCESS_KEY_SECRET$/, 'A cloud access key'],
  [/(?:^|_)API_?(?:KEY|TOKEN|SECRET)$/, 'An API key of another service'],
  [/(?:^|_)(?:ACCESS|AUTH|BOT|TUNNEL|REGISTRATION)_?TOKEN$|^TOKEN$|AUTHKEY$/, 'A token of another service'],
  [/(?:^|_)(?:SETUP|ENROLL(?:MENT)?|JOIN)_KEY$/, "A setup key from the network's dashboard"],
];

/** Values an author writes to mean "put yours here". */
const PLACEHOLDER =
  /^(?:user[_-]?provided|change[_-]?(?:me|it|this)|replace[_-]?(?:me|this|it)|replace[_-]?with\b.*|(?:put[_ -])?your[_ -].*|.*[_ -]here|<[^>]*>|\[[^\]]*\]|x{3,}|\*{3,}|\.{3})$/i;
/** Names of keys, salts and signing secrets nobody types: a placeholder there means "generate one". */
const OWN_KEY = /SECRET|SALT|(?:^|_)IV$|(?:^|_)KEY(?:_|$)/;

/** Names whose format the app fixes, from the documentation of public templates. */
const KNOWN_FORMATS: readonly [RegExp, SecretInput, string][] = [
  [/(?:^|_)CREDS_KEY$/, { name: '', kind: 'hex', bytes: 32 }, 'the format LibreChat needs'],
  [/(?:^|_)CREDS_IV$/, { name: '', kind: 'hex', bytes: 16 }, 'the format LibreChat needs'],
  [/(?:^|_)SECRET_KEY_BASE$/, { name: '', kind: 'hex', bytes: 64 }, 'the length Rails asks for'],
  [/(?:^|_)JWT(?:_REFRESH)?_SECRET$/, { name: '', kind: 'hex', bytes: 32 }, 'the usual size of a signing key'],
  [/^(?:NEXT)?AUTH_SECRET$/, { name: '', kind: 'base64', bytes: 32 }, 'what `openssl rand -base64 32` makes'],
  [/^APP_KEY$/, { name: '', kind: 'password', length: 32 }, 'the length Laravel needs'],
  [/(?:^|_)SECRET_KEY$/, { name: '', kind: 'password', length: 50 }, 'a long signing key'],
];

const HEX = /^[0-9a-f]+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const clamp = (n: number, low: number, high: number): number => Math.min(high, Math.max(low, n));

/** The Laravel-style `base64:` prefix stays in the compose file, so the secret is the bare base64. */
export const BASE64_PREFIX = 'base64:';

/** The format the value given shows (hex, UUID, base64), or null when it is just a password. */
function formatOfValue(value: string): SecretInput | null {
  if (UUID.test(value)) return { name: '', kind: 'uuid' };
  if (HEX.test(value) && value.length >= 16 && value.length % 2 === 0)
    return { name: '', kind: 'hex', bytes: clamp(value.length / 2, 8, 256) };
  const padding = value.length - value.replace(/=+$/, '').length;
  if (BASE64.test(value) && value.length % 4 === 0 && /[+/=]/.test(value) && value.length >= 12)
    return { name: '', kind: 'base64', bytes: clamp((value.length / 4) * 3 - padding, 8, 256) };
  return null;
}

const describeFormat = (secret: SecretInput): string => {
  switch (secret.kind) {
    case 'hex':
      return `${(secret.bytes ?? 32) * 2} hex characters (${secret.bytes ?? 32} random bytes)`;
    case 'base64':
      return `base64 of ${secret.bytes ?? 32} random bytes`;
    case 'uuid':
      return 'a random UUID';
    case 'password':
      return `${secret.length ?? 32} random letters and digits`;
  }
};

/** A value that still carries a `base64:` prefix lost its place for it, so only the name can tell the format. */
function generated(name: string, value: string | undefined): CredentialDecision {
  const given = value === undefined || value.startsWith(BASE64_PREFIX) ? null : formatOfValue(value);
  const known = KNOWN_FORMATS.find(([pattern]) => pattern.test(name.toUpperCase()));
  let format: SecretInput;
  let basis: string;
  if (given !== null) [format, basis] = [given, 'like the value written in the file'];
  else if (known !== undefined) [format, basis] = [known[1], known[2]];
  else if (value === undefined) [format, basis] = [{ name: '', kind: 'password', length: 32 }, 'a safe length'];
  else {
    const length = clamp(Math.max(32, value.length), 12, 128);
    [format, basis] = [{ name: '', kind: 'password', length }, 'at least as long as the value written in the file'];
  }
  const secret = { ...format, name };
  return {
    role: 'generated',
    secret,
    reason: `The app's own secret, generated for each deployment as ${describeFormat(secret)}, ${basis}; you can change its format in the template editor.`,
  };
}

const typed = (what: string): CredentialDecision => ({
  role: 'typed',
  reason: `${what} — you type it when you deploy; it is kept in the keychain, never generated.`,
});

export const isPlaceholder = (value: string): boolean =>
  value.trim() === '' || PLACEHOLDER.test(value.trim());

/**
 * A value the file writes for two credentials (a database's password and its client's key) wires
 * its own services together: it is generated once, whatever the names suggest.
 */
export function wiredCredential(name: string, value: string | undefined): CredentialDecision {
  const decision = generated(name, value);
  return {
    ...decision,
    reason: `The file writes the same value for this and another service of its own, so it is one secret ${decision.reason.replace(/^The app's own secret, /, '')}`,
  };
}

/** Decides how a credential-looking name is filled; `value` is what the file wrote for it, if anything. */
export function decideCredential(name: string, value: string | undefined): CredentialDecision {
  const upper = name.toUpperCase();
  const issued = ISSUED_ELSEWHERE.find(([pattern]) => pattern.test(upper));
  if (issued !== undefined) return typed(issued[1]);
  const provider = upper.split(/_+/).find((word) => PROVIDERS.has(word));
  if (provider !== undefined) return typed(`A credential for another service (${provider})`);
  const placeholder = value !== undefined && isPlaceholder(value);
  if (!placeholder) return generated(name, value);
  if (OWN_KEY.test(upper)) return generated(name, undefined);
  return typed(
    value.trim() === ''
      ? 'The file leaves this password empty for you to fill'
      : `The file holds only the placeholder "${value.trim()}"`,
  );
}

/** The command an app's own description gives to make the value: `openssl rand -hex 32`, `-base64 32`. */
export const OPENSSL_COMMAND = /openssl\s+rand\s+-(hex|base64)\s+(\d{1,3})\b/i;

/** The format a description asks for, or null: it makes the value with `openssl rand`. */
export function formatFromDescription(secret: SecretInput, description: string): SecretInput | null {
  const match = OPENSSL_COMMAND.exec(description);
  if (!match) return null;
  const kind = match[1]?.toLowerCase() === 'hex' ? 'hex' : 'base64';
  const bytes = clamp(Number(match[2]), 8, 256);
  if (secret.kind === kind && secret.bytes === bytes) return null;
  return {
    name: secret.name,
    ...(secret.description === undefined ? {} : { description: secret.description }),
    kind,
    bytes,
  };
}
