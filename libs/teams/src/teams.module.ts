import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@gateway/audit';
import { BillingModule, BudgetSpendReader } from '@gateway/billing';
import { KeysModule } from '@gateway/keys';
import { UsageModule } from '@gateway/usage';
import { UsersModule } from '@gateway/users';
import { TeamMember } from './entities/team-member.entity';
import { Team } from './entities/team.entity';
import { TeamMembersController } from './team-members.controller';
import { TeamMembersRepository } from './team-members.repository';
import { TeamMembersService } from './team-members.service';
import { TeamsController } from './teams.controller';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Team, TeamMember]), UsersModule, BillingModule, KeysModule, UsageModule],
  controllers: [TeamMembersController, TeamsController],
  providers: [TeamMembersRepository, TeamMembersService, TeamsRepository, TeamsService, BudgetSpendReader],
  exports: [TeamMembersService, TeamsService],
})
export class TeamsModule {}
