import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import { Request } from 'express';
import { RecomputeProgress, ScoringRule, ScoringSettings, parseWith, ruleCreateSchema, rulePatchSchema, ruleShapeProblems, settingsSchema } from '@lead-scoring/contracts';
import { RulesetRepository } from '@lead-scoring/persistence';
import { ApiError, RequiresKey, assertJsonRequest, validationFailed } from '@lead-scoring/runtime';
import { ChangeRulesetUseCase } from './change-ruleset.usecase';

type WithVersion<T> = T & { ruleset_version: number };

/** Rules and settings (admin key). Every change creates a ruleset version and re-scores every lead in the background. */
@Controller('api')
@RequiresKey('admin')
export class RulesController {
  constructor(
    private readonly rulesets: RulesetRepository,
    private readonly changes: ChangeRulesetUseCase,
  ) {}

  @Get('rules')
  async list(): Promise<{ items: ScoringRule[]; ruleset_version: number }> {
    const ruleset = await this.rulesets.load();
    return { items: ruleset.rules, ruleset_version: ruleset.version };
  }

  // Declared before rules/:id so that "recompute" is not read as a rule id.
  @Get('rules/recompute')
  recomputeProgress(): Promise<RecomputeProgress> {
    return this.changes.progress();
  }

  @Get('rules/:id')
  async one(@Param('id') id: string): Promise<ScoringRule> {
    return this.ruleOr404(await this.rulesets.findRule(id), id);
  }

  @Post('rules')
  @HttpCode(201)
  async create(@Req() request: Request, @Body() body: unknown): Promise<WithVersion<ScoringRule>> {
    assertJsonRequest(request);
    const input = parseWith(ruleCreateSchema, body);
    if (!input.ok) throw validationFailed(input.details, 'the rule is invalid');
    const rule = await this.rulesets.createRule(input.value);
    return { ...rule, ruleset_version: await this.changes.changed(`created rule ${rule.id}`) };
  }

  @Patch('rules/:id')
  async update(@Req() request: Request, @Param('id') id: string, @Body() body: unknown): Promise<WithVersion<ScoringRule>> {
    assertJsonRequest(request);
    const patch = parseWith(rulePatchSchema, body);
    if (!patch.ok) throw validationFailed(patch.details, 'the rule change is invalid');
    // The rule the patch makes must hold together (a fit rule without event type, an engagement rule with one).
    const problems = ruleShapeProblems({ ...this.ruleOr404(await this.rulesets.findRule(id), id), ...patch.value });
    if (problems.length > 0) throw validationFailed(problems, 'the rule change is invalid');
    const rule = this.ruleOr404(await this.rulesets.updateRule(id, patch.value), id);
    return { ...rule, ruleset_version: await this.changes.changed(`updated rule ${id}`) };
  }

  @Delete('rules/:id')
  async remove(@Param('id') id: string): Promise<{ deleted: string; ruleset_version: number }> {
    if (!(await this.rulesets.deleteRule(id))) throw new ApiError(404, 'not_found', `no rule with id ${JSON.stringify(id)}`);
    return { deleted: id, ruleset_version: await this.changes.changed(`deleted rule ${id}`) };
  }

  @Get('settings')
  async settings(): Promise<WithVersion<ScoringSettings>> {
    const ruleset = await this.rulesets.load();
    return { ...ruleset.settings, ruleset_version: ruleset.version };
  }

  @Put('settings')
  async putSettings(@Req() request: Request, @Body() body: unknown): Promise<WithVersion<ScoringSettings>> {
    assertJsonRequest(request);
    const settings = parseWith(settingsSchema, body);
    if (!settings.ok) throw validationFailed(settings.details, 'the settings are invalid');
    await this.rulesets.putSettings(settings.value);
    return { ...settings.value, ruleset_version: await this.changes.changed('updated settings') };
  }

  private ruleOr404(rule: ScoringRule | null, id: string): ScoringRule {
    if (!rule) throw new ApiError(404, 'not_found', `no rule with id ${JSON.stringify(id)}`);
    return rule;
  }
}
