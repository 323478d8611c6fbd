import { FAILED, requestDetailSql, requestLogPageSql } from './request-log-sql';

describe('request log SQL', () => {
  it('picks a page newest first from usage_logs alone, after the cursor, before naming its rows', () => {
    const { text, params } = requestLogPageSql({ userId: 'u1', model: 'm' }, { at: '2026-03-01T12:00:00.123456Z', id: 'r9' }, 51);
    const where = 'l.user_id = $1::uuid AND l.model = $2 AND (l.created_at, l.request_id) < ($3::timestamptz, $4)';
    expect(text.replace(/\s+/g, ' ')).toContain(`FROM (SELECT * FROM usage_logs l WHERE ${where} ORDER BY l.created_at DESC, l.request_id DESC LIMIT 51) p`);
    expect(params).toEqual(['u1', 'm', '2026-03-01T12:00:00.123456Z', 'r9']);
  });

  it('writes status filters as literals (the failed one exactly as the partial index predicate)', () => {
    const where = (status: string) => /WHERE (.*?)\s+ORDER BY/s.exec(requestLogPageSql({ status }, null, 10).text)![1];
    expect(where('error')).toBe(FAILED);
    expect(where('ok')).toBe('l.status < 400 AND l.error IS NULL');
    expect(where('4xx')).toBe('l.status >= 400 AND l.status < 500');
    expect(where('429')).toBe('l.status = 429');
  });

  it('limits a non-admin detail to their own requests and the teams they own', () => {
    expect(requestDetailSql('r1', null).params).toEqual(['r1']);
    const mine = requestDetailSql('r1', 'u1');
    expect(mine.params).toEqual(['r1', 'u1']);
    expect(mine.text).toContain("p.user_id = $2 OR p.team_id IN (SELECT team_id FROM team_members WHERE user_id = $2 AND role = 'owner'))");
  });
});
