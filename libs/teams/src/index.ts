export * from './entities/team-member.entity';
export * from './entities/team.entity';
export * from './team-members.service';
export * from './teams.module';
export * from './teams.service';
