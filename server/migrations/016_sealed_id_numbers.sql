-- ID and passport numbers become revealable: beside the keyed hash that matching uses, the
-- number sealed with AES-256-GCM (base64, bound to its hash) and its masked form for display.
-- Rows from before keep a NULL ciphertext until the number arrives again.
ALTER TABLE id_number_hashes ADD COLUMN sealed TEXT;
ALTER TABLE id_number_hashes ADD COLUMN masked TEXT;
