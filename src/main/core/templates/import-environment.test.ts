import { describe, expect, it } from 'vitest';
import { importedCompose } from './test-support';

const imported = importedCompose;

describe('inferVariables: credentials that wire services of the same file', () => {
  it("gives WeKnora's MinIO and its client one generated password, and leaves the key id a name", () => {
    const { manifest, compose } = imported(
      [
        'services:',
        '  app:',
        '    image: example/weknora:1.0',
        '    environment:',
        '      - MINIO_ACCESS_KEY_ID=minioadmin',
        '      - MINIO_SECRET_ACCESS_KEY=minioadmin',
        '  minio:',
        '    image: minio/minio:latest',
        '    environment:',
        '      - MINIO_ROOT_USER=minioadmin',
        '      - MINIO_ROOT_PASSWORD=minioadmin',
        '',
      ].join('\n'),
    );
    expect(manifest.variables).toEqual([]);
    expect(manifest.secrets).toEqual([{ name: 'MINIO_ROOT_PASSWORD', kind: 'password', length: 32 }]);
    expect(compose).toContain('MINIO_ACCESS_KEY_ID=minioadmin');
    expect(compose).toContain('MINIO_SECRET_ACCESS_KEY=${MINIO_ROOT_PASSWORD}');
    expect(compose).toContain('MINIO_ROOT_PASSWORD=${MINIO_ROOT_PASSWORD}');
  });

  it("generates Dify's sandbox key once, for the API and the sandbox, and keeps its user list", () => {
    const { manifest, compose } = imported(
      [
        'services:',
        '  api:',
        '    image: langgenius/dify-api:1.0',
        '    environment:',
        '      CODE_EXECUTION_API_KEY: dify-sandbox',
        '  sandbox:',
        '    image: langgenius/dify-sandbox:0.2',
        '    environment:',
        '      API_KEY: dify-sandbox',
        '  weaviate:',
        '    image: semitechnologies/weaviate:1.19',
        '    environment:',
        '      AUTHENTICATION_APIKEY_USERS: hello@dify.ai',
        '',
      ].join('\n'),
    );
    expect(manifest.variables).toEqual([]);
    expect(manifest.secrets).toEqual([{ name: 'CODE_EXECUTION_API_KEY', kind: 'password', length: 32 }]);
    expect(compose).toContain('API_KEY: ${CODE_EXECUTION_API_KEY}');
    expect(compose).toContain('AUTHENTICATION_APIKEY_USERS: hello@dify.ai');
  });
});

describe('inferVariables: a token also written under a plain key', () => {
  it("generates Dify's Weaviate key once and writes it into Weaviate's allow-list too", () => {
    const token = 'WVF5YThaHlkYwhGUSmCRgsX3tD5ngdN8pkih';
    const { manifest, compose } = imported(
      [
        'services:',
        '  api:',
        '    image: langgenius/dify-api:1.0',
        '    environment:',
        `      WEAVIATE_API_KEY: ${token}`,
        '  weaviate:',
        '    image: semitechnologies/weaviate:1.19',
        '    environment:',
        `      - AUTHENTICATION_APIKEY_ALLOWED_KEYS=${token}`,
        '      - AUTHENTICATION_APIKEY_USERS=hello@dify.ai',
        '',
      ].join('\n'),
    );
    expect(manifest.variables).toEqual([]);
    expect(manifest.secrets).toEqual([{ name: 'WEAVIATE_API_KEY', kind: 'password', length: 36 }]);
    expect(compose).not.toContain(token);
    expect(compose).toContain('AUTHENTICATION_APIKEY_ALLOWED_KEYS=${WEAVIATE_API_KEY}');
    expect(compose).toContain('AUTHENTICATION_APIKEY_USERS=hello@dify.ai');
  });
});

describe('inferVariables: placeholders are never wiring', () => {
  it('still asks for each user_provided key on its own', () => {
    const { manifest } = imported(
      [
        'services:',
        '  api:',
        '    image: example/api:1.0',
        '    environment:',
        '      OPENAI_API_KEY: user_provided',
        '      ANTHROPIC_API_KEY: user_provided',
        '',
      ].join('\n'),
    );
    expect(manifest.variables.map((v) => v.name)).toEqual(['OPENAI_API_KEY', 'ANTHROPIC_API_KEY']);
    expect(manifest.secrets).toEqual([]);
  });
});

describe('inferVariables: a generated password used again in URLs and commands', () => {
  it("gives TaskingAI's connection URLs, Redis command and health check the generated password", () => {
    const { manifest, compose } = imported(
      [
        'services:',
        '  server:',
        '    image: taskingai/taskingai-server:v0.3.0',
        '    environment:',
        '      POSTGRES_URL: postgres://postgres:TaskingAI321@db:5432/taskingai',
        '      REDIS_URL: redis://:TaskingAI321@cache:6379/0',
        '  db:',
        '    image: postgres:14',
        '    environment:',
        '      POSTGRES_USER: postgres',
        '      POSTGRES_PASSWORD: TaskingAI321',
        '  cache:',
        '    image: redis:7',
        '    command: ["redis-server", "--requirepass", "TaskingAI321"]',
        '    healthcheck:',
        '      test: ["CMD", "redis-cli", "auth", "TaskingAI321", "ping"]',
        '  other:',
        '    image: redis:7',
        '    command: redis-server --requirepass TaskingAI321 --maxmemory 128mb',
        '',
      ].join('\n'),
    );
    expect(manifest.secrets.map((s) => s.name)).toEqual(['POSTGRES_PASSWORD']);
    expect(compose).not.toContain('TaskingAI321');
    expect(compose).toContain('POSTGRES_URL: postgres://postgres:${POSTGRES_PASSWORD}@db:5432/taskingai');
    expect(compose).toContain('REDIS_URL: redis://:${POSTGRES_PASSWORD}@cache:6379/0');
    expect(compose).toContain('command: redis-server --requirepass ${POSTGRES_PASSWORD} --maxmemory 128mb');
  });

  it('keeps a user name that equals the password, in a URL and after -U (Teable)', () => {
    const { compose } = imported(
      [
        'services:',
        '  app:',
        '    image: example/app:1',
        '    environment:',
        '      DATABASE_URL: postgres://example:example@db:5432/app',
        '  db:',
        '    image: postgres:16',
        '    environment:',
        '      POSTGRES_USER: example',
        '      POSTGRES_PASSWORD: example',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "pg_isready -U example -d app"]',
        '',
      ].join('\n'),
    );
    expect(compose).toContain('DATABASE_URL: postgres://example:${POSTGRES_PASSWORD}@db:5432/app');
    expect(compose).toContain('pg_isready -U example -d app');
  });
});
