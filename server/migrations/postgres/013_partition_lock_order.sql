-- Maintenance deadlocked with a writer in CI: it held the default partition, then ATTACH asked
-- for the tables the partition's foreign keys reference (customers, orders, …), which a writer
-- holding a customer row had; that writer then waited for the default partition. Maintenance
-- now takes every lock it needs up front, in the writers' order (referenced tables first, then
-- the default partition), and waits at most 500 ms for each: shorter than `deadlock_timeout`
-- (1 s), so when a cycle still forms it is maintenance that gives up (and is tried again, see
-- `db/partitions.rs`), never a writer.
CREATE OR REPLACE FUNCTION roundtrip_month_partition(parent text, key text, month date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    name text := format('%s_y%sm%s', parent, to_char(month, 'YYYY'), to_char(month, 'MM'));
    lo text := to_char(month, 'YYYY-MM');
    hi text := to_char(month + interval '1 month', 'YYYY-MM');
    waited text := current_setting('lock_timeout');
    referenced regclass;
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN false;
    END IF;
    PERFORM set_config('lock_timeout', '500ms', true);
    FOR referenced IN
        SELECT DISTINCT confrelid::regclass FROM pg_constraint
         WHERE conrelid = parent::regclass AND contype = 'f' AND confrelid <> conrelid
         ORDER BY 1
    LOOP
        -- what ATTACH takes on a referenced table to check the foreign key
        EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', referenced);
    END LOOP;
    EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', parent || '_default');
    -- another server may have made it while this one waited for the locks
    IF to_regclass(name) IS NOT NULL THEN
        PERFORM set_config('lock_timeout', waited, true);
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
        parent || '_default', key, lo, key, hi, name);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, name, lo, hi);
    PERFORM set_config('lock_timeout', waited, true);
    RETURN true;
END $$;
