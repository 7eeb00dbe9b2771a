import CUV
import Foundation

/// A growable byte block that small writes of one loop tick are appended to, then written in one go.
///
/// Owned by its connection's event-loop thread; frozen (no more appends) once handed to the kernel.
final class OutboundBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 64)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity {
            var newCapacity = capacity * 2
            while newCapacity < count + bytes.count { newCapacity *= 2 }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
            base = grown
            capacity = newCapacity
        }
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }
}

@available(*, unavailable) extension OutboundBuffer: Sendable {}

/// One entry of a connection's write queue: bytes kept alive by their owner, and how much was written already.
struct QueuedChunk {
    enum Storage {
        case shared(SharedBytes)
        case buffer(OutboundBuffer)
    }

    let storage: Storage
    var offset = 0

    var base: UnsafeRawPointer {
        switch storage {
        case .shared(let bytes): UnsafeRawPointer(bytes.base) + offset
        case .buffer(let buffer): UnsafeRawPointer(buffer.base) + offset
        }
    }

    var remaining: Int {
        switch storage {
        case .shared(let bytes): bytes.count - offset
        case .buffer(let buffer): buffer.count - offset
        }
    }

    var descriptor: uv_buf_t {
        uv_buf_init(UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self), UInt32(remaining))
    }
}
