import { Controller, Get, Param, Query } from '@nestjs/common';
import { AccountDetail, AccountsPage } from '@lead-scoring/contracts';
import { ACCOUNT_SORTS, AccountStore, LeadRepository, toLeadView } from '@lead-scoring/persistence';
import { ApiError, RequiresKey } from '@lead-scoring/runtime';
import { parseChoice, parseLimit, parseOptionalText } from '../leads/query-params';
import { encodeAccountCursor, parseAccountCursor } from './account-cursors';

const LIST_LIMIT = { fallback: 50, max: 200 };
/** Leads an account's detail carries, best first: its leads beyond these are in `GET /api/leads?company=`. */
const DETAIL_LEADS = 200;

/** Accounts (the leads of one company) from their Redis read model, which scoring writes atomically. */
@Controller('api/accounts')
@RequiresKey('admin')
export class AccountsController {
  constructor(
    private readonly accounts: AccountStore,
    private readonly leads: LeadRepository,
  ) {}

  /** Accounts in `sort` order, one keyset page at a time; `total` counts every account. */
  @Get()
  async index(@Query() query: Record<string, unknown>): Promise<AccountsPage> {
    const sort = parseChoice('sort', query['sort'], ACCOUNT_SORTS, '-score');
    const limit = parseLimit(parseOptionalText('limit', query['limit']), LIST_LIMIT);
    const cursor = parseAccountCursor(query['cursor'], sort);
    const page = await this.accounts.page(sort, limit, cursor);
    return { items: page.items, next_cursor: page.next ? encodeAccountCursor(page.next) : null, total: page.total };
  }

  /**
   * An account with its best leads (ids from the account's sorted set, documents from MongoDB by public id: an
   * indexed lookup, where a filter on company would scan the leads on FerretDB) and its score over time.
   */
  @Get(':account')
  async detail(@Param('account') account: string): Promise<AccountDetail> {
    const found = account.length <= 2048 ? await this.accounts.detail(account, DETAIL_LEADS) : null;
    if (!found) throw new ApiError(404, 'not_found', `no account ${JSON.stringify(account)}`);
    const leads = await this.leads.findByPublicIds(found.lead_ids);
    // The documents may be a moment newer than the sorted set: order by what they say.
    const items = leads.map(toLeadView).sort((a, b) => b.score - a.score || (a.lead_id < b.lead_id ? 1 : a.lead_id > b.lead_id ? -1 : 0));
    return { ...found.summary, lead_items: items, score_history: found.score_history };
  }
}
