import type { AuditRecordView } from '@gateway/contracts';
import type { DataSource } from 'typeorm';

/**
 * Names the actors of a page of records (the user's email, the key's name and prefix, as they
 * are now), so a reader need not look the ids up one by one. Two indexed lookups per page.
 */
export async function withActors(db: DataSource, views: AuditRecordView[]): Promise<AuditRecordView[]> {
  const userIds = [...new Set(views.flatMap((v) => (v.actorUserId ? [v.actorUserId] : [])))];
  const keyIds = [...new Set(views.flatMap((v) => (v.actorKeyId ? [v.actorKeyId] : [])))];
  const [users, keys] = await Promise.all([
    userIds.length ? db.query('SELECT id, email FROM users WHERE id = ANY($1::uuid[])', [userIds]) : [],
    keyIds.length ? db.query('SELECT id, name, prefix FROM api_keys WHERE id = ANY($1::uuid[])', [keyIds]) : [],
  ]);
  const emails = new Map<string, string>(users.map((u: { id: string; email: string }) => [u.id, u.email]));
  type Key = { id: string; name: string; prefix: string };
  const keyById = new Map<string, Key>(keys.map((k: Key) => [k.id, k]));
  return views.map((v) => {
    const key = v.actorKeyId ? keyById.get(v.actorKeyId) : undefined;
    return {
      ...v,
      actorEmail: (v.actorUserId && emails.get(v.actorUserId)) || null,
      actorKeyName: key?.name ?? null,
      actorKeyPrefix: key?.prefix ?? null,
    };
  });
}
