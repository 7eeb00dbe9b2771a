import Testing

@Test func HalyardModelTestsBuilds() { #expect(Bool(true)) }
