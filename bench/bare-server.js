// The limit beside http.command: bare Fastify, one durable SQLite insert per request (or none, for the no-op figure).
const Fastify = require('fastify');
const Database = require('better-sqlite3');

const [port, file] = process.argv.slice(2);
const app = Fastify();
let insert;
if (file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL)');
  insert = db.prepare('INSERT INTO events (data) VALUES (?)');
}
app.get('/health', async () => ({ ok: true }));
app.post('/insert', async (request, reply) => {
  if (insert) insert.run(JSON.stringify(request.body));
  return reply.status(201).send({ ok: true });
});
app.listen({ port: Number(port), host: '127.0.0.1' });
