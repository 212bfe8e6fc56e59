-- A month's partition is made while others write: a row for that month inserted into the
-- default partition between the move and the ATTACH made the ATTACH fail ("updated partition
-- constraint for default partition would be violated"). The default partition is now locked
-- before its rows are moved; ATTACH takes that lock anyway, so nothing waits longer than before,
-- and writers of other months only wait while the move runs.
CREATE OR REPLACE FUNCTION roundtrip_month_partition(parent text, key text, month date) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    name text := format('%s_y%sm%s', parent, to_char(month, 'YYYY'), to_char(month, 'MM'));
    lo text := to_char(month, 'YYYY-MM');
    hi text := to_char(month + interval '1 month', 'YYYY-MM');
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', parent || '_default');
    -- another server may have made it while this one waited for the lock
    IF to_regclass(name) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
        parent || '_default', key, lo, key, hi, name);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, name, lo, hi);
    RETURN true;
END $$;
