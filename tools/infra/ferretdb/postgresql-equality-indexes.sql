-- Makes FerretDB 1.24's equality filters use indexes on its PostgreSQL backend. Applied to each database FerretDB
-- stores in (tools/infra/lib.sh, e2e/src/support/infrastructure.ts); idempotent. Production runs on MongoDB, which
-- uses the indexes the schemas declare and needs none of this.
--
-- Why: FerretDB pushes a top-level equality filter {field: value} down as `_jsonb -> 'field' @> '"value"'`, but it
-- creates the collection's indexes as btree on `(_jsonb -> 'field')`, which cannot serve `@>`: every lookup by lead,
-- by event id or even by `_id` scans the whole table. For each btree index FerretDB creates, this adds a GIN index
-- on the same leading expression, which serves `@>`. FerretDB also sends the field name as a bind parameter, so the
-- planner can match the expression index only in a custom plan, hence plan_cache_mode. fastupdate is off because
-- its pending list is scanned linearly by every lookup until the next vacuum, which undoes the index after a bulk load.

CREATE OR REPLACE FUNCTION ls_gin_index_for(btree_index oid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  leading_key text := pg_get_indexdef(btree_index, 1, false);
  gin_name text;
  table_name text;
BEGIN
  -- Only FerretDB's document indexes: btree whose leading key is a `_jsonb -> 'field'` expression.
  IF leading_key NOT LIKE '((\_jsonb -> %' OR
     (SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.oid = btree_index) <> 'btree' THEN
    RETURN;
  END IF;
  SELECT left(c.relname, 58) || '_gin', i.indrelid::regclass::text INTO gin_name, table_name
    FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE c.oid = btree_index;
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s jsonb_path_ops) WITH (fastupdate = off)', gin_name, table_name, leading_key);
END $$;

CREATE OR REPLACE FUNCTION ls_gin_indexes_on_create() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM ls_gin_index_for(created.objid);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS ls_gin_indexes;
CREATE EVENT TRIGGER ls_gin_indexes ON ddl_command_end WHEN TAG IN ('CREATE INDEX', 'CREATE TABLE')
  EXECUTE FUNCTION ls_gin_indexes_on_create();

-- Indexes created before this script ran.
SELECT ls_gin_index_for(i.indexrelid)
  FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast');

DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database()); END $$;

-- FerretDB's point lookups (a lead's events or history, by an indexed equality) must not get parallel plans or JIT.
-- Without table statistics (when autovacuum is off, as on the development machine, nothing ANALYZEs these tables)
-- the planner guesses a third of a table matches; past about 100,000 rows that guess bought a parallel bitmap
-- scan with JIT compilation: 260 ms for a lead's 45 history entries, 0.3 ms without either.
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$;
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET max_parallel_workers_per_gather = 0', current_database()); END $$;
