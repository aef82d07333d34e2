#!/usr/bin/env node
import { loadConfig, type Config } from '../config.js';
import { startServer, startWorker, firstStartMessage } from '../main.js';
import { formatDsn } from '../protocol/dsn.js';
import { backupSqlite } from '../storage/backup.js';
import { openDatabase } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { addMember, findOrganizationBySlug } from '../storage/organizations.js';
import { createProject } from '../storage/projects.js';
import { createApiToken, createUser, findUserByEmail } from '../storage/users.js';
import { parseArgs, type ParsedArgs } from './args.js';

const USAGE = `usage: faultline <command> [--json]
  serve                                   start the server (SQLite in FAULTLINE_DATA_DIR unless DATABASE_URL is set)
  worker                                  digest only, no HTTP: pair with a serve started with FAULTLINE_WORKER=off
  migrate                                 apply database migrations and exit
  backup --out DIR                        consistent copy of the SQLite database and intake spool (safe while running)
  user create --email E --password P [--superuser]
  token create --email E [--scopes "org:read project:read …"] [--name N]
  project create --org SLUG --name NAME [--platform P]
  member add --org SLUG --email E --role owner|admin|member`;

const DEFAULT_SCOPES = [
  'org:read',
  'project:read',
  'project:write',
  'project:releases',
  'team:read',
  'event:read',
  'event:write',
];

class UsageError extends Error {}

function required(args: ParsedArgs, name: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

function print(json: boolean, data: Record<string, unknown>, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
}

async function withDatabase<T>(
  config: Config,
  fn: (db: ReturnType<typeof openDatabase>) => Promise<T>,
): Promise<T> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrateToLatest(database);
    return await fn(database);
  } finally {
    await database.db.destroy();
  }
}

async function serve(config: Config): Promise<void> {
  const server = await startServer(config);
  for (const line of await firstStartMessage(config, server)) process.stdout.write(`${line}\n`);
  const shutdown = (signal: string) => {
    process.stdout.write(`${signal}: draining and stopping\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function worker(config: Config): Promise<void> {
  const running = await startWorker(config);
  process.stdout.write(
    `Faultline worker is digesting ${config.intakePath}\n  storage: ${running.database.location}\n`,
  );
  const shutdown = (signal: string) => {
    process.stdout.write(`${signal}: finishing the batch in hand and stopping\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function run(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const json = args.flags.json === true;
  const [command, sub] = args.words;
  const config = loadConfig();

  if (command === 'serve') return serve(config);
  if (command === 'worker') return worker(config);
  if (command === 'migrate') {
    const applied = await withDatabase(config, async () => []);
    return print(json, { ok: true, applied }, 'migrations are up to date');
  }
  if (command === 'backup') {
    if (config.databaseUrl)
      throw new UsageError('backup copies the embedded SQLite files; for PostgreSQL use pg_dump');
    const files = await backupSqlite(config.dataDir, required(args, 'out'));
    return print(json, { files }, `backed up:\n${files.join('\n')}`);
  }
  if (command === 'user' && sub === 'create') {
    const user = await withDatabase(config, (d) =>
      createUser(d.db, {
        email: required(args, 'email'),
        password: required(args, 'password'),
        superuser: args.flags.superuser === true,
      }),
    );
    return print(json, user, `created user ${user.email} (id ${user.id})`);
  }
  if (command === 'token' && sub === 'create') {
    const email = required(args, 'email');
    const scopesFlag = args.flags.scopes;
    const scopes =
      typeof scopesFlag === 'string' ? scopesFlag.split(/[\s,]+/).filter(Boolean) : DEFAULT_SCOPES;
    const token = await withDatabase(config, async (d) => {
      const user = await findUserByEmail(d.db, email);
      if (!user) throw new UsageError(`no user with email ${email}`);
      const name = typeof args.flags.name === 'string' ? args.flags.name : undefined;
      return createApiToken(d.db, { userId: user.id, scopes, ...(name ? { name } : {}) });
    });
    return print(json, { token: token.token, scopes }, `${token.token}\n(shown once: store it now)`);
  }
  if (command === 'project' && sub === 'create') {
    const platform = typeof args.flags.platform === 'string' ? args.flags.platform : undefined;
    const { project, key } = await withDatabase(config, (d) =>
      createProject(d.db, {
        organizationSlug: required(args, 'org'),
        name: required(args, 'name'),
        platform,
      }),
    );
    const dsn = formatDsn(config.publicUrl, key.publicKey, String(project.id));
    return print(
      json,
      {
        id: String(project.id),
        slug: project.slug,
        name: project.name,
        organization: project.organizationSlug,
        platform,
        dsn,
      },
      `created project ${project.organizationSlug}/${project.slug} (id ${project.id})\nDSN: ${dsn}`,
    );
  }
  if (command === 'member' && sub === 'add') {
    const [orgSlug, email, role] = [required(args, 'org'), required(args, 'email'), required(args, 'role')];
    if (!['owner', 'admin', 'member'].includes(role))
      throw new UsageError('--role must be owner, admin or member');
    const member = await withDatabase(config, async (d) => {
      const org = await findOrganizationBySlug(d.db, orgSlug);
      if (!org) throw new UsageError(`no organization ${orgSlug}`);
      const user = await findUserByEmail(d.db, email);
      if (!user) throw new UsageError(`no user with email ${email}`);
      await addMember(d.db, org.id, user.id, role);
      return { organization: org.slug, email: user.email, userId: user.id, role };
    });
    return print(json, member, `${member.email} is now ${role} of ${member.organization}`);
  }
  throw new UsageError(
    command ? `unknown command: ${[command, sub].filter(Boolean).join(' ')}` : 'no command given',
  );
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`faultline: ${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`faultline: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
