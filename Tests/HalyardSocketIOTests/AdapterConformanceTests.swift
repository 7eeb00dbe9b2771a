import HalyardSocketIO
import Testing

@Suite struct AdapterConformanceTests {
    @Test func inMemoryAdapterSingleNode() async throws {
        try await AdapterConformance.run(nodes: 1) { _ in InMemoryAdapter() }
    }

    @Test func inMemoryAdapterThreeNodesInOneProcess() async throws {
        let cluster = InMemoryCluster()
        try await AdapterConformance.run(nodes: 3) { _ in InMemoryAdapter(cluster: cluster) }
    }

    @Test func unconnectedNodesFailTheSuite() async throws {
        // Nodes that do not share anything are not a cluster: the suite must notice.
        await #expect(throws: AdapterConformance.Failure.self) {
            try await AdapterConformance.run(nodes: 2) { _ in InMemoryAdapter() }
        }
    }
}
