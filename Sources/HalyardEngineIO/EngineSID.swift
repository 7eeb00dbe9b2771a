/// Unguessable Engine.IO / Socket.IO session ids.
public enum EngineSID {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A new 20-character id drawn from the system CSPRNG (120 random bits, URL-safe alphabet).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 20)
        var word: UInt64 = 0
        for index in 0..<20 {
            if index % 10 == 0 { word = generator.next() }
            bytes[index] = alphabet[Int(word & 63)]
            word >>= 6
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
