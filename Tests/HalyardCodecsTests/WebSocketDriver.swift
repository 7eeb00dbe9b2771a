@testable import HalyardCodecs

/// A masked frame as a client would send it.
func clientFrame(
    _ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, maskKey: UInt32 = 0x3C1F_A577
) -> [UInt8] {
    var bytes: [UInt8] = []
    WebSocketFrameEncoder.appendFrame(opcode: opcode, payload: payload, fin: fin, maskKey: maskKey, into: &bytes)
    return bytes
}

func clientFrame(_ opcode: WebSocketOpcode, _ text: String, fin: Bool = true) -> [UInt8] {
    clientFrame(opcode, [UInt8](text), fin: fin)
}

/// Feeds `input` cut by `split` into a state machine and collects every action (bounded).
func runMachine(
    _ input: [UInt8], split: Split, role: WebSocketRole = .server, limits: WebSocketLimits = .init()
) -> [WebSocketAction] {
    var machine = WebSocketStateMachine(role: role, limits: limits)
    return runMachine(input, split: split, machine: &machine)
}

func runMachine(_ input: [UInt8], split: Split, machine: inout WebSocketStateMachine) -> [WebSocketAction] {
    var actions: [WebSocketAction] = []
    for piece in split.pieces(input) {
        machine.feed(piece)
        for _ in 0...(input.count + 4) {
            guard let action = machine.nextAction() else { break }
            actions.append(action)
        }
    }
    return actions
}

/// Feeds `input` cut by `split` into a frame parser; returns the frames and the error, if any.
func parseFrames(
    _ input: [UInt8], split: Split, role: WebSocketRole = .server, limits: WebSocketLimits = .init()
) -> ([WebSocketFrame], WebSocketError?) {
    var parser = WebSocketFrameParser(role: role, limits: limits)
    var frames: [WebSocketFrame] = []
    for piece in split.pieces(input) {
        parser.feed(piece)
        for _ in 0...(input.count + 1) {
            do {
                guard let frame = try parser.next() else { break }
                frames.append(frame)
            } catch {
                return (frames, error)
            }
        }
    }
    return (frames, nil)
}

extension WebSocketAction {
    /// The close code inside a `.send` of a close frame from a server, if that is what this is.
    var sentCloseCode: UInt16? {
        guard case .send(let bytes) = self, bytes.count >= 4, bytes[0] == 0x88 else { return nil }
        return UInt16(bytes[2]) << 8 | UInt16(bytes[3])
    }
}
