import { memberRef } from './team-members.component';

describe('memberRef', () => {
  it('names a user by id when given a UUID, else by email', () => {
    expect(memberRef(' 0b6f7c1e-8a0d-4c1e-9d3a-2f1e5c7b9a01 ')).toEqual({ userId: '0b6f7c1e-8a0d-4c1e-9d3a-2f1e5c7b9a01' });
    expect(memberRef('owner@example.com ')).toEqual({ email: 'owner@example.com' });
  });
});
