//! The schema, as numbered migrations; `PRAGMA user_version` counts those applied.
//! A migration is never edited once released: changes are new migrations.

/// Schema migrations, in order.
pub const MIGRATIONS: &[&str] = &[
    // 1: organisations, versions, their files and line items.
    "CREATE TABLE organisation (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        department TEXT NOT NULL,
        UNIQUE (region, department)
    );
    CREATE TABLE version (
        id INTEGER PRIMARY KEY,
        organisation INTEGER NOT NULL REFERENCES organisation (id),
        year INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('package', 'document')),
        hash TEXT NOT NULL UNIQUE,
        added_at INTEGER NOT NULL,
        source TEXT NOT NULL
    );
    CREATE TABLE package_file (
        version INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (version, name)
    );
    CREATE TABLE line_item (
        version INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        functional TEXT NOT NULL,
        economic TEXT NOT NULL,
        kind TEXT NOT NULL,
        project TEXT,
        source TEXT NOT NULL,
        amount_fen INTEGER NOT NULL
    );
    CREATE INDEX line_item_version ON line_item (version);",
    // 2: the organisation hierarchy (region → department → unit: a unit's `parent` is its
    // department, and a unit may bear its department's name, so the key includes the
    // parent); audited documents; the findings of every version; code names.
    // Runs with foreign keys off (see `Store::migrate`), as SQLite's table rebuild needs.
    "CREATE TABLE organisation_new (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        parent INTEGER REFERENCES organisation_new (id)
    );
    INSERT INTO organisation_new (id, region, name) SELECT id, region, department FROM organisation;
    DROP TABLE organisation;
    ALTER TABLE organisation_new RENAME TO organisation;
    CREATE UNIQUE INDEX organisation_key ON organisation (region, name, coalesce(parent, 0));
    CREATE INDEX version_organisation ON version (organisation, year, kind);
    CREATE TABLE document (
        version INTEGER PRIMARY KEY REFERENCES version (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        template TEXT,
        bytes BLOB NOT NULL
    );
    CREATE TABLE finding (
        version INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        rule TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
        message_zh TEXT NOT NULL,
        message_en TEXT NOT NULL,
        location_zh TEXT NOT NULL,
        location_en TEXT NOT NULL,
        cell_table TEXT,
        cell_row INTEGER,
        cell_col INTEGER,
        text_section TEXT,
        text_paragraph INTEGER,
        text_start INTEGER,
        text_end INTEGER,
        cells TEXT NOT NULL,
        expected TEXT,
        actual TEXT,
        difference TEXT,
        PRIMARY KEY (version, seq)
    );
    CREATE INDEX finding_rule ON finding (rule, severity);
    CREATE TABLE code_name (
        scheme TEXT NOT NULL,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (scheme, code)
    );",
    // 3: the table views of each version (derived from a package, or read from a document), as JSON.
    "CREATE TABLE view_table (
        version INTEGER NOT NULL REFERENCES version (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        role TEXT NOT NULL,
        title TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (version, seq)
    );",
    // 4: the source lines a finding of a published document names (its location and evidence), as JSON.
    "ALTER TABLE finding ADD COLUMN lines TEXT NOT NULL DEFAULT '[]';",
];
