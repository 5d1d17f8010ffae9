// app.js: the Fastify + pg peer of the generated app (make bench-peers):
// GET /users/:id, GET /users?limit=&offset=, POST /users on the same users
// table, written as a Fastify user would (JSON schemas for validation and
// fast serialization, a pg Pool, named prepared statements, no logging).
//
// Environment: PEER_PORT, PEER_WORKERS (processes, node:cluster),
// PGHOST (socket directory), PGPORT, PGDATABASE, PGUSER (libpq names),
// PEER_POOL (connections per process, default 10).
'use strict';

const cluster = require('node:cluster');
const Fastify = require('fastify');
const { Pool } = require('pg');

const port = Number(process.env.PEER_PORT || 8907);
const workers = Number(process.env.PEER_WORKERS || 1);

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (w, code) => {
    if (code !== 0) process.exit(1);
  });
} else {
  start();
}

function start() {
  const pool = new Pool({ max: Number(process.env.PEER_POOL || 10) });
  const app = Fastify({ logger: false });
  const cols = 'id, email, username, full_name, is_active';

  const user = {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      email: { type: 'string' },
      username: { type: 'string' },
      full_name: { type: ['string', 'null'] },
      is_active: { type: 'boolean' },
    },
  };
  const detail = { type: 'object', properties: { detail: {} } };

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/users/:id', {
    schema: {
      params: {
        type: 'object',
        properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } },
      },
      response: { 200: user, 404: detail },
    },
  }, async (req, reply) => {
    const r = await pool.query({
      name: 'user_get',
      text: `SELECT ${cols} FROM users WHERE id = $1`,
      values: [req.params.id],
    });
    if (r.rows.length === 0) {
      reply.code(404);
      return { detail: 'User not found' };
    }
    return r.rows[0];
  });

  app.get('/users', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          offset: { type: 'integer', minimum: 0, default: 0 },
        },
      },
      response: { 200: { type: 'array', items: user } },
    },
  }, async (req) => {
    const r = await pool.query({
      name: 'user_list',
      text: `SELECT ${cols} FROM users ORDER BY id LIMIT $1 OFFSET $2`,
      values: [req.query.limit, req.query.offset],
    });
    return r.rows;
  });

  app.post('/users', {
    schema: {
      body: {
        type: 'object',
        required: ['email', 'username'],
        additionalProperties: false,
        properties: {
          email: { type: 'string', maxLength: 255 },
          username: { type: 'string', maxLength: 50 },
          full_name: { type: ['string', 'null'], maxLength: 100 },
          is_active: { type: 'boolean', default: true },
        },
      },
      response: { 201: user, 409: detail },
    },
  }, async (req, reply) => {
    const b = req.body;
    try {
      const r = await pool.query({
        name: 'user_create',
        text: `INSERT INTO users (email, username, full_name, is_active)
               VALUES ($1, $2, $3, $4) RETURNING ${cols}`,
        values: [b.email, b.username, b.full_name ?? null, b.is_active],
      });
      reply.code(201).header('location', `/users/${r.rows[0].id}`);
      return r.rows[0];
    } catch (e) {
      if (e.code === '23505') {
        reply.code(409);
        return { detail: 'User already exists' };
      }
      throw e;
    }
  });

  app.listen({ port, host: '127.0.0.1' }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
