#!/usr/bin/env node
// Generates sample_batch.csv, the seed-layout upload (see SPEC "Ingestion endpoints"):
//   event_id,event_type,lead_id,email,timestamp,metadata
// Usage: node tools/seed/generate-sample-batch.mjs [outfile]   (default: <repo root>/sample_batch.csv)
//
// 400 engagement events of 50 leads, plus one IDENTIFY row per lead (SPEC "Fit, grades and accounts"), dated
// before that lead's first event, whose metadata sets the traits the default fit rules read: title, seniority,
// company_size, industry, country. IDENTIFY rows score no engagement points.
//
// Everything comes from seeded PRNGs and Date.now() is never read, so re-running gives a byte-identical file and
// the summary it prints (expected scores, fit scores and grades under the default rules) is a stable oracle for
// tests. The traits come from a second PRNG, so the engagement events are exactly those of the file before traits
// existed. All names, companies and domains below are invented for this file.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20260105;
const ROWS = 400;
const LEADS = 50;
const WEEK_START = Date.parse('2026-01-05T00:00:00.000Z'); // a Monday
const WEEK_END = Date.parse('2026-01-12T00:00:00.000Z'); // exclusive
const HOUR = 3_600_000;

// Mirrors the default rules seeded on first start and the default settings (libs/contracts/src/rules.ts).
const POINTS = { EMAIL_OPEN: 10, PAGE_VIEW: 5, FORM_SUBMISSION: 20, DEMO_REQUEST: 50, PURCHASE: 100 };
const MAX_SCORE = 1000;
const FIT_RULES = [
  (t) => (['c-level', 'vp', 'director'].includes(t.seniority) ? 30 : 0),
  (t) => (t.company_size >= 200 ? 20 : 0),
  (t) => (['software', 'fintech', 'healthcare'].includes(t.industry) ? 20 : 0),
  (t) => (['US', 'CA', 'GB', 'DE', 'FR', 'NL'].includes(t.country) ? 10 : 0),
];
const FIT_RANGE = { min: 0, max: 100 };
const FIT_GRADES = [['A', 60], ['B', 30], ['C', 0]];
const ENGAGEMENT_GRADES = [['1', 200], ['2', 50], ['3', 0]];
const IDENTIFY = 'IDENTIFY';

// mulberry32: tiny, well-known, and identical on every Node version (Math.random is not seedable).
function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)); // inclusive
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
function shuffle(xs) {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
// Index drawn in proportion to weights; used so engaged leads collect more events, as in real funnels.
function weightedIndex(weights) {
  let r = rng() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return i;
  return weights.length - 1;
}

// ---- invented people and companies -------------------------------------------------------------------------
// A few names carry an apostrophe, a hyphen or an accent so the email derivation and UTF-8 paths get exercised.
const FIRST = ['Amara', 'Bennett', 'Caleb', 'Dalia', 'Elias', 'Farah', 'Gideon', 'Hana', 'Idris', 'Juno', 'Kian',
  'Liora', 'Mateo', 'Noor', 'Oren', 'Priya', 'Quinn', 'Rosalind', 'Soren', 'Tamsin', 'Ulric', 'Vera', 'Wes',
  'Ximena', 'Yusuf', 'Zara', 'Anouk', 'Bram', 'Celeste', 'Dmitri', 'Esme', 'Felix', 'Greta', 'Hollis', 'Ines',
  'Jasper', 'Keiko', 'Lachlan', 'Mireille', 'Nikhil', 'Renée', 'Tobias'];
const LAST = ['Ashdown', 'Brightwell', 'Castellanos', 'Delacroix', 'Eriksen', 'Fairbairn', 'Galloway', 'Hargrove',
  'Ibarra', 'Jablonski', 'Kettering', 'Lindqvist', 'Mbeki', 'Nakagawa', 'Okafor', "O'Rourke", 'Pemberton',
  'Quintero', 'Rasmussen', 'Sato', 'Thornbury', 'Underhill', 'Valdivia', 'Whitlock', 'Yamamoto-Hale', 'Zielinski',
  'Abernathy', 'Bellweather', 'Cordero', 'Drummond', 'Esposito', 'Fenwick', 'Greenhalgh', 'Holloway'];
// [company, domain]; several leads share a company, as accounts usually have more than one contact.
const COMPANIES = [
  ['Bluefinch Analytics', 'bluefinchanalytics.com'], ['Cobaltline Logistics', 'cobaltline.io'],
  ['Driftwood Health', 'driftwoodhealth.com'], ['Emberforge Robotics', 'emberforge.ai'],
  ['Foxglove Financial', 'foxglovefinancial.com'], ['Granite & Gale Outfitters', 'graniteandgale.com'],
  ['Halcyon Freight', 'halcyonfreight.com'], ['Ironbark Software', 'ironbarksoftware.com'],
  ['Juniper Grove Media', 'junipergrovemedia.com'], ['Kestrel Biotech', 'kestrelbio.com'],
  ['Lanternfish Labs', 'lanternfishlabs.io'], ['Marlow, Fitch & Partners', 'marlowfitch.com'],
  ['Northwind Orchards', 'northwindorchards.co'], ['Oakhaven Insurance', 'oakhaven-insurance.com'],
  ['Pinecrest Energy', 'pinecrestenergy.com'], ['Quillstone Publishing', 'quillstone.com'],
  ['Redtail Security', 'redtailsecurity.io'], ['Saltmarsh Foods', 'saltmarshfoods.com'],
  ['Tidewater Capital', 'tidewatercap.com'], ['Umbra Design Studio', 'umbradesign.studio'],
  ['Vantage Loom Textiles', 'vantageloom.com'], ['Willowbrook Schools', 'willowbrookschools.org'],
  ['Yarrow Cloud', 'yarrowcloud.dev'], ['Zephyr Mobility', 'zephyrmobility.com'],
];
// Free-mail leads: the domain says nothing about the employer, so metadata must carry the company explicitly.
const FREE_MAIL = [['gmail.com', 'Harbor Lane Bakery'], ['outlook.com', 'Meadowlark Consulting'],
  ['yahoo.com', 'Copperpot Catering'], ['gmail.com', 'Studio Wren Photography'], ['outlook.com', 'Tallgrass Tutoring']];
// What each company is, as an enrichment service would say: [company_size, industry, country]. Every company
// meets at least one default fit rule, so every lead's IDENTIFY moves its fit (and leaves a history entry).
const FIRMOGRAPHICS = {
  'Bluefinch Analytics': [320, 'software', 'US'], 'Cobaltline Logistics': [1200, 'logistics', 'DE'],
  'Driftwood Health': [850, 'healthcare', 'US'], 'Emberforge Robotics': [140, 'manufacturing', 'CA'],
  'Foxglove Financial': [2400, 'fintech', 'GB'], 'Granite & Gale Outfitters': [90, 'retail', 'US'],
  'Halcyon Freight': [600, 'logistics', 'NL'], 'Ironbark Software': [45, 'software', 'AU'],
  'Juniper Grove Media': [35, 'media', 'FR'], 'Kestrel Biotech': [410, 'healthcare', 'CH'],
  'Lanternfish Labs': [18, 'software', 'US'], 'Marlow, Fitch & Partners': [260, 'legal', 'GB'],
  'Northwind Orchards': [70, 'agriculture', 'US'], 'Oakhaven Insurance': [1500, 'insurance', 'US'],
  'Pinecrest Energy': [3200, 'energy', 'CA'], 'Quillstone Publishing': [120, 'media', 'GB'],
  'Redtail Security': [230, 'software', 'IL'], 'Saltmarsh Foods': [55, 'food', 'GB'],
  'Tidewater Capital': [95, 'fintech', 'US'], 'Umbra Design Studio': [12, 'design', 'FR'],
  'Vantage Loom Textiles': [480, 'manufacturing', 'IN'], 'Willowbrook Schools': [300, 'education', 'US'],
  'Yarrow Cloud': [75, 'software', 'SG'], 'Zephyr Mobility': [220, 'automotive', 'DE'],
  'Harbor Lane Bakery': [8, 'food', 'US'], 'Meadowlark Consulting': [3, 'consulting', 'GB'],
  'Copperpot Catering': [15, 'food', 'CA'], 'Studio Wren Photography': [1, 'media', 'NL'],
  'Tallgrass Tutoring': [4, 'education', 'US'],
};
// Job titles by seniority, the values the default "Decision maker" rule reads (c-level, vp, director).
const TITLES = {
  'c-level': ['CEO', 'CTO', 'CFO', 'Chief Revenue Officer', 'Founder & CEO'],
  vp: ['VP of Sales', 'VP of Marketing', 'VP of Engineering', 'VP Operations'],
  director: ['Director of Marketing', 'Director of Sales Operations', 'Head of Growth', 'Director of IT'],
  manager: ['Marketing Manager', 'Sales Manager', 'Product Manager', 'Operations Manager'],
  individual: ['Account Executive', 'Software Engineer', 'Marketing Specialist', 'Data Analyst', 'Designer'],
};
const SENIORITIES = [['c-level', 1], ['vp', 1.2], ['director', 1.6], ['manager', 2.4], ['individual', 2.8]];

// "Renée O'Rourke" -> "renee.orourke": strip accents and punctuation so the address is plain ASCII.
const local = (s) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

// ---- our own (fictional) product's site and campaigns --------------------------------------------------------
const PAGES = ['/', '/pricing', '/pricing', '/features', '/features/lead-scoring', '/features/integrations',
  '/docs/getting-started', '/docs/api/events', '/docs/webhooks', '/blog/what-is-lead-scoring',
  '/blog/scoring-rules-that-work', '/blog/from-mql-to-sql-in-a-week', '/blog/2026-state-of-b2b-funnels',
  '/customers', '/customers/bluefinch-case-study', '/careers', '/about', '/security', '/changelog'];
const REFERRERS = ['https://www.google.com/', 'https://www.linkedin.com/', 'https://duckduckgo.com/',
  'https://www.bing.com/', 'https://news.ycombinator.com/', 'https://mail.google.com/'];
const CAMPAIGNS = [
  ['jan-product-update', 'New in January: real-time score alerts'],
  ['onboarding-day-3', 'Three rules every scoring model needs'],
  ['webinar-invite-jan', "You're invited: scoring leads without the guesswork"],
  ['pipeline-report', 'Your "Pipeline Health" report is ready'], // inner quotes exercise CSV escaping
  ['case-study-bluefinch', 'How Bluefinch doubled demo conversions'],
  ['pricing-reminder', 'Still comparing plans? Here is a quick guide'],
];
const FORMS = [['contact', '/contact'], ['newsletter', '/blog'], ['webinar-signup', '/webinars/scoring-101'],
  ['ebook-download', '/resources/lead-scoring-playbook'], ['newsletter', '/']];
const PRODUCTS = ['Scoring Cloud', 'Pipeline Insights', 'Signals API'];
const PLANS = [['starter', 588], ['growth', 2388], ['growth', 2388], ['business', 5988], ['enterprise', 14400]];

// ---- leads -------------------------------------------------------------------------------------------------
const leads = [];
const usedEmails = new Set();
while (leads.length < LEADS) {
  const first = pick(FIRST);
  const last = pick(LAST);
  const i = leads.length;
  // Spread the free-mail leads through the id range instead of bunching them at L-1001..L-1005.
  const freeSlot = i % 10 === 3 ? FREE_MAIL[Math.floor(i / 10)] : undefined;
  const [company, domain] = freeSlot ? [freeSlot[1], freeSlot[0]] : pick(COMPANIES);
  const email = `${local(first)}.${local(last)}@${domain}`;
  if (usedEmails.has(email)) continue; // one email per lead, one lead per email
  usedEmails.add(email);
  leads.push({ lead_id: `L-${1001 + i}`, email, name: `${first} ${last}`, company,
    // Skewed engagement: most leads are lukewarm, a few are very active.
    weight: 0.3 + rng() ** 2 * 2.7, events: [] });
}

// ---- how many events of each type, and for whom -------------------------------------------------------------
// One "whale" account gets enough activity (1,120 raw points) that the 1000 cap visibly applies.
const whale = leads[int(0, LEADS - 1)];
const WHALE_COUNTS = { PAGE_VIEW: 30, EMAIL_OPEN: 25, FORM_SUBMISSION: 6, DEMO_REQUEST: 2, PURCHASE: 5 };
for (const [type, n] of Object.entries(WHALE_COUNTS)) for (let k = 0; k < n; k++) whale.events.push({ type });

const others = leads.filter((l) => l !== whale);
const weights = others.map((l) => l.weight);
const add = (lead, type) => lead.events.push({ type });
// Weighted sample without replacement: demos and purchases go to distinct, mostly engaged leads.
function sampleDistinct(pool, n) {
  const chosen = [];
  const w = pool.map((l) => l.weight);
  while (chosen.length < n) {
    const i = weightedIndex(w);
    chosen.push(pool[i]);
    w[i] = 0;
  }
  return chosen;
}
const demoLeads = sampleDistinct(others, 20);
demoLeads.forEach((l) => add(l, 'DEMO_REQUEST'));
sampleDistinct(demoLeads, 7).forEach((l) => add(l, 'PURCHASE')); // the usual path: demo, then buy
sampleDistinct(others.filter((l) => !demoLeads.includes(l)), 2).forEach((l) => add(l, 'PURCHASE')); // self-serve
others.forEach((l) => add(l, 'PAGE_VIEW')); // everyone was on the site at least once
for (const [type, n] of [['PAGE_VIEW', 109], ['EMAIL_OPEN', 105], ['FORM_SUBMISSION', 40]])
  for (let k = 0; k < n; k++) add(others[weightedIndex(weights)], type);

// ---- timestamps ---------------------------------------------------------------------------------------------
// Activity clusters in weekday working hours (UTC) but is not confined to them.
function when(lo, hi) {
  let t = 0;
  for (let tries = 0; tries < 20; tries++) {
    t = lo + Math.floor(rng() * (hi - lo));
    const d = new Date(t);
    const working = d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 8 && d.getUTCHours() < 19;
    if (working || rng() < 0.25) break;
  }
  return t;
}
for (const lead of leads) {
  // Demos fall in the first ~80% of the week so a purchase can still follow at least 2 h later.
  const demos = lead.events.filter((e) => e.type === 'DEMO_REQUEST');
  for (const e of demos) e.t = when(WEEK_START, WEEK_START + 0.8 * (WEEK_END - WEEK_START));
  const firstDemo = Math.min(...demos.map((e) => e.t));
  for (const e of lead.events) {
    if (e.type === 'DEMO_REQUEST') continue;
    e.t = e.type === 'PURCHASE' && demos.length ? when(firstDemo + 2 * HOUR, WEEK_END) : when(WEEK_START, WEEK_END);
  }
}

// ---- metadata -----------------------------------------------------------------------------------------------
function metadata(lead, type) {
  const m = { email: lead.email, name: lead.name, company: lead.company };
  if (type === 'PAGE_VIEW') {
    m.url = pick(PAGES);
    if (rng() < 0.4) m.referrer = pick(REFERRERS);
  } else if (type === 'EMAIL_OPEN') {
    [m.campaign, m.subject] = pick(CAMPAIGNS);
  } else if (type === 'FORM_SUBMISSION') {
    [m.form, m.url] = pick(FORMS);
  } else if (type === 'DEMO_REQUEST') {
    m.product = pick(PRODUCTS);
    m.team_size = pick([3, 5, 8, 12, 20, 35, 50, 120, 250]);
  } else if (type === 'PURCHASE') {
    [m.plan, m.amount] = pick(PLANS);
    m.currency = 'USD';
  }
  return m;
}

// ---- rows ---------------------------------------------------------------------------------------------------
// event_ids follow time order (ties broken by lead, then creation order) and the rows are then shuffled,
// so an ingester that assumes file order == time order gets caught.
const events = leads.flatMap((lead) => lead.events.map((e, k) => ({ ...e, lead, k })));
events.sort((a, b) => a.t - b.t || a.lead.lead_id.localeCompare(b.lead.lead_id) || a.k - b.k);
if (events.length !== ROWS) throw new Error(`expected ${ROWS} events, built ${events.length}`);
events.forEach((e, i) => {
  e.event_id = `evt_${String(i + 1).padStart(6, '0')}`;
  e.metadata = metadata(e.lead, e.type); // after sorting, so the PRNG stream does not depend on sort stability
});
shuffle(events);

// ---- traits: one IDENTIFY per lead ---------------------------------------------------------------------------
// A second PRNG, so that adding traits left every engagement event above exactly as it was.
const traitRng = mulberry32(SEED + 1);
const traitPick = (xs) => xs[Math.floor(traitRng() * xs.length)];
function seniorityOf() {
  let r = traitRng() * SENIORITIES.reduce((s, [, w]) => s + w, 0);
  for (const [name, w] of SENIORITIES) if ((r -= w) < 0) return name;
  return SENIORITIES[SENIORITIES.length - 1][0];
}
const identifies = leads.map((lead, i) => {
  const [company_size, industry, country] = FIRMOGRAPHICS[lead.company];
  const seniority = seniorityOf();
  lead.traits = { title: traitPick(TITLES[seniority]), seniority, company_size, industry, country };
  // An hour to three days before the lead's first event: the sign-up or enrichment that preceded its activity.
  const first = Math.min(...lead.events.map((e) => e.t));
  const t = first - HOUR - Math.floor(traitRng() * 71 * HOUR);
  return { event_id: `evt_identify_${String(i + 1).padStart(3, '0')}`, type: IDENTIFY, lead, t,
    metadata: { email: lead.email, name: lead.name, company: lead.company, ...lead.traits } };
});
// Shuffled in among the other rows, by the second PRNG: file order is never time order.
const rows = [...events];
for (const identify of identifies) rows.splice(Math.floor(traitRng() * (rows.length + 1)), 0, identify);

const csvField = (s) => `"${s.replace(/"/g, '""')}"`;
const lines = ['event_id,event_type,lead_id,email,timestamp,metadata'];
for (const e of rows) {
  lines.push([e.event_id, e.type, e.lead.lead_id, e.lead.email, new Date(e.t).toISOString(),
    csvField(JSON.stringify(e.metadata))].join(','));
}

const outfile = process.argv[2]
  ? resolve(process.argv[2])
  : fileURLToPath(new URL('../../sample_batch.csv', import.meta.url));
writeFileSync(outfile, lines.join('\n') + '\n');

// ---- summary: what the system should report after ingesting this file with default rules -------------------
const byType = Object.fromEntries([...Object.keys(POINTS), IDENTIFY].map((t) => [t, 0]));
for (const e of rows) byType[e.type]++;
const labelOf = (bands, score) => (bands.find(([, min]) => score >= min) ?? bands[bands.length - 1])[0];
// All default points are positive, so clamping at each step equals min(cap, sum).
const scores = leads.map((l) => {
  const score = Math.min(MAX_SCORE, l.events.reduce((s, e) => s + POINTS[e.type], 0));
  const fit = Math.min(FIT_RANGE.max, Math.max(FIT_RANGE.min, FIT_RULES.reduce((s, rule) => s + rule(l.traits), 0)));
  return { lead_id: l.lead_id, email: l.email, score, fit_score: fit, grade: labelOf(FIT_GRADES, fit) + labelOf(ENGAGEMENT_GRADES, score) };
});
const grades = {};
for (const [fit] of FIT_GRADES) for (const [engagement] of ENGAGEMENT_GRADES) grades[fit + engagement] = 0;
for (const l of scores) grades[l.grade]++;
scores.sort((a, b) => b.score - a.score || a.lead_id.localeCompare(b.lead_id));
console.log(JSON.stringify({ file: outfile, rows: rows.length, events: events.length, leads: leads.length, by_type: byType,
  expected_total_score: scores.reduce((s, l) => s + l.score, 0), grades,
  top3: scores.slice(0, 3).map(({ lead_id, email, score }) => ({ lead_id, email, score })) }));
