import Testing

@Test func HalyardSQLiteTestsBuilds() { #expect(Bool(true)) }
