import Testing

@Test func HalyardCodecsTestsBuilds() { #expect(Bool(true)) }
