import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NextFunction, Request, Response } from 'express';
import { Server } from 'node:http';

/**
 * Lets keep-alive connections go when the process stops. Node's `server.close()` closes the connections idle at
 * that moment, but a client that keeps sending on its connection keeps it open, and an idle one waits out the
 * keep-alive timeout (65 s, see configureHttp). From the start of the shutdown every new answer says
 * `Connection: close`, and connections are closed as soon as they are idle (those of requests in flight at that
 * moment once their answer is sent): in-flight requests finish, none is cut.
 */
/** How often connections that became idle during the shutdown are closed. */
const IDLE_SWEEP_MS = 100;

@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private draining = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  readonly middleware = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.draining) response.setHeader('Connection', 'close');
    next();
  };

  beforeApplicationShutdown(): void {
    this.draining = true;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    server.closeIdleConnections();
    // Unref'd: it ends with the process, and never keeps it alive.
    setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS).unref();
  }
}
