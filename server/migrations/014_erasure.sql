-- Erasure (a data-subject request): the customer row stays as an anonymous shell, so the
-- orders, points and tickets that must be kept (accounting and consumer-protection rules)
-- still add up; everything that identifies the person is gone. A merge involving an erased
-- person can no longer be undone: its undo data held their personal data and is cleared.
ALTER TABLE customers ADD COLUMN erased_at TEXT;
ALTER TABLE merges ADD COLUMN closed_reason TEXT;
