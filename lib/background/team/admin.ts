import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { DiscardPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { CONFIG_KEY, teamNames, type TeamNames } from '../../shared/team/names';
import { DEFAULT_TEAM_CONFIG, encodeJson, type TeamConfig } from '../../shared/team/values';

// Creating a team's bucket and stream: `npm run team -- init` (scripts/team.mjs) and, when the agent's credentials
// allow it, Carebar itself on first connect. Existing ones are left as they are (only the missing part is made).

export interface TeamSetup {
  replicas?: number;
  /** How long the stream keeps events and the bucket keeps item values (the team's retention). */
  retentionDays?: number;
  /** How long the stream recognises a repeated msgID (retries after a timeout). */
  duplicateWindowMs?: number;
  config?: TeamConfig;
}

export const DEFAULT_RETENTION_DAYS = 90;

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: number }).code;
  return code === 10059 || /stream not found/i.test(String((err as Error)?.message));
}

async function streamExists(jsm: JetStreamManager, name: string): Promise<boolean> {
  try {
    await jsm.streams.info(name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export interface EnsureResult {
  names: TeamNames;
  created: string[];
  missing: string[];
}

/**
 * Makes sure the team's bucket, stream and config key exist. With `create: false` only reports what is missing.
 * Errors other than "not found" (permissions, no JetStream) are thrown.
 */
export async function ensureTeam(nc: NatsConnection, team: string, create: boolean, setup: TeamSetup = {}): Promise<EnsureResult> {
  const names = teamNames(team);
  const jsm = await jetstreamManager(nc, { timeout: 5000 });
  const replicas = setup.replicas ?? 1;
  const maxAgeMs = (setup.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400_000;
  const created: string[] = [];
  const missing: string[] = [];
  if (!(await streamExists(jsm, names.bucketStream))) {
    if (!create) missing.push(names.bucket);
    else {
      const kv = await new Kvm(jetstream(nc, { timeout: 5000 })).create(names.bucket, {
        history: 1,
        replicas,
        ttl: maxAgeMs,
        description: `Carebar team ${team}: one key per item (claims, state, first response)`,
      });
      await kv.create(CONFIG_KEY, encodeJson(setup.config ?? DEFAULT_TEAM_CONFIG)).catch(() => {});
      created.push(names.bucket);
    }
  }
  if (!(await streamExists(jsm, names.eventStream))) {
    if (!create) missing.push(names.eventStream);
    else {
      await jsm.streams.add({
        name: names.eventStream,
        description: `Carebar team ${team}: events (append-only, msgID-deduplicated)`,
        subjects: [names.eventSubjects],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        num_replicas: replicas,
        max_age: nanos(maxAgeMs),
        duplicate_window: nanos(setup.duplicateWindowMs ?? 3_600_000),
      });
      created.push(names.eventStream);
    }
  }
  return { names, created, missing };
}

export async function openBucket(nc: NatsConnection, team: string, timeoutMs = 5000): Promise<KV> {
  return new Kvm(jetstream(nc, { timeout: timeoutMs })).open(teamNames(team).bucket);
}

/** Writes the team's settings key (supervisors and `npm run team -- config`). */
export async function writeTeamConfig(nc: NatsConnection, team: string, config: TeamConfig): Promise<number> {
  const kv = await openBucket(nc, team);
  return kv.put(CONFIG_KEY, encodeJson(config));
}
