import CUV

extension TCPConnection {
    /// Queues `bytes` for sending (tries to write them at once).
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Queues the bytes of `buffer` (copied only if the kernel does not take them at once).
    public func write(_ buffer: UnsafeRawBufferPointer) {
        guard state == .open, buffer.count > 0 else { return }
        var offset = 0
        if writeRequest == nil && queue.isEmpty {
            let written = tryWrite(buffer)
            if written < 0 { return }
            if written == buffer.count { return }
            offset = written
        }
        let rest = SharedBytes(copying: UnsafeRawBufferPointer(rebasing: buffer[offset...]))
        queue.append((rest, 0))
        bufferedBytes += rest.count
        startWrite()
    }

    /// Queues a shared immutable block without copying it (encode once, write to many connections).
    public func write(_ shared: SharedBytes) {
        guard state == .open, shared.count > 0 else { return }
        var offset = 0
        if writeRequest == nil && queue.isEmpty {
            let written = shared.withUnsafeBytes { tryWrite($0) }
            if written < 0 { return }
            if written == shared.count { return }
            offset = written
        }
        queue.append((shared, offset))
        bufferedBytes += shared.count - offset
        startWrite()
    }

    /// Writes what the kernel takes now; returns the count, or -1 after closing on a hard error.
    private func tryWrite(_ buffer: UnsafeRawBufferPointer) -> Int {
        var descriptor = uv_buf_init(
            UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.assumingMemoryBound(to: CChar.self),
            UInt32(buffer.count))
        let result = uv_try_write(stream, &descriptor, 1)
        if result >= 0 { return Int(result) }
        if result == UV_EAGAIN.rawValue { return 0 }
        closeHandle(error: UVError(call: "uv_try_write", status: result))
        return -1
    }

    /// Sends the whole queue in one `uv_write` unless one is already in flight.
    func startWrite() {
        guard writeRequest == nil, !queue.isEmpty, state == .open || state == .flushingBeforeClose else { return }
        let batch = queue.prefix(512)
        var descriptors: [uv_buf_t] = []
        descriptors.reserveCapacity(batch.count)
        var total = 0
        for entry in batch {
            let base = entry.bytes.base.advanced(by: entry.offset).assumingMemoryBound(to: CChar.self)
            let length = entry.bytes.count - entry.offset
            descriptors.append(uv_buf_init(base, UInt32(length)))
            total += length
        }
        inFlight = batch.map(\.bytes)
        inFlightBytes = total
        queue.removeFirst(batch.count)
        let request = UnsafeMutablePointer<uv_write_t>.allocate(capacity: 1)
        request.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        writeRequest = request
        let result = descriptors.withUnsafeBufferPointer { buffers in
            uv_write(request, stream, buffers.baseAddress, UInt32(buffers.count), tcpWriteDone)
        }
        if result < 0 {
            writeRequest = nil
            request.deallocate()
            closeHandle(error: UVError(call: "uv_write", status: result))
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
        } else if state == .flushingBeforeClose {
            beginLinger()
        } else {
            handler?.connectionDidDrain(self)
        }
    }
}

private func tcpWriteDone(_ request: UnsafeMutablePointer<uv_write_t>?, _ status: Int32) {
    guard let data = request?.pointee.data else { return }
    Unmanaged<TCPConnection>.fromOpaque(data).takeUnretainedValue().didWrite(status: status)
}
