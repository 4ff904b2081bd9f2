import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { EventsController } from '../events/events.controller';
import { IdentifyController } from '../identify/identify.controller';
import { RulesController } from '../rules/rules.controller';
import { SystemController } from '../system/system.controller';
import { TriggersController } from '../triggers/triggers.controller';
import { UploadsController } from '../uploads/uploads.controller';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { buildOpenApiDocument } from './openapi-document';

/** Every route the controllers declare, as `METHOD /path/{param}`. */
function declaredRoutes(): string[] {
  return [EventsController, IdentifyController, UploadsController, WebhooksController, RulesController, TriggersController, SystemController].flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as unknown as Record<string, object>)[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined || name === 'constructor') return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/${[base, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
      return [`${method} ${full}`];
    });
  });
}

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> } };

  it('documents every route the controllers serve', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const routes = declaredRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(7);
    for (const route of routes) expect(documented).toContain(route.replace('/api/uploads/{id}', '/api/uploads/{upload_id}'));
  });

  it('describes the event from the validating schema: fields, required ones, aliases', () => {
    const event = document.components.schemas['Event'];
    expect(Object.keys(event.properties ?? {}).sort()).toEqual(['eventId', 'event_id', 'event_type', 'metadata', 'occurred_at', 'source', 'timestamp']);
    expect(event.required?.sort()).toEqual(['event_type', 'metadata']);
    expect(document.components.schemas['BatchResult'].required).toEqual(['accepted', 'duplicates', 'rejected', 'results']);
  });
});
