export * from './entities/team-member.entity';
export * from './entities/team.entity';
