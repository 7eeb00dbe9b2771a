import Testing

@Test func HalyardServerTestsBuilds() { #expect(Bool(true)) }
