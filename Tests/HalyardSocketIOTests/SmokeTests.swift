import Testing

@Test func HalyardSocketIOTestsBuilds() { #expect(Bool(true)) }
