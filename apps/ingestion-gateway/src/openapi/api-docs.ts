import { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { absolutePath } from 'swagger-ui-dist';
import { buildOpenApiDocument } from './openapi-document';

/** Serves the OpenAPI document at /api/docs/openapi.json and Swagger UI at /api/docs (public, no key). */
export function serveApiDocs(app: NestExpressApplication): void {
  const document = buildOpenApiDocument();
  app.use('/api/docs/openapi.json', (_request: express.Request, response: express.Response) => response.json(document));
  // Swagger UI reads its settings from this file; ours points it at the document above.
  app.use('/api/docs/swagger-initializer.js', (_request: express.Request, response: express.Response) =>
    response.type('application/javascript').send("window.onload = () => { window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#swagger-ui' }); };"),
  );
  app.use('/api/docs', express.static(absolutePath(), { index: 'index.html' }));
}
