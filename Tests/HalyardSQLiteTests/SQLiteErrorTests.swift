import HalyardSQLite
import Testing

@Suite struct SQLiteErrorTests {
    private func schema(_ conn: SQLiteConnection) throws {
        try conn.executeScript(
            """
            CREATE TABLE parent (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT NOT NULL DEFAULT 'x');
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id));
            """)
    }

    @Test func uniqueViolation() throws {
        try withConnection { conn in
            try schema(conn)
            try conn.execute("INSERT INTO parent (email) VALUES (?)", ["a@example.com"])
            let error = try #require(throws: SQLiteError.self) {
                try conn.execute("INSERT INTO parent (email) VALUES (?)", ["a@example.com"])
            }
            #expect(error.code == "E_SQLITE_CONSTRAINT_UNIQUE")
            #expect(error.resultCode == 19)
            #expect(error.extendedResultCode == 2067)
            #expect(error.message.contains("parent.email"))
            #expect(error.description.contains("INSERT INTO parent (email) VALUES (?)"))
            #expect(!error.description.contains("a@example.com"))
            var caught = false
            do {
                try conn.execute("INSERT INTO parent (email) VALUES (?)", ["a@example.com"])
            } catch SQLiteErrorCode.constraintUnique {
                caught = true
            }
            #expect(caught)
        }
    }

    @Test func foreignKeyViolation() throws {
        try withConnection { conn in
            try schema(conn)
            let error = try #require(throws: SQLiteError.self) {
                try conn.execute("INSERT INTO child (parent) VALUES (?)", [42])
            }
            #expect(error.code == "E_SQLITE_CONSTRAINT_FOREIGNKEY")
        }
    }

    @Test func notNullViolation() throws {
        try withConnection { conn in
            try schema(conn)
            let error = try #require(throws: SQLiteError.self) {
                try conn.execute("INSERT INTO parent (email, name) VALUES (?, ?)", ["b@example.com", nil])
            }
            #expect(error.code == "E_SQLITE_CONSTRAINT_NOTNULL")
            #expect(!error.description.contains("b@example.com"))
        }
    }

    @Test func primaryKeyViolation() throws {
        try withConnection { conn in
            try schema(conn)
            try conn.execute("INSERT INTO parent (id) VALUES (?)", [1])
            let error = try #require(throws: SQLiteError.self) {
                try conn.execute("INSERT INTO parent (id) VALUES (?)", [1])
            }
            #expect(error.code == "E_SQLITE_CONSTRAINT_PRIMARYKEY")
        }
    }

    @Test func badSQLQuotesTheStatement() throws {
        try withConnection { conn in
            let error = try #require(throws: SQLiteError.self) {
                try conn.query("SELEC name FROM nowhere WHERE x = ?", ["hidden"])
            }
            #expect(error.code == "E_SQLITE")
            #expect(error.sql == "SELEC name FROM nowhere WHERE x = ?")
            #expect(error.message.contains("syntax error"))
            #expect(error.description.contains("`SELEC name FROM nowhere WHERE x = ?`"))
            #expect(!error.description.contains("hidden"))
        }
    }

    @Test func missingTableNamesIt() throws {
        try withConnection { conn in
            let error = try #require(throws: SQLiteError.self) { try conn.query("SELECT * FROM nowhere") }
            #expect(error.message.contains("no such table: nowhere"))
        }
    }

    @Test func openingAMissingDirectoryReadOnlyFails() throws {
        let error = try #require(throws: SQLiteError.self) {
            _ = try SQLiteConnection(path: "/nonexistent-dir/x/y.sqlite", readOnly: true)
        }
        #expect(error.code == "E_SQLITE_CANTOPEN")
        #expect(error.message.contains("/nonexistent-dir/x/y.sqlite"))
    }
}
