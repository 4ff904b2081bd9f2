import { Controller, Get, Param, Query } from '@nestjs/common';
import { Delivery, HistoryPage, LEAD_SORTS, LeadDetail, LeadEventsPage, LeadsPage } from '@lead-scoring/contracts';
import {
  DeliveryRepository,
  EventPosition,
  EventRepository,
  LeadDocument,
  LeadListIndex,
  LeadRepository,
  RulesetRepository,
  ScoreHistoryRepository,
  toLeadDetail,
  toLeadEventView,
  toDelivery,
  toLeadView,
} from '@lead-scoring/persistence';
import { ApiError, RequiresKey } from '@lead-scoring/runtime';
import { encodeListCursor, encodeTimelineCursor, parseListCursor, parseTimelineCursor } from './cursors';
import { parseChoice, parseLimit, parseOptionalText } from './query-params';

const LIST_LIMIT = { fallback: 50, max: 200 };
const TIMELINE_LIMIT = { fallback: 50, max: 500 };
const FIRINGS_LIMIT = { fallback: 50, max: 200 };

@Controller('api/leads')
@RequiresKey('admin')
export class LeadsController {
  constructor(
    private readonly leads: LeadRepository,
    private readonly list: LeadListIndex,
    private readonly history: ScoreHistoryRepository,
    private readonly events: EventRepository,
    private readonly rulesets: RulesetRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  /** Leads sorted and filtered from the Redis list indexes, one keyset page at a time; `total` counts all matches. */
  @Get()
  async index(@Query() query: Record<string, unknown>): Promise<LeadsPage> {
    const sort = parseChoice('sort', query['sort'], LEAD_SORTS, '-score');
    const limit = parseLimit(parseOptionalText('limit', query['limit']), LIST_LIMIT);
    const stage = parseOptionalText('stage', query['stage'], 64);
    const company = parseOptionalText('company', query['company']);
    const grade = parseOptionalText('grade', query['grade'], 6);
    const q = parseOptionalText('q', query['q']);
    const cursor = parseListCursor(query['cursor'], sort);
    const page = await this.list.list({ sort, stage, company, grade, q, limit, cursor });
    const leads = await this.leads.findByPublicIds(page.lead_ids);
    return {
      items: leads.map(toLeadView),
      next_cursor: page.next ? encodeListCursor(page.next) : null,
      total: page.total,
    };
  }

  /** A lead by public id, email or external id, with the points each rule gave it. */
  @Get(':id')
  async detail(@Param('id') id: string): Promise<LeadDetail> {
    const lead = await this.findOr404(id);
    const ruleset = await this.rulesets.load();
    return toLeadDetail(lead, ruleset.rules);
  }

  /** Every change of the lead's score or stage, in event-time order, with the rules behind it; paginated. */
  @Get(':id/history')
  async historyOf(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<HistoryPage> {
    const { limit, after } = this.timelineParams(query);
    const lead = await this.findOr404(id);
    const page = await this.history.pageForLead(lead._id, after, limit);
    return { items: page.items, next_cursor: nextTimelineCursor(page.items, page.more) };
  }

  /** The lead's stored events (scored or still pending) in event-time order; paginated. */
  @Get(':id/events')
  async eventsOf(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<LeadEventsPage> {
    const { limit, after } = this.timelineParams(query);
    const lead = await this.findOr404(id);
    const [page, pending] = await Promise.all([this.events.pageForLead(lead._id, after, limit), this.events.pendingIdsOf(lead._id)]);
    const items = page.items.map((event) => toLeadEventView(event, !pending.has(event.event_id)));
    return { items, next_cursor: nextTimelineCursor(items, page.more) };
  }

  /** Every trigger's firings of the lead (sent, pending, failed or suppressed), newest first. */
  @Get(':id/firings')
  async firingsOf(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<{ items: Delivery[] }> {
    const limit = parseLimit(parseOptionalText('limit', query['limit']), FIRINGS_LIMIT);
    const lead = await this.findOr404(id);
    return { items: (await this.deliveries.forLead(lead._id, limit)).map(toDelivery) };
  }

  private timelineParams(query: Record<string, unknown>): { limit: number; after: EventPosition | null } {
    const limit = parseLimit(parseOptionalText('limit', query['limit']), TIMELINE_LIMIT);
    return { limit, after: parseTimelineCursor(query['cursor']) ?? null };
  }

  private async findOr404(id: string): Promise<LeadDocument> {
    const lead = await this.leads.findByAnyId(id);
    if (!lead) throw new ApiError(404, 'not_found', `no lead with id, email or external id ${JSON.stringify(id)}`);
    return lead;
  }
}

function nextTimelineCursor(items: { timestamp: string; event_id: string }[], more: boolean): string | null {
  const last = items[items.length - 1];
  return more && last ? encodeTimelineCursor({ timestamp: last.timestamp, event_id: last.event_id }) : null;
}
