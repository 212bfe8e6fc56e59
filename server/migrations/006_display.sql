-- Display preferences follow the person, not the tablet: store staff share devices.
ALTER TABLE users ADD COLUMN large_type INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN dark_theme INTEGER NOT NULL DEFAULT 0;
