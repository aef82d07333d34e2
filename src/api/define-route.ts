import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UnprocessableError, ValidationError } from '../lib/errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  /** Scopes that allow the call (any one of them), for the OpenAPI document. */
  scopes?: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Documented success status. */
  status?: number;
  /** Status for input that fails validation: 400 by default, 422 where a contract says so. */
  invalidStatus?: 400 | 422;
  handler: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> },
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

interface DocumentedRoute {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  scopes: string[];
  status: number;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

/** Every route defined through defineRoute, for the OpenAPI document (keyed, so rebuilding an app adds nothing). */
const documentedRoutes = new Map<string, DocumentedRoute>();

const empty = z.object({}).passthrough();

function parse<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  where: string,
  status: 400 | 422,
): z.output<T> {
  const result = (schema ?? empty).safeParse(value ?? {});
  if (!result.success) {
    const causes = result.error.issues.map(
      (i) => `${where}${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`,
    );
    throw status === 422
      ? new UnprocessableError(`invalid ${where}`, causes)
      : new ValidationError(`invalid ${where}`, causes);
  }
  return result.data as z.output<T>;
}

/**
 * Registers a route whose params, query and body are validated once, here, into typed values
 * (zod), and records it for the OpenAPI document — one definition serves both.
 */
export function defineRoute<
  P extends z.ZodType = typeof empty,
  Q extends z.ZodType = typeof empty,
  B extends z.ZodType = typeof empty,
>(app: FastifyInstance, spec: RouteSpec<P, Q, B>): void {
  documentedRoutes.set(`${spec.method} ${spec.url}`, {
    method: spec.method,
    url: spec.url,
    summary: spec.summary,
    tag: spec.tag,
    scopes: spec.scopes ?? [],
    status: spec.status ?? 200,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
  });
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const input = {
        params: parse(spec.params, request.params, 'path', 400),
        query: parse(spec.query, request.query, 'query', 400),
        body: parse(
          spec.body,
          spec.method === 'GET' || spec.method === 'DELETE' ? {} : request.body,
          'body',
          spec.invalidStatus ?? 400,
        ),
      };
      const result = await spec.handler(input, request, reply);
      if (reply.sent) return reply;
      if (result === undefined) return reply.code(spec.status ?? 204).send();
      return reply.code(reply.statusCode !== 200 ? reply.statusCode : (spec.status ?? 200)).send(result);
    },
  });
}

/** The OpenAPI 3.1 document of every defined route. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of documentedRoutes.values()) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.scopes.length
        ? { description: `Scopes: ${r.scopes.join(' or ')}`, security: [{ bearer: r.scopes }] }
        : {}),
      parameters,
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }),
                },
              },
            },
          }
        : {}),
      responses: {
        [String(r.status)]: { description: 'success' },
        default: {
          description: 'error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Faultline API', version: '0' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          properties: { detail: { type: 'string' }, causes: { type: 'array', items: { type: 'string' } } },
          required: ['detail'],
        },
      },
    },
  };
}
