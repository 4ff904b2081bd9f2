import { Controller, Get, Param } from '@nestjs/common';
import { HistoryEntry, LeadDetail } from '@lead-scoring/contracts';
import { LeadDocument, LeadRepository, RulesetRepository, ScoreHistoryRepository, toLeadDetail } from '@lead-scoring/persistence';
import { ApiError, RequiresKey } from '@lead-scoring/runtime';

@Controller('api/leads')
@RequiresKey('admin')
export class LeadsController {
  constructor(
    private readonly leads: LeadRepository,
    private readonly history: ScoreHistoryRepository,
    private readonly rulesets: RulesetRepository,
  ) {}

  /** A lead by public id, email or external id, with the points each rule gave it. */
  @Get(':id')
  async detail(@Param('id') id: string): Promise<LeadDetail> {
    const lead = await this.findOr404(id);
    const ruleset = await this.rulesets.load();
    return toLeadDetail(lead, ruleset.rules);
  }

  /** Every change of the lead's score or stage, in event-time order, with the rules behind it. */
  @Get(':id/history')
  async historyOf(@Param('id') id: string): Promise<{ items: HistoryEntry[] }> {
    const lead = await this.findOr404(id);
    return { items: await this.history.listForLead(lead._id) };
  }

  private async findOr404(id: string): Promise<LeadDocument> {
    const lead = await this.leads.findByAnyId(id);
    if (!lead) throw new ApiError(404, 'not_found', `no lead with id, email or external id ${JSON.stringify(id)}`);
    return lead;
  }
}
