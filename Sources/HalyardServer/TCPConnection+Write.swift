import CUV

// Writes are deferred to the end of the loop tick: `write` appends to the queue (small byte arrays are copied
// into one growing `OutboundBuffer`, shared blocks are referenced without copying) and asks the loop to flush the
// connection before it next blocks. The flush hands the whole queue to one `uv_try_write` (writev); only what
// the kernel does not take stays queued and goes out through `uv_write`, one request at a time. So many
// responses or broadcast frames produced in one tick cost one system call per connection.

extension TCPConnection {
    /// Queues `bytes`; they are sent before the loop next waits for I/O.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Queues a copy of the bytes of `buffer`.
    public func write(_ buffer: UnsafeRawBufferPointer) {
        guard state == .open, buffer.count > 0 else { return }
        if tailOpen, let last = queue.last, case .buffer(let tail) = last.storage {
            tail.append(buffer)
        } else {
            let tail = OutboundBuffer(capacity: Swift.max(buffer.count, 256))
            tail.append(buffer)
            queue.append(QueuedChunk(storage: .buffer(tail)))
            tailOpen = true
        }
        bufferedBytes += buffer.count
        scheduleFlush()
    }

    /// Queues a shared immutable block without copying it (encode once, write to many connections).
    public func write(_ shared: SharedBytes) {
        guard state == .open, shared.count > 0 else { return }
        queue.append(QueuedChunk(storage: .shared(shared)))
        tailOpen = false
        bufferedBytes += shared.count
        scheduleFlush()
    }

    private func scheduleFlush() {
        guard !flushScheduled, writeRequest == nil else { return }
        flushScheduled = true
        eventLoop.scheduleFlush(self)
    }

    /// Called by the loop at the end of the tick: one `uv_try_write` of the queue, `uv_write` for the rest.
    func flushNow() {
        flushScheduled = false
        guard state == .open || state == .flushingBeforeClose, writeRequest == nil, !queue.isEmpty else { return }
        tailOpen = false
        let count = Swift.min(queue.count, 512)
        var written = withUnsafeTemporaryAllocation(of: uv_buf_t.self, capacity: count) { descriptors in
            for index in 0..<count { descriptors.initializeElement(at: index, to: queue[index].descriptor) }
            return Int(uv_try_write(stream, descriptors.baseAddress, UInt32(count)))
        }
        if written == Int(UV_EAGAIN.rawValue) { written = 0 }
        if written < 0 {
            closeHandle(error: UVError(call: "uv_try_write", status: Int32(written)))
            return
        }
        consume(written)
        if queue.isEmpty {
            queueEmptied()
        } else {
            startWrite()
        }
    }

    /// Drops `count` written bytes from the front of the queue.
    private func consume(_ count: Int) {
        bufferedBytes -= count
        var left = count
        var drop = 0
        while left > 0, drop < queue.count {
            let remaining = queue[drop].remaining
            if left >= remaining {
                left -= remaining
                drop += 1
            } else {
                queue[drop].offset += left
                left = 0
            }
        }
        if drop > 0 { queue.removeFirst(drop) }
    }

    /// Sends the front of the queue with one `uv_write`; the chunks stay alive in `inFlight` until it completes.
    func startWrite() {
        guard writeRequest == nil, !queue.isEmpty, state == .open || state == .flushingBeforeClose else { return }
        tailOpen = false
        let count = Swift.min(queue.count, 512)
        var total = 0
        for index in 0..<count { total += queue[index].remaining }
        let request = UnsafeMutablePointer<uv_write_t>.allocate(capacity: 1)
        request.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        writeRequest = request
        // libuv copies the descriptors; the bytes stay alive in `inFlight` until the callback.
        let result = withUnsafeTemporaryAllocation(of: uv_buf_t.self, capacity: count) { descriptors in
            for index in 0..<count { descriptors.initializeElement(at: index, to: queue[index].descriptor) }
            return uv_write(request, stream, descriptors.baseAddress, UInt32(count), tcpWriteDone)
        }
        inFlight = Array(queue[0..<count])
        inFlightBytes = total
        queue.removeFirst(count)
        if result < 0 {
            writeRequest = nil
            request.deallocate()
            closeHandle(error: UVError(call: "uv_write", status: result))
        }
    }

    private func queueEmptied() {
        if state == .flushingBeforeClose {
            beginLinger()
        } else if reportsDrain {
            handler?.connectionDidDrain(self)
        }
    }

    fileprivate func didWrite(status: Int32) {
        if let request = writeRequest {
            writeRequest = nil
            request.deallocate()
        }
        inFlight.removeAll(keepingCapacity: true)
        bufferedBytes -= inFlightBytes
        inFlightBytes = 0
        if state == .closed {
            releaseIfDone()
            return
        }
        if status < 0 {
            closeHandle(error: UVError(call: "uv_write", status: status))
            return
        }
        if !queue.isEmpty {
            startWrite()
        } else {
            queueEmptied()
        }
    }
}

private func tcpWriteDone(_ request: UnsafeMutablePointer<uv_write_t>?, _ status: Int32) {
    guard let data = request?.pointee.data else { return }
    Unmanaged<TCPConnection>.fromOpaque(data).takeUnretainedValue().didWrite(status: status)
}
