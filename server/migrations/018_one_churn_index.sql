-- The churn-risk count on the dashboard now leaves out erased records, as the customer list's
-- "at risk" filter does, so both read customers_listed_churn (migration 015). The index over
-- live records of migration 007 had no reader left, and every new member wrote to it.
DROP INDEX customers_live_churn;
