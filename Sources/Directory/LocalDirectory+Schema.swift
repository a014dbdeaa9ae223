import GRDB

extension LocalDirectory {
    /// The schema, as append-only named migrations: never edit one that has shipped; add a new one.
    static func migrator(instanceARN: String, ids: IDGenerator) -> DatabaseMigrator {
        var m = DatabaseMigrator()

        m.registerMigration("v1 profiles, users, security profiles, tags, deleted usernames") { db in
            try db.execute(sql: """
                CREATE TABLE profiles (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('routing', 'security', 'hierarchy')),
                    arn TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL CHECK (name <> ''),
                    UNIQUE (kind, name COLLATE NOCASE)
                );
                CREATE TABLE users (
                    id TEXT PRIMARY KEY NOT NULL,
                    arn TEXT NOT NULL UNIQUE,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
                    first_name TEXT NOT NULL CHECK (first_name <> ''),
                    last_name TEXT NOT NULL CHECK (last_name <> ''),
                    email TEXT COLLATE NOCASE,
                    phone_type TEXT NOT NULL CHECK (phone_type IN ('SOFT_PHONE', 'DESK_PHONE')),
                    auto_accept BOOLEAN NOT NULL,
                    acw_time_limit INTEGER NOT NULL CHECK (acw_time_limit >= 0),
                    desk_phone_number TEXT,
                    routing_profile_id TEXT NOT NULL REFERENCES profiles(id),
                    hierarchy_group_id TEXT REFERENCES profiles(id),
                    logged_in BOOLEAN NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL,
                    CHECK (phone_type <> 'DESK_PHONE' OR desk_phone_number IS NOT NULL)
                );
                CREATE INDEX users_by_name ON users (first_name COLLATE NOCASE, last_name COLLATE NOCASE);
                CREATE INDEX users_by_last_name ON users (last_name COLLATE NOCASE);
                CREATE INDEX users_by_email ON users (email);
                CREATE TABLE user_security_profiles (
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    profile_id TEXT NOT NULL REFERENCES profiles(id),
                    PRIMARY KEY (user_id, profile_id)
                );
                CREATE TABLE user_tags (
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (user_id, key)
                );
                CREATE TABLE deleted_usernames (
                    username TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                    deleted_at REAL NOT NULL,
                    reusable_at REAL NOT NULL
                );
                """)
        }

        m.registerMigration("v1 seed the guide's profiles") { db in
            let kinds: [(String, String, [String])] = [
                ("routing", "routing-profile", GuideProfiles.routing),
                ("security", "security-profile", GuideProfiles.security),
                ("hierarchy", "agent-group", GuideProfiles.hierarchy),
            ]
            for (kind, arnPart, names) in kinds {
                for name in names {
                    let id = UserID(ids()).rawValue
                    try db.execute(sql: "INSERT INTO profiles (id, kind, arn, name) VALUES (?, ?, ?, ?)",
                                   arguments: [id, kind, "\(instanceARN)/\(arnPart)/\(id)", name])
                }
            }
        }
        return m
    }
}
