import { AuditRecord } from '@gateway/audit';
import { OidcLoginCode, OidcLoginState, RefreshToken, SsoSettings } from '@gateway/auth';
import { BudgetSpend, LedgerEntry, Notification } from '@gateway/billing';
import { ApiKey } from '@gateway/keys';
import { Model } from '@gateway/models';
import { Provider, ProviderHealthCheck } from '@gateway/providers';
import { Team, TeamMember } from '@gateway/teams';
import { ExternalTool } from '@gateway/tools';
import { UsageAggregatedDay, UsageDaily, UsageLog } from '@gateway/usage';
import { User } from '@gateway/users';
import { Webhook, WebhookDelivery } from '@gateway/webhooks';

/** Every entity the gateway persists: the data source, the migration CLI and the drift check use this list. */
export const ENTITIES = [ApiKey, AuditRecord, BudgetSpend, ExternalTool, LedgerEntry, Notification, Model, OidcLoginCode, OidcLoginState, Provider, ProviderHealthCheck, RefreshToken, SsoSettings, Team, TeamMember, UsageAggregatedDay, UsageDaily, UsageLog, User, Webhook, WebhookDelivery];
