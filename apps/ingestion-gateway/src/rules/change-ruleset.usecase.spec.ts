import { LeadRepository, RulesetRepository } from '@lead-scoring/persistence';
import { RecomputeProducer } from '@lead-scoring/queue';
import { ChangeRulesetUseCase } from './change-ruleset.usecase';

describe('ChangeRulesetUseCase.progress', () => {
  let version: number;
  let counts: number;
  let useCase: ChangeRulesetUseCase;

  beforeEach(() => {
    version = 3;
    counts = 0;
    const rulesets = { currentVersion: async () => version } as unknown as RulesetRepository;
    const leads = {
      versionProgress: async () => {
        counts += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { processed: 5, total: 10 };
      },
    } as unknown as LeadRepository;
    useCase = new ChangeRulesetUseCase(rulesets, leads, {} as RecomputeProducer);
  });

  it('shares one count between concurrent and closely following callers', async () => {
    const answers = await Promise.all([useCase.progress(), useCase.progress(), useCase.progress()]);
    expect(answers).toEqual(Array(3).fill({ version: 3, state: 'running', processed: 5, total: 10 }));
    await useCase.progress();
    expect(counts).toBe(1);
  });

  it('counts again for a new ruleset version', async () => {
    await useCase.progress();
    version = 4;
    expect(await useCase.progress()).toMatchObject({ version: 4 });
    expect(counts).toBe(2);
  });
});
